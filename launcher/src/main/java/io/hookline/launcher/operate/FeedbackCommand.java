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
    description = {"Publish the true label of messages to the feedback topic, as an analyst gives it (like rspamc learn_spam).",
        "Examples: hookline feedback --phishing suspicious.eml       (the id is the X-Hookline-Id header the gateway added)",
        "          hookline feedback --legitimate --id 4f1c-0001 --id 4f1c-0002",
        "          hookline feedback 4f1c-0001 phishing     or     hookline feedback --file labels.csv",
        "A labels file holds one 'message-id,label' per line (a tab works too; # starts a comment).",
        "Labels: phishing or legitimate (also 1/0, spam/ham). Nothing is published when any label or file is wrong.",
        "Exit codes: 0 published, 1 a label or message is wrong or the topic refused them."})
public final class FeedbackCommand implements Callable<Integer> {
  /** The header the gateway adds with the message's id: how a delivered message finds its way back to its verdict. */
  static final String ID_HEADER = "X-Hookline-Id";

  @Spec private picocli.CommandLine.Model.CommandSpec spec;
  @Mixin private ConnectionOptions connection = new ConnectionOptions();

  @Parameters(arity = "0..*", paramLabel = "ARG",
      description = "With --phishing or --legitimate: message files (- for standard input). Otherwise: MESSAGE-ID LABEL.")
  private List<String> arguments = new ArrayList<>();

  @Option(names = "--phishing", description = "The messages named are phishing.")
  private boolean phishing;

  @Option(names = "--legitimate", description = "The messages named are legitimate.")
  private boolean legitimate;

  @Option(names = "--id", paramLabel = "MESSAGE-ID", description = "A message id (the verdict's, or X-Hookline-Id) to label; repeatable.")
  private List<String> ids = new ArrayList<>();

  @Option(names = "--file", description = "Labels from a file, one 'message-id,label' per line.")
  private Path file;

  @Option(names = "--reporter", description = "Pseudonymous id of who labelled, never an e-mail address (default: the login name).")
  private String reporter = System.getProperty("user.name");

  @Override
  public Integer call() throws Exception {
    List<LabelFeedback> labels;
    try {
      labels = labels();
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

  /** The labels the command line asks for, or an IllegalArgumentException that says what is wrong. */
  private List<LabelFeedback> labels() throws IOException {
    Instant now = Instant.now();
    if (phishing || legitimate) {
      if (phishing && legitimate) {
        throw new ParameterException(spec.commandLine(), "--phishing or --legitimate, not both");
      }
      if (file != null || arguments.isEmpty() && ids.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "give message files or --id with --phishing or --legitimate");
      }
      String label = phishing ? "phishing" : "legitimate";
      List<LabelFeedback> labels = new ArrayList<>();
      for (String id : ids) {
        labels.add(AnalystLabels.of(id, label, reporter, now));
      }
      for (String message : arguments) {
        labels.add(AnalystLabels.of(idOf(message), label, reporter, now));
      }
      return labels;
    }
    if (!ids.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--id needs --phishing or --legitimate");
    }
    if (file != null && arguments.isEmpty()) {
      return read(file, reporter);
    }
    if (file == null && arguments.size() == 2) {
      return List.of(AnalystLabels.of(arguments.get(0), arguments.get(1), reporter, now));
    }
    throw new ParameterException(spec.commandLine(), "give --phishing or --legitimate with message files or --id, a MESSAGE-ID and a LABEL, or --file");
  }

  /** The gateway's id of a delivered message: its X-Hookline-Id header. */
  private static String idOf(String message) throws IOException {
    byte[] raw;
    if (message.equals("-")) {
      raw = System.in.readNBytes(1 << 20);
    } else {
      try (var in = Files.newInputStream(Path.of(message))) {
        raw = in.readNBytes(1 << 20); // the header is at the top; a large message need not be read whole
      } catch (java.nio.file.NoSuchFileException e) {
        throw new IllegalArgumentException("no such message file: " + message);
      }
    }
    return headerValue(raw, ID_HEADER).orElseThrow(() -> new IllegalArgumentException(
        message + " has no " + ID_HEADER + " header: it did not pass the gateway; give its id with --id"));
  }

  /** The first value of a header field in a raw message's header section, unfolded. */
  static java.util.Optional<String> headerValue(byte[] raw, String name) {
    String text = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    String prefix = name.toLowerCase(java.util.Locale.ROOT) + ":";
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length && !lines[i].isEmpty(); i++) {
      if (lines[i].toLowerCase(java.util.Locale.ROOT).startsWith(prefix)) {
        StringBuilder value = new StringBuilder(lines[i].substring(prefix.length()));
        for (int j = i + 1; j < lines.length && (lines[j].startsWith(" ") || lines[j].startsWith("\t")); j++) {
          value.append(' ').append(lines[j].strip());
        }
        String found = value.toString().strip();
        return found.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(found);
      }
    }
    return java.util.Optional.empty();
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
