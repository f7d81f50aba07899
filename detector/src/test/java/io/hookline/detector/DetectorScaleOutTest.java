package io.hookline.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Label;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import io.hookline.avro.Verdict;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.ModelArtifact;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two detectors in one consumer group split the partitions and together answer each message once. */
@ExtendWith(EmbeddedStackExtension.class)
class DetectorScaleOutTest {
  private static final int MESSAGES = 300;

  @Test
  void twoInstancesShareTheWorkAndAnswerEachMessageOnce(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    TopicNames d = TopicNames.DEFAULTS;
    String p = "scale.";
    TopicNames names = new TopicNames(p + d.inbound(), p + d.verdicts(), p + d.inferenceLog(), p + d.feedback(), p + d.deadLetters(),
        p + d.driftReports(), p + d.alerts(), p + d.trainerCommands(), p + d.modelEvents());
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, 4, (short) 1);
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(names, stack.registryClient());
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    MailParser parser = new MailParser();
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.V1);
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < corpus.size(); i += 25) {
      CorpusExample e = corpus.get(i);
      examples.add(new TrainingExample(extractor.extract(parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH))), e.label() == Label.PHISHING ? 1 : 0, e.domain()));
    }
    ModelArtifact.Stored stored = ModelArtifact.save(
        new AdditiveFamily(FeatureSpec.V1).train(examples, List.of(), TrainingConfig.defaults("phish", "v1", "test", 1), TrainingProgress.SILENT), dir);
    try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
        topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(names.modelEvents(), "phish", ModelEvent.newBuilder().setModel(new ModelRef("phish", "v1"))
          .setKind(ModelEventKind.PROMOTED).setOccurredAt(Instant.now()).setFamily(AdditiveFamily.NAME).setFeatureSpecVersion("fs-1")
          .setLocation(stored.directory().toUri().toString()).setSha256(stored.sha256()).build())).get();
    }

    DetectorConfig first = new DetectorConfig(kafka, names, "scale-group", "scale-0", 8, Duration.ofMillis(10), "phish", 0.0, 3, 0);
    DetectorConfig second = new DetectorConfig(kafka, names, "scale-group", "scale-1", 8, Duration.ofMillis(10), "phish", 0.0, 3, 0);
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
      while (System.nanoTime() < deadline + Duration.ofSeconds(60).toNanos()) {
        verdicts = read(kafka, topics);
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
    }
  }

  private static double verdictsCounted(DetectorService detector) throws Exception {
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + detector.httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double total = 0;
    Matcher m = Pattern.compile("hookline_verdicts_total\\{label=\"\\w+\"} ([0-9.]+)").matcher(metrics);
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return total;
  }

  private static List<Verdict> read(KafkaConnection kafka, HooklineTopics topics) {
    Map<String, Object> props = new HashMap<>(kafka.readerProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "scale-reader-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<Verdict> out = new ArrayList<>();
    try (KafkaConsumer<String, Verdict> consumer = new KafkaConsumer<>(props, new StringDeserializer(), topics.verdicts().valueSerde().deserializer())) {
      consumer.subscribe(Set.of(topics.verdicts().name()));
      int quiet = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (quiet < 3 && System.nanoTime() < deadline) {
        var records = consumer.poll(Duration.ofMillis(300));
        records.forEach(r -> out.add(r.value()));
        quiet = records.isEmpty() && !consumer.assignment().isEmpty() ? quiet + 1 : 0;
      }
    }
    return out;
  }
}
