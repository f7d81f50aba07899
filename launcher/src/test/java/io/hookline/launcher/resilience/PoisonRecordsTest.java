package io.hookline.launcher.resilience;

import io.hookline.launcher.ModelFixtures;
import io.hookline.core.features.FeatureSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.avro.DeadLetter;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.FeedbackSource;
import io.hookline.avro.Label;
import io.hookline.avro.LabelFeedback;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.Verdict;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.DeadLetters;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.detector.DetectorConfig;
import io.hookline.detector.DetectorService;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.embedded.junit.HostileRecords;
import io.hookline.monitor.MonitorConfig;
import io.hookline.monitor.MonitorService;
import io.hookline.trainer.api.RetrainRequests;
import io.hookline.trainer.service.TrainerConfig;
import io.hookline.trainer.service.TrainerService;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector, the monitor and the trainer on one broker, fed hostile records on every topic
 * they read: a record as large as the broker allows, bytes that are not Confluent-framed Avro, a
 * valid record of another contract. Each becomes a dead letter from the service that read it, and
 * every service keeps doing its work: later mail gets verdicts, a later promotion is served, a
 * later retrain request is answered, later labels are learned.
 */
@ExtendWith(EmbeddedStackExtension.class)
class PoisonRecordsTest {

  @Test
  void aHostileRecordOnAnyTopicIsDeadLetteredAndEveryServiceCarriesOn(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    TopicNames names = TopicNames.DEFAULTS.prefixed("poison");
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, 2, (short) 1);
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(names, stack.registryClient());
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    MailParser parser = new MailParser();
    Path store = dir.resolve("models");
    ModelFixtures.promote(kafka, topics, "v1", ModelFixtures.train(corpus, parser, "v1", 1, store));

    Map<String, String> settings = new HashMap<>(names.settings());
    settings.put("kafka.bootstrap.servers", stack.bootstrapServers());
    settings.put("schema.registry.url", stack.schemaRegistryUrl());
    settings.put("detector.group-id", "poison-detector");
    settings.put("detector.http.port", "0");
    settings.put("monitor.application-id", "poison-monitor");
    settings.put("monitor.state-dir", dir.resolve("monitor-state").toString());
    settings.put("monitor.http.port", "0");
    settings.put("trainer.group-id", "poison-trainer");
    settings.put("trainer.store", store.toString());
    settings.put("trainer.per-domain-cap", "40");
    settings.put("trainer.evaluate.leave-one-domain-out", "false");
    settings.put("trainer.http.port", "0");
    ConfigSource config = ConfigSource.of(settings);

    try (DetectorService detector = DetectorService.start(DetectorConfig.from(config), new FileModelStore());
        MonitorService monitor = MonitorService.start(MonitorConfig.from(config), new FileModelStore());
        TrainerService trainer = TrainerService.start(TrainerConfig.from(config), new FileModelStore())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> detector.ready() && monitor.ready() && trainer.ready());

      // every hostile case on every topic the services read, then seeded mutations of a valid record
      List<String> warmup = publishMail(kafka, topics, corpus, parser, "warmup-", 2);
      await().atMost(Duration.ofSeconds(30)).until(() -> verdictIds(stack, topics).containsAll(warmup));
      byte[] feedbackBytes = topics.feedback().valueSerde().serializer().serialize(names.feedback(), feedback("nobody", Label.PHISHING));
      byte[] requestBytes = topics.trainerCommands().valueSerde().serializer().serialize(names.trainerCommands(),
          RetrainRequests.operator("other-model", "sample", "test", "sample-request", Instant.now()));
      Map<String, byte[]> valid = new LinkedHashMap<>();
      valid.put(names.inbound(), topics.inbound().valueSerde().serializer().serialize(names.inbound(),
          parser.parse(corpus.get(0).raw(), InboundContext.of("sample-mail", Instant.now()))));
      valid.put(names.modelEvents(), topics.modelEvents().valueSerde().serializer().serialize(names.modelEvents(), ModelEvent.newBuilder()
          .setModel(new ModelRef("other-model", "x")).setKind(ModelEventKind.PUBLISHED).setOccurredAt(Instant.now()).setFamily(AdditiveFamily.NAME)
          .setFeatureSpecVersion(FeatureSpec.CURRENT.version()).setLocation("file:///nowhere/").setSha256("0".repeat(64)).build()));
      valid.put(names.trainerCommands(), requestBytes);
      valid.put(names.feedback(), feedbackBytes);
      valid.put(names.inferenceLog(), firstValue(kafka, names.inferenceLog()));
      Map<String, List<String>> readers = Map.of(
          names.inbound(), List.of("detector"),
          names.modelEvents(), List.of("detector", "drift-monitor", "trainer"),
          names.trainerCommands(), List.of("trainer"),
          names.feedback(), List.of("trainer", "drift-monitor"),
          names.inferenceLog(), List.of("drift-monitor"));
      List<String> expected = new ArrayList<>(); // service, topic and SHA-256 of each dead letter the named cases must produce
      try (KafkaProducer<String, byte[]> raw = rawProducer(kafka)) {
        for (var topic : valid.entrySet()) {
          byte[] other = topic.getKey().equals(names.feedback()) ? requestBytes : feedbackBytes;
          for (var hostile : HostileRecords.named(topic.getValue(), other, 11).entrySet()) {
            raw.send(new ProducerRecord<>(topic.getKey(), hostile.getKey(), hostile.getValue())).get();
            for (String service : readers.get(topic.getKey())) {
              expected.add(service + " " + topic.getKey() + " " + sha256(hostile.getValue()));
            }
          }
          raw.send(new ProducerRecord<>(topic.getKey(), "tombstone", null)).get();
          for (byte[] mutated : HostileRecords.mutations(topic.getValue(), 40, 12)) {
            raw.send(new ProducerRecord<>(topic.getKey(), "mutated", mutated));
          }
        }
      }

