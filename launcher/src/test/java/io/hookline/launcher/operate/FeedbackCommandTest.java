package io.hookline.launcher.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.FeedbackSource;
import io.hookline.avro.Label;
import io.hookline.avro.LabelFeedback;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.launcher.CommandRun;
import io.hookline.launcher.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookline feedback}: an analyst's labels on the feedback topic, all of a file or none. */
@ExtendWith(EmbeddedStackExtension.class)
class FeedbackCommandTest {

  @Test
  void publishesOneLabelOrAWholeFileAndNothingOfAFileWithAWrongLine(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    Topics.provision(stack);
    String[] connection = {"--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl()};

    CommandRun one = CommandRun.of(args(connection, "feedback", "fb-0001", "phishing", "--reporter", "soc-3"));
    assertThat(one.exitCode()).as(one.err()).isZero();
    assertThat(one.out()).contains("1 label(s) published on mail.feedback");

    Path file = dir.resolve("labels.csv");
    Files.writeString(file, "# answers to this morning's label requests\nfb-0002,legitimate\nfb-0003\tspam\n\nfb-0004,1\n");
    CommandRun many = CommandRun.of(args(connection, "feedback", "--file", file.toString()));
    assertThat(many.exitCode()).as(many.err()).isZero();
    assertThat(many.out()).contains("3 label(s) published");

    Path wrong = dir.resolve("wrong.csv");
    Files.writeString(wrong, "fb-0005,phishing\nfb-0006,perhaps\n");
    CommandRun refused = CommandRun.of(args(connection, "feedback", "--file", wrong.toString()));
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("line 2").contains("perhaps").contains("nothing published");
    CommandRun usage = CommandRun.of(args(connection, "feedback", "fb-0007"));
    assertThat(usage.exitCode()).isEqualTo(64);

    HooklineTopics topics = HooklineTopics.of(TopicNames.DEFAULTS, stack.registryClient());
    List<LabelFeedback> labels = CommittedRecords.read(stack, topics.feedback().name(), topics.feedback().valueSerde().deserializer())
        .stream().filter(f -> f.getMessageId().startsWith("fb-")).toList();
    assertThat(labels).extracting(LabelFeedback::getMessageId).containsExactly("fb-0001", "fb-0002", "fb-0003", "fb-0004");
    assertThat(labels).extracting(LabelFeedback::getLabel).containsExactly(Label.PHISHING, Label.LEGITIMATE, Label.PHISHING, Label.PHISHING);
    assertThat(labels).allSatisfy(l -> assertThat(l.getSource()).isEqualTo(FeedbackSource.ANALYST));
    assertThat(labels.get(0).getReporter()).isEqualTo("soc-3");
  }

  private static String[] args(String[] connection, String... command) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.Arrays.stream(connection)).toArray(String[]::new);
  }
}
