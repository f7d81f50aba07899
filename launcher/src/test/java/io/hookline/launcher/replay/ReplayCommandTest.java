package io.hookline.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.LabelFeedback;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.launcher.CommandRun;
import io.hookline.launcher.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
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
  void refusesAnUnknownDomainWithAUsageError(EmbeddedStack stack) {
    CommandRun run = CommandRun.of("replay", "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl(),
        "--phase", "x=spam-9:5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("spam-9");
  }
}