      // the detector: the next message gets its verdict within seconds
      List<String> ids = publishMail(kafka, topics, corpus, parser, "after-poison-", 6);
      await().atMost(Duration.ofSeconds(30)).until(() -> verdictIds(stack, topics).containsAll(ids));

      // the detector and the monitor: a later promotion is served
      ModelFixtures.promote(kafka, topics, "v2", ModelFixtures.train(corpus, parser, "v2", 2, store));
      await().atMost(Duration.ofSeconds(30)).until(() -> "v2".equals(detector.model().metadata().version()));

      // the trainer: a later request is answered, later labels are learned
      RetrainRequest request = RetrainRequests.operator("phish", "after poison", "test", "poison-request", Instant.now());
      try (KafkaProducer<String, RetrainRequest> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
          topics.trainerCommands().keySerde().serializer(), topics.trainerCommands().valueSerde().serializer())) {
        producer.send(new ProducerRecord<>(names.trainerCommands(), request.getRequestId(), request)).get();
      }
      try (KafkaProducer<String, LabelFeedback> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
          topics.feedback().keySerde().serializer(), topics.feedback().valueSerde().serializer())) {
        for (String id : ids) {
          producer.send(new ProducerRecord<>(names.feedback(), id, feedback(id, Label.LEGITIMATE))).get();
        }
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> trainer.labelledFeedback() == ids.size());
      await().atMost(Duration.ofMinutes(3)).until(() -> CommittedRecords.read(stack, names.modelEvents(), topics.modelEvents().valueSerde().deserializer())
          .stream().anyMatch(e -> e != null && request.getRequestId().equals(e.getRequestId()) && e.getKind() != ModelEventKind.PUBLISHED));

      List<DeadLetter> letters = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        letters.clear();
        letters.addAll(CommittedRecords.read(stack, names.deadLetters(), topics.deadLetters().valueSerde().deserializer()));
        assertThat(letters.stream().map(l -> l.getService() + " " + l.getSourceTopic() + " " + l.getValueSha256()).toList())
            .containsAll(expected);
      });
      // one dead letter per service and record: retried batches wrote none twice
      Map<String, Long> perRecord = letters.stream().collect(Collectors.groupingBy(
          l -> l.getService() + " " + l.getSourceTopic() + " " + l.getSourcePartition() + "@" + l.getSourceOffset(), Collectors.counting()));
      assertThat(perRecord.values()).allMatch(n -> n == 1);
      DeadLetter hugeLetter = letters.stream().filter(l -> l.getValueLength() == HostileRecords.HUGE_BYTES).findFirst().orElseThrow();
      assertThat(hugeLetter.getValue().remaining()).isEqualTo(DeadLetters.MAX_VALUE_BYTES);
      assertThat(letters).allSatisfy(l -> assertThat(l.getReason()).isNotBlank().hasSizeLessThanOrEqualTo(DeadLetters.MAX_REASON_CHARS + 40));

      // health tells the truth: every service is up and ready, even while a client holds a half-sent request,
      // and the detector's counters show what its topic committed
      for (int port : List.of(detector.httpPort(), monitor.httpPort(), trainer.httpPort())) {
        try (Socket slowLoris = new Socket(InetAddress.getLoopbackAddress(), port)) {
          slowLoris.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
          assertThat(status(port, "/healthz")).isEqualTo(200);
          assertThat(status(port, "/readyz")).isEqualTo(200);
        }
      }
      assertThat(detector.ready() && monitor.ready() && trainer.ready()).isTrue();
      String metrics = body(detector.httpPort(), "/metrics");
      double counted = metrics.lines().filter(l -> l.startsWith("hookline_verdicts_total{"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
      assertThat(counted).isEqualTo(verdictIds(stack, topics).size());
    }
  }

  private static byte[] firstValue(KafkaConnection kafka, String topic) {
    Map<String, Object> props = new HashMap<>(kafka.readerProperties());
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          return record.value();
        }
      }
    }
    throw new AssertionError("nothing on " + topic);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static List<String> publishMail(KafkaConnection kafka, HooklineTopics topics, List<CorpusExample> corpus, MailParser parser,
      String prefix, int count) throws Exception {
    List<String> ids = new ArrayList<>();
    try (KafkaProducer<String, EmailMessage> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
        topics.inbound().keySerde().serializer(), topics.inbound().valueSerde().serializer())) {
      for (int i = 0; i < count; i++) {
        CorpusExample e = corpus.get(i * 997 % corpus.size());
        String id = prefix + i;
        producer.send(new ProducerRecord<>(topics.inbound().name(), id, parser.parse(e.raw(), InboundContext.of(id, Instant.now())))).get();
        ids.add(id);
      }
    }
    return ids;
  }

  private static List<String> verdictIds(EmbeddedStack stack, HooklineTopics topics) {
    return CommittedRecords.read(stack, topics.verdicts().name(), topics.verdicts().valueSerde().deserializer()).stream()
        .map(Verdict::getMessageId).toList();
  }

  private static LabelFeedback feedback(String messageId, Label label) {
    return LabelFeedback.newBuilder().setMessageId(messageId).setTenant("default").setLabel(label).setSource(FeedbackSource.ANALYST)
        .setReportedAt(Instant.now()).build();
  }

  private static KafkaProducer<String, byte[]> rawProducer(KafkaConnection kafka) {
    Map<String, Object> props = new HashMap<>(kafka.producerProperties(Duration.ofSeconds(10)));
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * HostileRecords.HUGE_BYTES);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private static int status(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String body(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
