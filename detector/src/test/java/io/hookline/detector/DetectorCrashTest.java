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
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * Exactly once across a crash: the detector runs as a separate JVM, is killed (SIGKILL) while
 * mail is still arriving, and a new process takes over with the same transactional id. Every
 * message must have exactly one committed verdict.
 */
@ExtendWith(EmbeddedStackExtension.class)
class DetectorCrashTest {
  private static final int MESSAGES = 600;

  @Test
  void everyMessageHasExactlyOneCommittedVerdictAfterAKillAndRestart(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    TopicNames names = prefixed("crash");
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, 3, (short) 1);
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(names, stack.registryClient());
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    MailParser parser = new MailParser();
    ModelArtifact.Stored stored = ModelArtifact.save(train(corpus, parser), dir.resolve("models"));
    try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
        topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(names.modelEvents(), "phish", ModelEvent.newBuilder().setModel(new ModelRef("phish", "v1"))
          .setKind(ModelEventKind.PROMOTED).setOccurredAt(Instant.now()).setFamily(AdditiveFamily.NAME).setFeatureSpecVersion("fs-1")
          .setLocation(stored.directory().toUri().toString()).setSha256(stored.sha256()).build())).get();
    }

    Thread gateway = new Thread(() -> publish(kafka, topics, corpus, parser), "gateway");
    gateway.start();
    Process first = startDetector(stack, names, dir.resolve("first.log"));
    waitForVerdicts(kafka, topics, 60, Duration.ofSeconds(90));
    first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, transaction left open
    Process second = startDetector(stack, names, dir.resolve("second.log"));
    try {
      gateway.join(120_000);
      waitForVerdicts(kafka, topics, MESSAGES, Duration.ofSeconds(120));
    } finally {
      second.destroy();
      second.waitFor();
    }

    List<Verdict> verdicts = readVerdicts(kafka, topics);
    Map<String, Long> perMessage = verdicts.stream().collect(Collectors.groupingBy(Verdict::getMessageId, Collectors.counting()));
    assertThat(perMessage).hasSize(MESSAGES);
    assertThat(perMessage.values()).allMatch(n -> n == 1);
  }

  private static Process startDetector(EmbeddedStack stack, TopicNames names, Path log) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m",
        "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", ""),
        "-cp", System.getProperty("java.class.path"),
        DetectorMain.class.getName(),
        "kafka.bootstrap.servers=" + stack.bootstrapServers(),
        "schema.registry.url=" + stack.schemaRegistryUrl(),
        "detector.group-id=crash-detectors",
        "detector.transactional-id=crash-detector-0",
        "detector.batch.max-size=8",
        "detector.http.port=0"));
    command.add("topic.inbound=" + names.inbound());
    command.add("topic.verdicts=" + names.verdicts());
    command.add("topic.inference-log=" + names.inferenceLog());
    command.add("topic.dlq=" + names.deadLetters());
    command.add("topic.model-events=" + names.modelEvents());
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Publishes the messages over several seconds, so the kill lands while mail is arriving. */
  private static void publish(KafkaConnection kafka, HooklineTopics topics, List<CorpusExample> corpus, MailParser parser) {
    try (KafkaProducer<String, EmailMessage> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(30)),
        topics.inbound().keySerde().serializer(), topics.inbound().valueSerde().serializer())) {
      for (int i = 0; i < MESSAGES; i++) {
        CorpusExample e = corpus.get(i * 53 % corpus.size());
        String id = "crash-" + i;
        producer.send(new ProducerRecord<>(topics.inbound().name(), id, parser.parse(e.raw(), InboundContext.of(id, Instant.now()))));
        if (i % 20 == 19) {
          producer.flush();
          Thread.sleep(200);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitForVerdicts(KafkaConnection kafka, HooklineTopics topics, int atLeast, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (readVerdicts(kafka, topics).stream().map(Verdict::getMessageId).distinct().count() >= atLeast) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("fewer than " + atLeast + " messages got a verdict within " + timeout);
  }

  private static List<Verdict> readVerdicts(KafkaConnection kafka, HooklineTopics topics) {
    Map<String, Object> props = new HashMap<>(kafka.readerProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-reader-" + System.nanoTime());
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

  private static io.hookline.core.model.PhishingModel train(List<CorpusExample> corpus, MailParser parser) throws Exception {
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.V1);
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < corpus.size(); i += 20) {
      CorpusExample e = corpus.get(i);
      examples.add(new TrainingExample(extractor.extract(parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH))),
          e.label() == Label.PHISHING ? 1 : 0, e.domain()));
    }
    return new AdditiveFamily(FeatureSpec.V1).train(examples, List.of(), TrainingConfig.defaults("phish", "v1", "test", 1), TrainingProgress.SILENT);
  }

  private static TopicNames prefixed(String prefix) {
    TopicNames d = TopicNames.DEFAULTS;
    return new TopicNames(prefix + "." + d.inbound(), prefix + "." + d.verdicts(), prefix + "." + d.inferenceLog(), prefix + "." + d.feedback(),
        prefix + "." + d.deadLetters(), prefix + "." + d.driftReports(), prefix + "." + d.alerts(), prefix + "." + d.trainerCommands(),
        prefix + "." + d.modelEvents());
  }
}
