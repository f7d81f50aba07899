package io.hookline.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.avro.DeadLetter;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.FailureKind;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Label;
import io.hookline.avro.ModelRef;
import io.hookline.avro.Verdict;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.TokenSample;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.InferenceDevice;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The detector in this JVM against the embedded broker, with a real model trained on corpus mail. */
@ExtendWith(EmbeddedStackExtension.class)
class DetectorServiceTest {

  @Test
  void answersEveryMessageOnceDeadLettersBadBytesAndSwapsModelsSafely(EmbeddedStack stack, @TempDir Path store) throws Exception {
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, TopicNames.DEFAULTS, 3, (short) 1);
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(TopicNames.DEFAULTS, stack.registryClient());
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    MailParser parser = new MailParser();
    ModelArtifact.Stored v1 = ModelArtifact.save(DetectorFixtures.train(corpus, parser, "v1", 1, 30), store);
    DetectorFixtures.promote(kafka, topics, "v1", v1);

    DetectorConfig config = new DetectorConfig(kafka, TopicNames.DEFAULTS, "detector-test", "detector-test-0", 16, Duration.ofMillis(10), "phish", 1.0, new TokenSample(2), 3, 0, InferenceDevice.AUTO, 1);
    try (DetectorService detector = DetectorService.start(config, new FileModelStore())) {
      List<String> ids = publishMail(kafka, topics, corpus, parser, "a-", 0, 40);
      publishBadBytes(kafka, topics);
      await().atMost(Duration.ofSeconds(60)).until(() -> CommittedRecords.read(stack, topics.verdicts().name(), topics.verdicts().valueSerde().deserializer()).size() >= ids.size());

      List<Verdict> verdicts = CommittedRecords.read(stack, topics.verdicts().name(), topics.verdicts().valueSerde().deserializer());
      assertThat(verdicts).extracting(Verdict::getMessageId).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(verdicts).allSatisfy(v -> {
        assertThat(v.getModel()).isEqualTo(new ModelRef("phish", "v1"));
        assertThat(v.getReasons()).hasSize(3);
      });
      assertThat(verdicts).extracting(Verdict::getLabel).contains(Label.PHISHING, Label.LEGITIMATE);
      List<DeadLetter> letters = CommittedRecords.read(stack, topics.deadLetters().name(), topics.deadLetters().valueSerde().deserializer());
      assertThat(letters).extracting(DeadLetter::getFailure).containsExactlyInAnyOrder(FailureKind.WRONG_MAGIC_BYTE, FailureKind.UNKNOWN_SCHEMA_ID);
      assertThat(letters).allSatisfy(l -> assertThat(l.getReason()).contains("mail.inbound"));
      List<InferenceRecord> logged = CommittedRecords.read(stack, topics.inferenceLog().name(), topics.inferenceLog().valueSerde().deserializer());
      assertThat(logged).hasSize(ids.size()).allSatisfy(r -> {
        assertThat(r.getFeatures()).containsKey("url.ip_literal_host");
        assertThat(r.getTokenSampleBits()).isEqualTo(2);
        assertThat(r.getTokenHashes()).allMatch(new TokenSample(2)::contains);
      });
      assertThat(logged).anySatisfy(r -> assertThat(r.getTokenHashes()).isNotEmpty());

      assertThat(get(detector, "/readyz")).isEqualTo(200);
      assertThat(body(detector, "/metrics")).contains("hookline_verdicts_total").contains("hookline_dead_letters_total")
          .contains("hookline_model_version{model=\"phish\",version=\"v1\"} 1.0");

      // a tampered artifact is refused and v1 keeps scoring
      ModelArtifact.Stored broken = ModelArtifact.save(DetectorFixtures.train(corpus, parser, "v2-broken", 2, 30), store);
      Path weights = broken.directory().resolve("weights.ndlist");
      byte[] bytes = Files.readAllBytes(weights);
      bytes[bytes.length - 1] ^= 1;
      Files.write(weights, bytes);
      DetectorFixtures.promote(kafka, topics, "v2-broken", broken);
      await().atMost(Duration.ofSeconds(30)).until(() -> body(detector, "/metrics").contains("hookline_model_loads_total{outcome=\"refused\"} 1.0"));
      assertThat(detector.model().metadata().version()).isEqualTo("v1");

      // a good one is swapped in; later messages name it
      ModelArtifact.Stored v3 = ModelArtifact.save(DetectorFixtures.train(corpus, parser, "v3", 3, 30), store);
      DetectorFixtures.promote(kafka, topics, "v3", v3);
      await().atMost(Duration.ofSeconds(30)).until(() -> "v3".equals(detector.model().metadata().version()));
      List<String> later = publishMail(kafka, topics, corpus, parser, "b-", 40, 10);
      await().atMost(Duration.ofSeconds(60)).until(() -> CommittedRecords.read(stack, topics.verdicts().name(), topics.verdicts().valueSerde().deserializer()).size() >= 50);
      Map<String, Verdict> byId = CommittedRecords.read(stack, topics.verdicts().name(), topics.verdicts().valueSerde().deserializer())
          .stream().collect(Collectors.toMap(Verdict::getMessageId, v -> v));
      assertThat(byId).hasSize(50);
      assertThat(later).allSatisfy(id -> assertThat(byId.get(id).getModel().getVersion()).isEqualTo("v3"));

      // what it loaded and what it refused is on model.events, under its own name
      await().atMost(Duration.ofSeconds(30)).until(() -> reports(stack, topics).contains("v3 LOADED detector-test-0"));
      assertThat(reports(stack, topics)).contains("v1 LOADED detector-test-0", "v2-broken REFUSED detector-test-0");
    }
  }

  private static List<String> publishMail(KafkaConnection kafka, HooklineTopics topics, List<CorpusExample> corpus, MailParser parser,
      String prefix, int from, int count) throws Exception {
    List<String> ids = new ArrayList<>();
    try (KafkaProducer<String, EmailMessage> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
        topics.inbound().keySerde().serializer(), topics.inbound().valueSerde().serializer())) {
      for (int i = from; i < from + count; i++) {
        // alternately ham and spam: the corpus lists the ham groups first, then spam-1 and spam-2
        CorpusExample e = i % 2 == 0 ? corpus.get(i * 37 % 4150) : corpus.get(4150 + i * 37 % 1896);
        String id = prefix + i;
        producer.send(new ProducerRecord<>(topics.inbound().name(), id, parser.parse(e.raw(), InboundContext.of(id, Instant.now())))).get();
        ids.add(id);
      }
    }
    return ids;
  }

  private static void publishBadBytes(KafkaConnection kafka, HooklineTopics topics) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topics.inbound().name(), "bad-json", "{\"subject\":\"hi\"}".getBytes())).get();
      producer.send(new ProducerRecord<>(topics.inbound().name(), "bad-id", new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2, 3})).get();
    }
  }

  private static List<String> reports(EmbeddedStack stack, HooklineTopics topics) {
    return CommittedRecords.read(stack, topics.modelEvents().name(), topics.modelEvents().valueSerde().deserializer()).stream()
        .filter(e -> e != null && e.getReportedBy() != null)
        .map(e -> e.getModel().getVersion() + " " + e.getKind() + " " + e.getReportedBy()).toList();
  }

  private static int get(DetectorService detector, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + detector.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static String body(DetectorService detector, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + detector.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
