package io.hookline.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Verdict;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParseException;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.ModelArtifact;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.FaultyLink;
import io.hookline.embedded.kafka.EmbeddedKafkaBroker;
import io.hookline.embedded.kafka.EmbeddedKafkaSettings;
import io.hookline.embedded.registry.EmbeddedSchemaRegistry;
import io.hookline.schemas.registry.CompatibilityLevel;
import io.hookline.schemas.registry.RestSchemaRegistryClient;
import io.hookline.schemas.registry.RestSchemaRegistryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector through a broker outage and a broker restart, with no step by hand: the link to the
 * broker freezes for two minutes while mail keeps arriving (longer than every request and
 * transaction timeout, and than the group's session), then resumes; later the broker restarts on
 * the same address. Readiness says the truth meanwhile, and every message ends with exactly one
 * committed verdict.
 */
class DetectorOutageTest {
  private static final Duration FREEZE = Duration.ofMinutes(2);
  /** Messages the gateway sends at 25 a second: before, into and through the freeze. */
  private static final int STREAMED = 600;

  @Test
  void survivesATwoMinuteFreezeAndARestartOfTheBrokerWithEveryMessageAnsweredOnce(@TempDir Path dir) throws Exception {
    try (FaultyLink link = FaultyLink.open()) {
      EmbeddedKafkaSettings settings = behind(link, dir.resolve("kafka"));
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
      String bootstrap = "127.0.0.1:" + link.port();
      EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(bootstrap);
      try {
        TopicNames names = TopicNames.DEFAULTS;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
          TopicProvisioner.ensure(admin, names, 2, (short) 1);
        }
        KafkaConnection kafka = KafkaConnection.of(bootstrap, registry.url());
        HooklineTopics topics = HooklineTopics.of(names, new RestSchemaRegistryClient(RestSchemaRegistryConfig.of(registry.url())));
        List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
        MailParser parser = new MailParser();
        ModelArtifact.Stored v1 = ModelArtifact.save(DetectorFixtures.train(corpus, parser, "v1", 1, 40), dir.resolve("models"));
        DetectorFixtures.promote(kafka, topics, "v1", v1);

        Map<String, String> config = new HashMap<>(names.settings());
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("schema.registry.url", registry.url());
        config.put("detector.http.port", "0");
        config.put("detector.batch.max-size", "20");
        Set<String> published = ConcurrentHashMap.newKeySet();
        try (DetectorService detector = DetectorService.start(DetectorConfig.from(ConfigSource.of(config)), new FileModelStore());
            KafkaProducer<String, EmailMessage> gateway = patientProducer(kafka, topics)) {
          await().atMost(Duration.ofSeconds(60)).until(detector::ready);
          // the gateway sends at a steady pace; mid-stream the broker goes silent for two minutes
          List<Future<RecordMetadata>> sends = new CopyOnWriteArrayList<>();
          Thread pacedGateway = new Thread(() -> {
            for (int i = 0; i < STREAMED; i++) {
              publish(gateway, topics, corpus, parser, "stream-", i, 1, published, sends);
              sleepQuietly(40);
            }
          }, "paced-gateway");
          pacedGateway.start();
          await().atMost(Duration.ofSeconds(60)).until(() -> verdictCount(bootstrap, topics) >= 20);
          link.delay(Duration.ofMillis(100)); // a slow link keeps the detector inside its transactions most of the time
          Thread.sleep(2_000);
          link.freeze(); // so the freeze almost surely lands in the middle of one
          link.delay(Duration.ZERO);
          long frozenAt = System.nanoTime();
          await().atMost(Duration.ofSeconds(60)).until(() -> !detector.ready());
          assertThat(detector.healthy()).as("the process is alive and will recover: healthy, not ready").isTrue();
          pacedGateway.join();
          Thread.sleep(Math.max(0, FREEZE.toMillis() - Duration.ofNanos(System.nanoTime() - frozenAt).toMillis()));
          link.resume();
          for (Future<RecordMetadata> send : sends) {
            send.get();
          }
          assertThat(published).hasSize(STREAMED);
          await().atMost(Duration.ofMinutes(3)).until(() -> verdictCount(bootstrap, topics) >= STREAMED && detector.ready());

          // the broker restarts on the same address
          link.cut();
          broker.close();
          broker = EmbeddedKafkaBroker.start(settings);
          sends.clear();
          publish(gateway, topics, corpus, parser, "after-restart-", STREAMED, 100, published, sends);
          for (Future<RecordMetadata> send : sends) {
            send.get();
          }
          await().atMost(Duration.ofMinutes(3)).until(() -> verdictCount(bootstrap, topics) >= STREAMED + 100 && detector.ready());
          assertThat(detector.healthy()).isTrue();
        }

        // a detector that starts while the schema registry is down waits for it: nothing is dead-lettered, nothing lost
        int registryPort = URI.create(registry.url()).getPort();
        registry.close();
        List<Future<RecordMetadata>> sends = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, EmailMessage> gateway = patientProducer(kafka, topics)) {
          // the gateway's serializer registered its schema before the outage and still knows its id
          publish(gateway, topics, corpus, parser, "registry-down-", STREAMED + 100, 20, published, sends);
          for (Future<RecordMetadata> send : sends) {
            send.get();
          }
        }
        try (DetectorService detector = DetectorService.start(DetectorConfig.from(ConfigSource.of(config)), new FileModelStore())) {
          Thread.sleep(10_000);
          assertThat(detector.ready()).as("cannot decode without the registry: not ready").isFalse();
          assertThat(detector.healthy()).isTrue();
          registry = EmbeddedSchemaRegistry.start(bootstrap, EmbeddedSchemaRegistry.DEFAULT_TOPIC, registryPort, CompatibilityLevel.BACKWARD);
          await().atMost(Duration.ofMinutes(2)).until(() -> verdictCount(bootstrap, topics) >= STREAMED + 120);
        }
        assertThat(CommittedRecords.read(bootstrap, names.deadLetters(), topics.deadLetters().valueSerde().deserializer())).isEmpty();
        Map<String, Integer> verdicts = verdictsById(bootstrap, topics);
        assertThat(verdicts.keySet()).isEqualTo(published);
        assertThat(verdicts.values()).as("exactly one verdict per message").allMatch(count -> count == 1);
      } finally {
        registry.close();
        broker.close();
      }
    }
  }

  /** A broker whose clients reach it only through {@code link}, on ports that stay the same across restarts. */
  private static EmbeddedKafkaSettings behind(FaultyLink link, Path data) throws IOException {
    int brokerPort = freePort();
    int controllerPort = freePort();
    link.target(brokerPort);
    return EmbeddedKafkaSettings.persistentAt(data)
        .with("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort)
        .with("controller.quorum.voters", "1@127.0.0.1:" + controllerPort)
        .with("advertised.listeners", "PLAINTEXT://127.0.0.1:" + link.port());
  }

  /** The gateway's producer: it holds mail through an outage of minutes instead of failing it. */
  private static KafkaProducer<String, EmailMessage> patientProducer(KafkaConnection kafka, HooklineTopics topics) {
    Map<String, Object> props = new HashMap<>(kafka.producerProperties(Duration.ofMinutes(10)));
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
    return new KafkaProducer<>(props, topics.inbound().keySerde().serializer(), topics.inbound().valueSerde().serializer());
  }

  private static void publish(KafkaProducer<String, EmailMessage> producer, HooklineTopics topics, List<CorpusExample> corpus, MailParser parser,
      String prefix, int from, int count, Set<String> published, List<Future<RecordMetadata>> sends) {
    for (int i = from; i < from + count; i++) {
      CorpusExample e = corpus.get(i * 31 % corpus.size());
      String id = prefix + i;
      try {
        sends.add(producer.send(new ProducerRecord<>(topics.inbound().name(), id, parser.parse(e.raw(), InboundContext.of(id, Instant.now())))));
      } catch (MailParseException unexpected) {
        throw new AssertionError(unexpected);
      }
      published.add(id);
    }
  }

  private static int verdictCount(String bootstrap, HooklineTopics topics) {
    return verdictsById(bootstrap, topics).values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Committed verdicts per message id. */
  private static Map<String, Integer> verdictsById(String bootstrap, HooklineTopics topics) {
    Map<String, Integer> counts = new HashMap<>();
    for (Verdict verdict : CommittedRecords.read(bootstrap, topics.verdicts().name(), topics.verdicts().valueSerde().deserializer())) {
      counts.merge(verdict.getMessageId(), 1, Integer::sum);
    }
    return counts;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
