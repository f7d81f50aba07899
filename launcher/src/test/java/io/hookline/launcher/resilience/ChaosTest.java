package io.hookline.launcher.resilience;

import io.hookline.launcher.ModelFixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.avro.DeadLetter;
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
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.detector.DetectorConfig;
import io.hookline.detector.DetectorMain;
import io.hookline.detector.DetectorService;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.FaultyLink;
import io.hookline.embedded.junit.HostileRecords;
import io.hookline.embedded.junit.ServiceJvm;
import io.hookline.embedded.kafka.EmbeddedKafkaBroker;
import io.hookline.embedded.kafka.EmbeddedKafkaSettings;
import io.hookline.embedded.registry.EmbeddedSchemaRegistry;
import io.hookline.monitor.MonitorConfig;
import io.hookline.monitor.MonitorService;
import io.hookline.schemas.registry.CompatibilityLevel;
import io.hookline.schemas.registry.RestSchemaRegistryClient;
import io.hookline.schemas.registry.RestSchemaRegistryConfig;
import io.hookline.trainer.service.TrainerConfig;
import io.hookline.trainer.service.TrainerService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop through a bad day, with no step by hand: two detectors (one in a JVM of its own), the
 * monitor and the trainer run while mail and hostile records arrive; one detector is killed
 * (SIGKILL, transaction left open); the link to the broker is slowed and then frozen for two
 * minutes mid-transaction (longer than every request, transaction and session timeout); it
 * resumes; the broker restarts on the same address; a detector starts while the schema registry
 * is down, and the registry comes back. Readiness says the truth meanwhile; every message ends
 * with exactly one verdict, every hostile record with exactly one dead letter; the monitor and the
 * trainer are ready again by themselves.
 */
class ChaosTest {
  private static final Duration FREEZE = Duration.ofMinutes(2);
  /** Messages the gateway sends at 25 a second: before, into and through the kill and the freeze. */
  private static final int STREAMED = 600;

  @Test
  void theLoopSurvivesAKillAFreezeABrokerRestartAndARegistryOutageWithEveryRecordAnsweredOnce(@TempDir Path dir) throws Exception {
    try (FaultyLink link = FaultyLink.open()) {
      EmbeddedKafkaSettings settings = behind(link, dir.resolve("kafka"));
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
      String bootstrap = "127.0.0.1:" + link.port();
      EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(bootstrap);
      Process other = null;
      try {
        TopicNames names = TopicNames.DEFAULTS;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
          TopicProvisioner.ensure(admin, names, 4, (short) 1);
        }
        KafkaConnection kafka = KafkaConnection.of(bootstrap, registry.url());
        HooklineTopics topics = HooklineTopics.of(names, new RestSchemaRegistryClient(RestSchemaRegistryConfig.of(registry.url())));
        List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
        MailParser parser = new MailParser();
        Path store = dir.resolve("models");
        ModelFixtures.promote(kafka, topics, "v1", ModelFixtures.train(corpus, parser, "v1", 1, store));

        Map<String, String> config = new HashMap<>(names.settings());
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("schema.registry.url", registry.url());
        config.put("detector.http.port", "0");
        config.put("detector.batch.max-size", "20");
        config.put("monitor.state-dir", dir.resolve("monitor-state").toString());
        config.put("monitor.http.port", "0");
        config.put("trainer.store", store.toString());
        config.put("trainer.http.port", "0");
        Set<String> published = ConcurrentHashMap.newKeySet();
        List<String> hostile = new ArrayList<>(); // SHA-256 of each hostile record put on mail.inbound
        try (DetectorService detector = DetectorService.start(DetectorConfig.from(ConfigSource.of(config)), new FileModelStore());
            MonitorService monitor = MonitorService.start(MonitorConfig.from(ConfigSource.of(config)), new FileModelStore());
            TrainerService trainer = TrainerService.start(TrainerConfig.from(ConfigSource.of(config)), new FileModelStore());
            KafkaProducer<String, EmailMessage> gateway = patientProducer(kafka, topics)) {
          other = ServiceJvm.start(DetectorMain.class, "512m", arguments(config), dir.resolve("other-detector.log"));

          Path otherLog = dir.resolve("other-detector.log");
          await().atMost(Duration.ofSeconds(90)).until(() -> detector.ready() && monitor.ready() && trainer.ready() && httpPort(otherLog) > 0);
          int otherPort = httpPort(otherLog);
          await("the other detector owns partitions").atMost(Duration.ofSeconds(60)).until(() -> status(otherPort, "/readyz") == 200);

          // the gateway sends at a steady pace, with hostile records among the mail
          List<Future<RecordMetadata>> sends = new CopyOnWriteArrayList<>();
          Thread pacedGateway = new Thread(() -> {
            for (int i = 0; i < STREAMED; i++) {
              publish(gateway, topics, corpus, parser, "stream-", i, 1, published, sends);
              sleepQuietly(40);
            }
          }, "paced-gateway");
          pacedGateway.start();
          byte[] sample = topics.inbound().valueSerde().serializer().serialize(names.inbound(),
              parser.parse(corpus.get(3).raw(), InboundContext.of("sample", Instant.now())));
          try (KafkaProducer<String, byte[]> raw = rawProducer(kafka)) {
            for (var record : HostileRecords.named(sample, "{}".getBytes(), 7).entrySet()) {
              if (!record.getKey().equals("other-contract")) {
                raw.send(new ProducerRecord<>(names.inbound(), record.getKey(), record.getValue())).get();
                hostile.add(sha256(record.getValue()));
              }
            }
          }
          await().atMost(Duration.ofSeconds(60)).until(() -> verdictCount(bootstrap, topics) >= 40);

          other.destroyForcibly().waitFor(); // SIGKILL: its open transaction and its partitions are left behind
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
          await().atMost(Duration.ofMinutes(2)).until(() -> monitor.ready() && trainer.ready());
          assertThat(detector.healthy() && monitor.healthy() && trainer.healthy()).isTrue();
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

        Map<String, Integer> verdicts = verdictsById(bootstrap, topics);
        assertThat(verdicts.keySet()).isEqualTo(published);
        assertThat(verdicts.values()).as("exactly one verdict per message").allMatch(count -> count == 1);
        List<String> deadLetters = CommittedRecords.read(bootstrap, names.deadLetters(), topics.deadLetters().valueSerde().deserializer()).stream()
            .filter(l -> l.getSourceTopic().equals(names.inbound())).map(DeadLetter::getValueSha256).toList();
        assertThat(deadLetters).as("exactly one dead letter per hostile record").containsExactlyInAnyOrderElementsOf(hostile);
      } finally {
        if (other != null) {
          other.destroyForcibly();
        }
        registry.close();
        broker.close();
      }
    }
  }

  /** The HTTP port a detector process announced in its log, or 0 before it has. */
  private static int httpPort(Path log) throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    Matcher started = Pattern.compile("detector started; metrics and health on port (\\d+)").matcher(Files.readString(log));
    return started.find() ? Integer.parseInt(started.group(1)) : 0;
  }

  private static int status(int port, String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The same settings as {@code key=value} arguments for a service's main. */
  private static List<String> arguments(Map<String, String> config) {
    return config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
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

  private static KafkaProducer<String, byte[]> rawProducer(KafkaConnection kafka) {
    Map<String, Object> props = new HashMap<>(kafka.producerProperties(Duration.ofSeconds(30)));
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * HostileRecords.HUGE_BYTES);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
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

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
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
