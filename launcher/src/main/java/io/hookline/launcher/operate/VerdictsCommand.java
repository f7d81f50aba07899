package io.hookline.launcher.operate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.avro.DeadLetter;
import io.hookline.avro.Label;
import io.hookline.avro.Reason;
import io.hookline.avro.Verdict;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.launcher.ConnectionOptions;
import io.hookline.launcher.DurationConverter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hookline verdicts}: the verdicts topic as a person reads it, decoded from Avro (what
 * {@code kafka-avro-console-consumer} does, which Debian's kcat cannot), as a table or JSON lines,
 * filtered by label, model and time; optionally with the dead letters beside them.
 */
@Command(name = "verdicts", mixinStandardHelpOptions = true,
    description = {"Follow mail.verdicts (and with --dead-letters, mail.dlq) as a table or JSON lines.",
        "Examples: hookline verdicts --label phishing          (new verdicts as they come)",
        "          hookline verdicts --since 1h --format json --idle-exit 5s | jq .",
        "Reads committed records only; without --since or --from-beginning it starts at the end."})
public final class VerdictsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private picocli.CommandLine.Model.CommandSpec spec;
  @Mixin private ConnectionOptions connection = new ConnectionOptions();

  @Option(names = "--format", description = "table or json (one object per line) (default: ${DEFAULT-VALUE}).")
  private String format = "table";

  @Option(names = "--label", description = "Only verdicts with this label: phishing or legitimate.")
  private String label;

  @Option(names = "--model", description = "Only verdicts of this model: NAME or NAME/VERSION.")
  private String model;

  @Option(names = "--since", description = "Start with records written since: a duration back (30m, 2h) or an ISO-8601 instant.")
  private String since;

  @Option(names = "--from-beginning", description = "Start with the oldest records kept.")
  private boolean fromBeginning;

  @Option(names = "--dead-letters", description = "Also show what the services set aside on the dead-letter topic.")
  private boolean deadLetters;

  @Option(names = "--max-records", description = "Stop after printing this many records.")
  private long maxRecords = Long.MAX_VALUE;

  @Option(names = "--idle-exit", converter = DurationConverter.class, description = "Stop when nothing new came for this long (default: follow until stopped).")
  private Duration idleExit;

  @Override
  public Integer call() {
    if (!List.of("table", "json").contains(format)) {
      throw new ParameterException(spec.commandLine(), "--format must be table or json, was " + format);
    }
    Label wanted = label == null ? null : parseLabel(label);
    Instant start = since == null ? null : parseSince(since);
    KafkaConnection kafka = connection.connection();
    try {
      return follow(kafka, wanted, start);
    } catch (org.apache.kafka.common.KafkaException e) { // the registry client's failures are KafkaExceptions too
      spec.commandLine().getErr().println("hookline verdicts: cannot read from " + kafka.bootstrapServers() + " (registry "
          + kafka.schemaRegistryUrl() + "): " + e.getMessage());
      return 1;
    }
  }

  private int follow(KafkaConnection kafka, Label wanted, Instant start) {
    HooklineTopics topics = HooklineTopics.of(connection.topics(), kafka.registry());
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("table")) {
      out.printf("%-24s  %-10s  %6s  %-16s  %-36s  %s%n", "DECIDED", "LABEL", "SCORE", "MODEL", "MESSAGE", "TOP REASON");
    }
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.readerProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<String> names = deadLetters ? List.of(topics.verdicts().name(), topics.deadLetters().name()) : List.of(topics.verdicts().name());
      position(consumer, names, start);
      long printed = 0;
      long lastRecord = System.nanoTime();
      while (printed < maxRecords) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          lastRecord = System.nanoTime();
        } else if (idleExit != null && System.nanoTime() - lastRecord > idleExit.toNanos()) {
          break;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
          if (printed >= maxRecords) {
            break;
          }
          String line;
          try {
            line = record.topic().equals(topics.verdicts().name())
                ? verdictLine(topics.verdicts().valueSerde().deserializer().deserialize(record.topic(), record.value()), wanted)
                : deadLetterLine(topics.deadLetters().valueSerde().deserializer().deserialize(record.topic(), record.value()));
          } catch (RuntimeException e) {
            line = format.equals("json")
                ? JSON.createObjectNode().put("type", "unreadable").put("topic", record.topic()).put("offset", record.offset()).put("error", e.getMessage()).toString()
                : "(unreadable record " + record.topic() + "@" + record.offset() + ": " + e.getMessage() + ")";
          }
          if (line != null) {
            out.println(line);
            out.flush();
            printed++;
          }
        }
      }
    }
    return 0;
  }

  private String verdictLine(Verdict verdict, Label wanted) {
    if (wanted != null && verdict.getLabel() != wanted || model != null && !modelMatches(verdict)) {
      return null;
    }
    if (format.equals("json")) {
      ObjectNode node = JSON.createObjectNode().put("type", "verdict")
          .put("messageId", verdict.getMessageId()).put("tenant", verdict.getTenant())
          .put("label", verdict.getLabel().name()).put("score", verdict.getScore()).put("threshold", verdict.getThreshold())
          .put("model", verdict.getModel().getName()).put("modelVersion", verdict.getModel().getVersion())
          .put("decidedAt", verdict.getDecidedAt().toString()).put("endToEndMillis", verdict.getEndToEndMillis());
      ArrayNode reasons = node.putArray("reasons");
      for (Reason reason : verdict.getReasons()) {
        reasons.addObject().put("feature", reason.getFeature()).put("attribution", reason.getAttribution())
            .put("direction", io.hookline.core.model.Attribution.direction(reason.getAttribution())).put("text", reason.getText());
      }
      return node.toString();
    }
    String reason = verdict.getReasons().stream()
        .filter(r -> (r.getAttribution() > 0) == (verdict.getLabel() == Label.PHISHING))
        .map(r -> r.getText().isEmpty() ? r.getFeature() : r.getText()).findFirst().orElse("");
    return String.format(Locale.ROOT, "%-24s  %-10s  %6.3f  %-16s  %-36s  %s", verdict.getDecidedAt().toString(), verdict.getLabel(),
        verdict.getScore(), verdict.getModel().getName() + "/" + verdict.getModel().getVersion(), verdict.getMessageId(), reason);
  }

  private String deadLetterLine(DeadLetter letter) {
    if (label != null || model != null) {
      return null; // dead letters have neither
    }
    if (format.equals("json")) {
      return JSON.createObjectNode().put("type", "dead-letter").put("service", letter.getService())
          .put("sourceTopic", letter.getSourceTopic()).put("sourcePartition", letter.getSourcePartition()).put("sourceOffset", letter.getSourceOffset())
          .put("key", letter.getKey() == null ? null : StandardCharsets.UTF_8.decode(letter.getKey().duplicate()).toString())
          .put("failure", letter.getFailure().name()).put("reason", letter.getReason()).put("failedAt", letter.getFailedAt().toString()).toString();
    }
    return String.format(Locale.ROOT, "%-24s  %-10s  %6s  %-16s  %-36s  %s", letter.getFailedAt().toString(), "DEAD-LETTER", "",
        letter.getService(), letter.getSourceTopic() + "@" + letter.getSourceOffset(), letter.getFailure() + ": " + letter.getReason());
  }

  private boolean modelMatches(Verdict verdict) {
    String name = verdict.getModel().getName();
    return model.contains("/") ? model.equals(name + "/" + verdict.getModel().getVersion()) : model.equals(name);
  }

  /** Every partition of the topics, at the end, the beginning, or the first record at or after {@code start}. */
  private void position(KafkaConsumer<String, byte[]> consumer, List<String> names, Instant start) {
    List<TopicPartition> partitions = names.stream()
        .flatMap(name -> Stream.ofNullable(consumer.partitionsFor(name, Duration.ofSeconds(30))).flatMap(List::stream))
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    if (partitions.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "no such topic: " + String.join(", ", names) + " (run hookline topics first?)");
    }
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else if (start == null) {
      consumer.seekToEnd(partitions);
    } else {
      Map<TopicPartition, Long> times = new HashMap<>();
      partitions.forEach(p -> times.put(p, start.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      for (TopicPartition partition : partitions) {
        OffsetAndTimestamp at = found.get(partition);
        consumer.seek(partition, at == null ? ends.get(partition) : at.offset());
      }
    }
  }

  private Label parseLabel(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "phishing", "spam", "1" -> Label.PHISHING;
      case "legitimate", "ham", "0" -> Label.LEGITIMATE;
      default -> throw new ParameterException(spec.commandLine(), "--label must be phishing or legitimate, was " + text);
    };
  }

  private Instant parseSince(String text) {
    try {
      return Instant.now().minus(new DurationConverter().convert(text));
    } catch (Exception notADuration) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new ParameterException(spec.commandLine(), "--since takes a duration (30m, 2h) or an ISO-8601 instant, was " + text);
      }
    }
  }
}
