package io.hookline.launcher.operate;

import io.hookline.avro.LabelFeedback;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.topics.AnalystLabels;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.launcher.ConnectionOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hookline feedback}: an analyst's labels into the loop, on the feedback topic the monitor
 * measures performance with and the trainer repairs the model with. One label on the command line,
 * or many from a file (the answers to the monitor's label requests, say).
 */
@Command(name = "feedback", mixinStandardHelpOptions = true,
    description = {"Publish the true label of messages to the feedback topic, as an analyst gives it.",
        "Example: hookline feedback 4f1c-0001 phishing   or   hookline feedback --file labels.csv",
        "A file holds one 'message-id,label' per line (a tab works too; # starts a comment).",
        "Labels: phishing or legitimate (also 1/0, spam/ham). Nothing is published when any line is wrong.",
        "Exit codes: 0 published, 1 a label is wrong or the topic refused them."})
public final class FeedbackCommand implements Callable<Integer> {
  @Spec private picocli.CommandLine.Model.CommandSpec spec;
  @Mixin private ConnectionOptions connection = new ConnectionOptions();

  @Parameters(index = "0", arity = "0..1", paramLabel = "MESSAGE-ID", description = "The message's id (the gateway's, as in its verdict).")
  private String messageId;

  @Parameters(index = "1", arity = "0..1", paramLabel = "LABEL", description = "phishing or legitimate.")
  private String label;

  @Option(names = "--file", description = "Labels from a file, one 'message-id,label' per line.")
  private Path file;

  @Option(names = "--reporter", description = "Pseudonymous id of who labelled (never an e-mail address).")
  private String reporter;

  @Override
  public Integer call() throws Exception {
    if ((file == null) == (messageId == null) || messageId != null && label == null) {
      throw new ParameterException(spec.commandLine(), "give a MESSAGE-ID and a LABEL, or --file");
    }
    List<LabelFeedback> labels;
    try {
      labels = file == null ? List.of(AnalystLabels.of(messageId, label, reporter, Instant.now())) : read(file, reporter);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage() + "; nothing published");
      return 1;
    }
    KafkaConnection kafka = connection.connection();
    HooklineTopics topics = HooklineTopics.of(connection.topics(), kafka.registry());
    try (KafkaProducer<String, LabelFeedback> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(30)),
        topics.feedback().keySerde().serializer(), topics.feedback().valueSerde().serializer())) {
      List<Future<?>> sent = new ArrayList<>();
      for (LabelFeedback feedback : labels) {
        sent.add(producer.send(new ProducerRecord<>(topics.feedback().name(), feedback.getMessageId(), feedback)));
      }
      for (var future : sent) {
        future.get();
      }
    } catch (ExecutionException e) {
      spec.commandLine().getErr().println("the feedback topic refused the labels: " + e.getCause().getMessage());
      return 1;
    }
    spec.commandLine().getOut().println(labels.size() + " label(s) published on " + topics.feedback().name());
    return 0;
  }

  /** Every label of a file, or an IllegalArgumentException naming the first wrong line. */
  static List<LabelFeedback> read(Path file, String reporter) throws IOException {
    List<LabelFeedback> labels = new ArrayList<>();
    Instant now = Instant.now();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int separator = line.lastIndexOf(line.indexOf('\t') >= 0 ? '\t' : ',');
      if (separator < 0) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'message-id,label'");
      }
      try {
        labels.add(AnalystLabels.of(line.substring(0, separator), line.substring(separator + 1), reporter, now));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage());
      }
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no labels");
    }
    return labels;
  }
}
