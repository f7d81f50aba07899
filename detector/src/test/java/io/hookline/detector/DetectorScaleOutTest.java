package io.hookline.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Verdict;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two detectors in one consumer group, both with the default settings, split the partitions and
 * together answer each message once: each has its own transactional id, so neither fences the other.
 */
@ExtendWith(EmbeddedStackExtension.class)
class DetectorScaleOutTest {
  private static final int MESSAGES = 300;

  @Test
  void twoInstancesShareTheWorkAndAnswerEachMessageOnce(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    TopicNames names = TopicNames.DEFAULTS.prefixed("scale");
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, 4, (short) 1);
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(names, stack.registryClient());
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    MailParser parser = new MailParser();
    ModelArtifact.Stored stored = ModelArtifact.save(DetectorFixtures.train(corpus, parser, "v1", 1, 25), dir);
    DetectorFixtures.promote(kafka, topics, "v1", stored);

    // one instance keeps the model in the JVM, the other runs it on DJL's engine: their verdicts must agree
    Map<String, String> settings = new java.util.HashMap<>(names.settings());
    settings.put("kafka.bootstrap.servers", stack.bootstrapServers());
    settings.put("schema.registry.url", stack.schemaRegistryUrl());
    settings.put("detector.group-id", "scale-group");
    settings.put("detector.http.port", "0");
    settings.put("detector.batch.max-size", "8");
    settings.put("detector.inference-log.sample-rate", "0");
    settings.put("detector.reasons", "3");
    settings.put("detector.device", "jvm");
    DetectorConfig first = DetectorConfig.from(ConfigSource.of(settings));
    settings.put("detector.device", "cpu");
    DetectorConfig second = DetectorConfig.from(ConfigSource.of(settings));
    assertThat(first.transactionalId()).as("default transactional ids").isNotEqualTo(second.transactionalId());
    try (DetectorService a = DetectorService.start(first, new FileModelStore());
        DetectorService b = DetectorService.start(second, new FileModelStore())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!(a.ready() && b.ready()) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(a.ready() && b.ready()).as("both instances own partitions").isTrue();
      try (KafkaProducer<String, EmailMessage> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
          topics.inbound().keySerde().serializer(), topics.inbound().valueSerde().serializer())) {
        for (int i = 0; i < MESSAGES; i++) {
          String id = "scale-" + i;
          producer.send(new ProducerRecord<>(names.inbound(), id, parser.parse(corpus.get(i * 17 % corpus.size()).raw(), InboundContext.of(id, Instant.now()))));
        }
      }
      List<Verdict> verdicts = List.of();
      Map<String, EmailMessage> sent = new java.util.HashMap<>();
      for (int i = 0; i < MESSAGES; i++) {
        String id = "scale-" + i;
        sent.put(id, parser.parse(corpus.get(i * 17 % corpus.size()).raw(), InboundContext.of(id, Instant.now())));
      }
      while (System.nanoTime() < deadline + Duration.ofSeconds(60).toNanos()) {
        verdicts = CommittedRecords.read(stack, topics.verdicts().name(), topics.verdicts().valueSerde().deserializer());
        if (verdicts.size() >= MESSAGES) {
          break;
        }
      }
      Map<String, Long> perMessage = verdicts.stream().collect(Collectors.groupingBy(Verdict::getMessageId, Collectors.counting()));
      assertThat(perMessage).hasSize(MESSAGES);
      assertThat(perMessage.values()).allMatch(n -> n == 1);
      assertThat(verdictsCounted(a)).isPositive();
      assertThat(verdictsCounted(b)).isPositive();
      assertThat(verdictsCounted(a) + verdictsCounted(b)).isEqualTo(MESSAGES);
      assertThat(body(b, "/metrics")).contains("hookline_inference_device{device=\"cpu()\"} 1.0");
      FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
      PhishingModel model = a.model();
      assertThat(verdicts).allSatisfy(v -> assertThat(v.getScore())
          .isCloseTo(model.predict(List.of(extractor.extract(sent.get(v.getMessageId())))).get(0).probability(), org.assertj.core.data.Offset.offset(1e-4)));
    }
  }

  private static String body(DetectorService detector, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + detector.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double verdictsCounted(DetectorService detector) throws Exception {
    String metrics = body(detector, "/metrics");
    double total = 0;
    Matcher m = Pattern.compile("hookline_verdicts_total\\{label=\"\\w+\"} ([0-9.]+)").matcher(metrics);
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return total;
  }
}
