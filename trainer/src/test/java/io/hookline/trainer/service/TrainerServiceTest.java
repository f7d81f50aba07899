package io.hookline.trainer.service;

import io.hookline.trainer.shortcuts.ShortcutPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.avro.BalancePolicy;
import io.hookline.avro.DataPolicy;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.FeedbackSource;
import io.hookline.avro.Label;
import io.hookline.avro.LabelFeedback;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.RetrainTrigger;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The trainer service on the embedded broker: a drift retrain request with live labelled mail, answered once. */
@ExtendWith(EmbeddedStackExtension.class)
class TrainerServiceTest {

  @Test
  void retrainsOnDiversifiedDataPromotesTheBetterModelAndAnswersARequestOnce(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    Cluster cluster = Cluster.provision(stack, "trainer", 2);
    TopicNames names = cluster.names();
    KafkaConnection kafka = cluster.kafka();
    HooklineTopics topics = cluster.topics();
    Corpus corpus = Corpus.load(SpamAssassinArchive.shipped());
    MailParser parser = new MailParser();
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);

    // the model in service: a specialist of the 2002 groups
    List<TrainingExample> own = new ArrayList<>();
    List<CorpusExample> ownExamples = corpus.inDomains(Set.of("easy-ham-1", "spam-1"));
    for (int i = 0; i < ownExamples.size(); i += 3) {
      CorpusExample e = ownExamples.get(i);
      own.add(new TrainingExample(extractor.extract(parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH))), e.label() == Label.PHISHING ? 1 : 0, e.domain()));
    }
    PhishingModel specialist = new AdditiveFamily(FeatureSpec.CURRENT).train(own, List.of(), TrainingConfig.defaults("phish", "specialist", "specialist", 1), TrainingProgress.SILENT);
    ModelArtifact.Stored stored = ModelArtifact.save(specialist, dir.resolve("models"));
    try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
        topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(names.modelEvents(), "phish", ModelEvent.newBuilder().setModel(new ModelRef("phish", "specialist"))
          .setKind(ModelEventKind.PROMOTED).setOccurredAt(Instant.now()).setFamily(AdditiveFamily.NAME).setFeatureSpecVersion(FeatureSpec.CURRENT.version())
          .setLocation(stored.directory().toUri().toString()).setSha256(stored.sha256()).build())).get();
    }

    TrainerConfig config = new TrainerConfig(kafka, names, "trainer-test", "phish", dir.resolve("models"), "spamassassin", 300, 5_000, 3, 0.95, 0.0, 0.7, 0.05, 20, 0, java.util.Optional.empty(), false, true, ShortcutPolicy.REPORT);
    try (TrainerService trainer = TrainerService.start(config, new FileModelStore())) {
      // the shifted traffic arrives, and its true labels later
      List<CorpusExample> shifted = corpus.inDomains(Set.of("easy-ham-2", "hard-ham-1", "spam-2"));
      try (KafkaProducer<String, EmailMessage> mail = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
              topics.inbound().keySerde().serializer(), topics.inbound().valueSerde().serializer());
          KafkaProducer<String, LabelFeedback> labels = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
              topics.feedback().keySerde().serializer(), topics.feedback().valueSerde().serializer())) {
        for (int i = 0; i < shifted.size(); i += 4) {
          CorpusExample e = shifted.get(i);
          String id = "live-" + i;
          mail.send(new ProducerRecord<>(names.inbound(), id, parser.parse(e.raw(), InboundContext.of(id, Instant.now()))));
          labels.send(new ProducerRecord<>(names.feedback(), id, LabelFeedback.newBuilder().setMessageId(id).setLabel(e.label())
              .setReportedAt(Instant.now()).setSource(FeedbackSource.CORPUS).setReporter(null).build()));
        }
      }
      int expectedLabels = (shifted.size() + 3) / 4;
      await().atMost(Duration.ofSeconds(60)).until(() -> trainer.labelledFeedback() >= expectedLabels);

      RetrainRequest request = request("drift-1");
      publish(kafka, topics, request);
      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() -> eventsFor(stack, topics, "drift-1").size() >= 2);
      List<ModelEvent> events = eventsFor(stack, topics, "drift-1");
      assertThat(events).extracting(ModelEvent::getKind).containsExactly(ModelEventKind.PUBLISHED, ModelEventKind.PROMOTED);
      ModelEvent promoted = events.get(1);
      assertThat(promoted.getMetrics().get("f1.drifted")).isGreaterThan(promoted.getMetrics().get("f1.drifted.current"));
      assertThat(promoted.getMetrics()).containsKeys("f1.spam-2", "label_noise.flagged", "examples.live", "lodo.accuracy.hard-ham-1", "lodo.f1.spam-2");
      assertThat(promoted.getTrainingDomains()).contains("feedback", "hard-ham-1", "easy-ham-2");
      PhishingModel loaded = new FileModelStore().load(java.net.URI.create(promoted.getLocation()), promoted.getSha256());
      assertThat(loaded.metadata().version()).isEqualTo(promoted.getModel().getVersion());

      // the same request again is not run again
      publish(kafka, topics, request);
      Thread.sleep(5_000);
      assertThat(eventsFor(stack, topics, "drift-1")).hasSize(2);
    }
  }

  @Test
  void aRequestThatKeepsFailingIsAnsweredRejectedWithItsErrorAndTheOnesBehindItRun(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    Cluster cluster = Cluster.provision(stack, "trainer-fails", 1);
    TopicNames names = cluster.names();
    KafkaConnection kafka = cluster.kafka();
    HooklineTopics topics = cluster.topics();
    Path notADirectory = java.nio.file.Files.writeString(dir.resolve("models"), "a file where the model store should be");
    TrainerConfig config = new TrainerConfig(kafka, names, "trainer-fails", "phish", notADirectory, "spamassassin", 50, 5_000, 2, 0.95, 0.0, 0.7, 0.05, 20, 0,
        java.util.Optional.empty(), false, false, ShortcutPolicy.REPORT);
    try (TrainerService trainer = TrainerService.start(config, new FileModelStore())) {
      publish(kafka, topics, request("cannot-save"));
      RetrainRequest unknownDomain = request("unknown-domain");
      unknownDomain.getDataPolicy().setDomains(List.of("easy-ham-9"));
      publish(kafka, topics, unknownDomain);
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> !eventsFor(stack, topics, "unknown-domain").isEmpty());

      assertThat(eventsFor(stack, topics, "cannot-save")).singleElement().satisfies(e -> {
        assertThat(e.getKind()).isEqualTo(ModelEventKind.REJECTED);
        assertThat(e.getReason()).contains("failed 3 times").contains(notADirectory.getFileName().toString());
        assertThat(e.getLocation()).isEmpty();
      });
      assertThat(eventsFor(stack, topics, "unknown-domain")).singleElement().satisfies(e -> {
        assertThat(e.getKind()).isEqualTo(ModelEventKind.REJECTED);
        assertThat(e.getReason()).contains("data policy cannot be met").contains("easy-ham-9");
      });
      assertThat(CommittedRecords.read(stack, names.deadLetters(), topics.deadLetters().valueSerde().deserializer())).as("answered, not set aside").isEmpty();
      assertThat(trainer.healthy()).isTrue();

      // what Prometheus scrapes: the answers by outcome (the failing-retrains alert reads "failed"), durations, the JVM
      String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + trainer.httpPort() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("hookline_trainer_retrains_total{outcome=\"failed\"} 1.0", "hookline_trainer_retrains_total{outcome=\"refused\"} 1.0",
          "hookline_trainer_requests_total 2.0", "hookline_trainer_retrain_seconds_count 2", "# HELP hookline_trainer_live_labels",
          "hookline_trainer_model_age_seconds{model=\"phish\"}", "jvm_memory_used_bytes", "process_uptime_seconds", "jvm_gc_");
    }
  }

  /** The topics of one test, under their own prefix, provisioned on the embedded broker. */
  private record Cluster(TopicNames names, KafkaConnection kafka, HooklineTopics topics) {
    static Cluster provision(EmbeddedStack stack, String prefix, int partitions) {
      TopicNames names = TopicNames.DEFAULTS.prefixed(prefix);
      try (Admin admin = Admin.create(stack.broker().clientProperties())) {
        TopicProvisioner.ensure(admin, names, partitions, (short) 1);
      }
      return new Cluster(names, KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl()), HooklineTopics.of(names, stack.registryClient()));
    }
  }

  private static RetrainRequest request(String id) {
    return RetrainRequest.newBuilder().setRequestId(id).setRequestedAt(Instant.now()).setTrigger(RetrainTrigger.DRIFT).setRequestedBy("test")
        .setReason("drift").setModel("phish").setBaseVersion("specialist").setAlertId(null).setEvidence(List.of())
        .setDataPolicy(DataPolicy.newBuilder().setName("generalist").setDomains(List.of()).setBalance(BalancePolicy.DOMAIN_AND_CLASS)
            .setFeedbackSince(null).setMaxExamples(null).setSeed(42).build())
        .build();
  }

  private static void publish(KafkaConnection kafka, HooklineTopics topics, RetrainRequest request) throws Exception {
    try (KafkaProducer<String, RetrainRequest> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
        topics.trainerCommands().keySerde().serializer(), topics.trainerCommands().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.trainerCommands().name(), request.getRequestId(), request)).get();
    }
  }

  private static List<ModelEvent> eventsFor(EmbeddedStack stack, HooklineTopics topics, String requestId) {
    return CommittedRecords.read(stack, topics.modelEvents().name(), topics.modelEvents().valueSerde().deserializer()).stream()
        .filter(e -> requestId.equals(e.getRequestId())).toList();
  }
}
