package io.hookline.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Verdict;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.cascade.CascadeFamily;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.embedded.junit.ServiceJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly once across a crash: the detector runs as a separate JVM, is killed (SIGKILL) while
 * mail is still arriving, and a new process takes over with the same transactional id. Every
 * message must have exactly one committed verdict, whichever model family scores it (the cascade
 * also runs the encoder on the messages it escalates, inside the same transactions).
 */
@ExtendWith(EmbeddedStackExtension.class)
class DetectorCrashTest {
  private static final int MESSAGES = 600;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {AdditiveFamily.NAME, CascadeFamily.NAME})
  void everyMessageHasExactlyOneCommittedVerdictAfterAKillAndRestart(String family, EmbeddedStack stack, @TempDir Path dir) throws Exception {
    TopicNames names = TopicNames.DEFAULTS.prefixed("crash-" + family);
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, 3, (short) 1);
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(names, stack.registryClient());
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    MailParser parser = new MailParser();
    PhishingModel model = DetectorFixtures.train(family, corpus, parser, "v1", 1, 20);
    if (family.equals(CascadeFamily.NAME)) {
      assertThat(model.metadata().metrics().get("cascade.escalated")).as("the cascade hands some messages to the encoder").isPositive();
    }
    ModelArtifact.Stored stored = ModelArtifact.save(model, dir.resolve("models"));
    DetectorFixtures.promote(kafka, topics, "v1", stored, family);

    Thread gateway = new Thread(() -> publish(kafka, topics, corpus, parser), "gateway");
    gateway.start();
    Process first = startDetector(stack, names, family, dir.resolve("first.log"));
    waitForVerdicts(stack, topics, 60, Duration.ofSeconds(90));
    first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, transaction left open
    Process second = startDetector(stack, names, family, dir.resolve("second.log"));
    try {
      gateway.join(120_000);
      waitForVerdicts(stack, topics, MESSAGES, Duration.ofSeconds(120));
    } finally {
      second.destroy();
      second.waitFor();
    }

    List<Verdict> verdicts = CommittedRecords.read(stack, topics.verdicts().name(), topics.verdicts().valueSerde().deserializer());
    Map<String, Long> perMessage = verdicts.stream().collect(Collectors.groupingBy(Verdict::getMessageId, Collectors.counting()));
    assertThat(perMessage).hasSize(MESSAGES);
    assertThat(perMessage.values()).allMatch(n -> n == 1);
  }

  private static Process startDetector(EmbeddedStack stack, TopicNames names, String family, Path log) throws Exception {
    return ServiceJvm.start(DetectorMain.class, "512m", List.of(
        "kafka.bootstrap.servers=" + stack.bootstrapServers(),
        "schema.registry.url=" + stack.schemaRegistryUrl(),
        "detector.group-id=crash-detectors-" + family,
        "detector.transactional-id=crash-detector-" + family,
        "detector.batch.max-size=8",
        "detector.http.port=0",
        "topic.inbound=" + names.inbound(),
        "topic.verdicts=" + names.verdicts(),
        "topic.inference-log=" + names.inferenceLog(),
        "topic.dlq=" + names.deadLetters(),
        "topic.model-events=" + names.modelEvents()), log);
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

  private static void waitForVerdicts(EmbeddedStack stack, HooklineTopics topics, int atLeast, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (CommittedRecords.read(stack, topics.verdicts().name(), topics.verdicts().valueSerde().deserializer()).stream().map(Verdict::getMessageId).distinct().count() >= atLeast) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("fewer than " + atLeast + " messages got a verdict within " + timeout);
  }
}
