package io.hookline.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.avro.BalancePolicy;
import io.hookline.avro.DataPolicy;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.RetrainTrigger;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.embedded.junit.ServiceJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer process killed (SIGKILL) in the middle of a retrain publishes nothing; the next
 * trainer of the group runs the request again and answers it exactly once.
 */
@ExtendWith(EmbeddedStackExtension.class)
class TrainerCrashTest {

  @Test
  void aCrashMidTrainingPublishesNothingAndTheRequestIsRetriedOnce(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    TopicNames names = TopicNames.DEFAULTS.prefixed("trainercrash");
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, 1, (short) 1);
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(names, stack.registryClient());
    RetrainRequest request = RetrainRequest.newBuilder().setRequestId("crash-1").setRequestedAt(Instant.now()).setTrigger(RetrainTrigger.OPERATOR)
        .setRequestedBy("test").setReason("crash test").setModel("phish").setBaseVersion(null).setAlertId(null).setEvidence(List.of())
        .setDataPolicy(DataPolicy.newBuilder().setName("generalist").setDomains(List.of()).setBalance(BalancePolicy.DOMAIN_AND_CLASS)
            .setFeedbackSince(null).setMaxExamples(null).setSeed(42).build())
        .build();
    try (KafkaProducer<String, RetrainRequest> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
        topics.trainerCommands().keySerde().serializer(), topics.trainerCommands().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(names.trainerCommands(), "crash-1", request)).get();
    }

    Path firstLog = dir.resolve("first.log");
    Process first = startTrainer(stack, names, dir.resolve("models"), firstLog);
    await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(firstLog) && Files.readString(firstLog).contains("retrain crash-1:"));
    first.destroyForcibly().waitFor(); // killed while it trains: before the model is saved or announced
    assertThat(Files.readString(firstLog)).doesNotContain("retrain crash-1 ->");
    assertThat(eventsFor(stack, topics)).isEmpty();

    Process second = startTrainer(stack, names, dir.resolve("models"), dir.resolve("second.log"));
    try {
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> eventsFor(stack, topics).size() >= 2);
      Thread.sleep(3_000);
      List<ModelEvent> events = eventsFor(stack, topics);
      assertThat(events).hasSize(2);
      assertThat(events.get(0).getKind()).isEqualTo(ModelEventKind.PUBLISHED);
      assertThat(events.get(1).getKind()).isIn(ModelEventKind.PROMOTED, ModelEventKind.REJECTED);
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  private static List<ModelEvent> eventsFor(EmbeddedStack stack, HooklineTopics topics) {
    return CommittedRecords.read(stack, topics.modelEvents().name(), topics.modelEvents().valueSerde().deserializer()).stream()
        .filter(e -> "crash-1".equals(e.getRequestId())).toList();
  }

  private static Process startTrainer(EmbeddedStack stack, TopicNames names, Path store, Path log) throws Exception {
    return ServiceJvm.start(TrainerMain.class, "1g", List.of(
        "kafka.bootstrap.servers=" + stack.bootstrapServers(),
        "schema.registry.url=" + stack.schemaRegistryUrl(),
        "trainer.group-id=crash-trainers",
        "trainer.store=" + store,
        "trainer.per-domain-cap=300",
        "trainer.promotion.floor-f1=0.5",
        "trainer.http.port=0",
        "topic.inbound=" + names.inbound(),
        "topic.feedback=" + names.feedback(),
        "topic.trainer-commands=" + names.trainerCommands(),
        "topic.model-events=" + names.modelEvents()), log);
  }
}
