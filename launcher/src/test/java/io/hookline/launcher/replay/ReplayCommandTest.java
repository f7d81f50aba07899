package io.hookline.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.FeedbackSource;
import io.hookline.avro.Label;
import io.hookline.avro.LabelFeedback;
import io.hookline.avro.LabelRequest;
import io.hookline.avro.ModelRef;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.launcher.CommandRun;
import io.hookline.launcher.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code hookline replay} of the shipped corpus through the embedded broker. */
@ExtendWith(EmbeddedStackExtension.class)
class ReplayCommandTest {

  @Test
  void replaysPhasesInOrderWithDelayedPartialFeedback(EmbeddedStack stack) {
    Topics.provision(stack);
    CommandRun run = CommandRun.of("replay", "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl(),
        "--phase", "baseline=easy-ham-1,spam-1:40", "--phase", "shifted=easy-ham-2,hard-ham-1,spam-2:60",
        "--feedback-coverage", "0.5", "--feedback-delay", "1s", "--run-id", "t1", "--seed", "5", "--quiet");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Replay t1: 100 messages");
    HooklineTopics topics = HooklineTopics.of(TopicNames.DEFAULTS, stack.registryClient());
    // other tests share the broker: keep this run's messages
    List<EmailMessage> inbound = CommittedRecords.read(stack, topics.inbound().name(), topics.inbound().valueSerde().deserializer())
        .stream().filter(m -> m.getMessageId().startsWith("t1-")).toList();
    assertThat(inbound.size()).isEqualTo(100);
    assertThat(inbound.subList(0, 40)).extracting(m -> m.getOrigin().getDomain()).allMatch(Set.of("easy-ham-1", "spam-1")::contains);
    assertThat(inbound.subList(40, 100)).extracting(m -> m.getOrigin().getDomain()).allMatch(Set.of("easy-ham-2", "hard-ham-1", "spam-2")::contains);
    assertThat(inbound).extracting(EmailMessage::getMessageId).doesNotHaveDuplicates();

    List<LabelFeedback> feedback = CommittedRecords.read(stack, topics.feedback().name(), topics.feedback().valueSerde().deserializer())
        .stream().filter(f -> f.getMessageId().startsWith("t1-")).toList();
    assertThat(feedback.size()).isBetween(30, 70);
    Map<String, EmailMessage> byId = inbound.stream().collect(Collectors.toMap(EmailMessage::getMessageId, Function.identity()));
    assertThat(feedback).allSatisfy(f -> {
      assertThat(f.getLabel()).isEqualTo(byId.get(f.getMessageId()).getOrigin().getLabel());
      assertThat(Duration.between(byId.get(f.getMessageId()).getReceivedAt(), f.getReportedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    });
    assertThat(run.out()).contains(String.format("%,d feedback labels", feedback.size()));
  }

  @Test
  void playsTheAnalystWhoAnswersLabelRequestsAboutItsOwnMessagesOnce(EmbeddedStack stack) throws Exception {
    Topics.provision(stack);
    HooklineTopics topics = HooklineTopics.of(TopicNames.DEFAULTS, stack.registryClient());
    CompletableFuture<CommandRun> replay = CompletableFuture.supplyAsync(() -> CommandRun.of("replay", "--bootstrap-servers", stack.bootstrapServers(),
        "--schema-registry", stack.schemaRegistryUrl(), "--phase", "only=easy-ham-2,spam-2:20", "--run-id", "t2", "--seed", "5", "--quiet",
        "--answer-label-requests", "1", "--label-request-delay", "0s", "--linger", "6s"));
    List<EmailMessage> inbound = List.of();
    for (int tries = 0; inbound.size() < 20 && tries < 100; tries++) {
      Thread.sleep(200);
      inbound = CommittedRecords.read(stack, topics.inbound().name(), topics.inbound().valueSerde().deserializer())
          .stream().filter(m -> m.getMessageId().startsWith("t2-")).toList();
    }
    assertThat(inbound).hasSize(20);
    try (KafkaProducer<String, LabelRequest> monitor = new KafkaProducer<>(stack.broker().clientProperties(),
        topics.labelRequests().keySerde().serializer(), topics.labelRequests().valueSerde().serializer())) {
      for (String id : List.of("t2-000002", "t2-000007", "t2-000007", "t2-000011", "someone-elses-000001")) {
        monitor.send(new ProducerRecord<>(topics.labelRequests().name(), id, new LabelRequest(id, "default", new ModelRef("phish", "v1"),
            Instant.now(), Instant.now(), 0.5, Label.LEGITIMATE, 0.3, 0.9, "uncertain", null))).get();
      }
    }
    CommandRun run = replay.get(60, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("3 feedback labels (3 answering label requests)");
    Map<String, EmailMessage> byId = inbound.stream().collect(Collectors.toMap(EmailMessage::getMessageId, Function.identity()));
    List<LabelFeedback> answers = CommittedRecords.read(stack, topics.feedback().name(), topics.feedback().valueSerde().deserializer())
        .stream().filter(f -> f.getMessageId().startsWith("t2-") || f.getMessageId().startsWith("someone")).toList();
    assertThat(answers).extracting(LabelFeedback::getMessageId).containsExactlyInAnyOrder("t2-000002", "t2-000007", "t2-000011");
    assertThat(answers).allSatisfy(f -> {
      assertThat(f.getLabel()).isEqualTo(byId.get(f.getMessageId()).getOrigin().getLabel());
      assertThat(f.getSource()).isEqualTo(FeedbackSource.ANALYST);
    });
  }

  @Test
  void refusesAnUnknownDomainWithAUsageError(EmbeddedStack stack) {
    CommandRun run = CommandRun.of("replay", "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl(),
        "--phase", "x=spam-9:5");

    assertThat(run.exitCode()).isEqualTo(64);
    assertThat(run.err()).contains("spam-9");
  }
}
