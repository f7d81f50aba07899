package io.hookline.launcher.submit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.Envelope;
import io.hookline.avro.Label;
import io.hookline.avro.Reason;
import io.hookline.avro.Verdict;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailLimits;
import io.hookline.core.mail.MailParseException;
import io.hookline.core.mail.MailParser;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.launcher.ConnectionOptions;
import io.hookline.launcher.DurationConverter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hookline submit}: the gateway's simplest integration. One raw message in (a file or
 * stdin), published to the inbound topic; optionally the verdict back. Exit codes follow
 * sysexits(3), so a Postfix pipe or content filter can act on them:
 *
 * <pre>
 *  0  published (without --wait), or the verdict is LEGITIMATE
 *  1  the verdict is PHISHING
 * 64  bad usage
 * 65  the input is not a mail message (EX_DATAERR)
 * 75  no verdict in time, or Kafka or the registry unreachable: try again later (EX_TEMPFAIL)
 * </pre>
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = SubmitCommand.USAGE,
    exitCodeOnExecutionException = SubmitCommand.TEMPORARY_FAILURE,
    description = {
      "Publish one raw message (a file, or standard input) to the inbound topic and optionally wait for its verdict.",
      "Exit codes: 0 published or LEGITIMATE, 1 PHISHING, 64 usage, 65 not mail, 75 no verdict in time or Kafka unreachable (try later)."
    })
public final class SubmitCommand implements Callable<Integer> {
  public static final int LEGITIMATE_OR_PUBLISHED = 0;
  public static final int PHISHING = 1;
  public static final int USAGE = 64;
  public static final int NOT_MAIL = 65;
  public static final int TEMPORARY_FAILURE = 75;
  private static final int MAX_INPUT_BYTES = 64 << 20;

  @Spec private CommandSpec spec;
  @Mixin private ConnectionOptions connection = new ConnectionOptions();

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "The raw message; standard input when absent or '-'.")
  private Path file;

  @Option(names = "--id", description = "The message id (default: a new UUID); the key of its records.")
  private String id;

  @Option(names = "--tenant", description = "Tenant (default: ${DEFAULT-VALUE}).")
  private String tenant = "default";

  @Option(names = "--mail-from", description = "SMTP envelope sender.")
  private String mailFrom;

  @Option(names = "--rcpt", description = "SMTP envelope recipient (repeatable).")
  private List<String> recipients = new ArrayList<>();

  @Option(names = "--client-ip", description = "IP address of the SMTP client.")
  private String clientIp;

  @Option(names = "--helo", description = "HELO name the SMTP client gave.")
  private String helo;

  @Option(names = "--wait", description = "Wait for the verdict and exit with a code that says it.")
  private boolean waitForVerdict;

  @Option(names = "--timeout", converter = DurationConverter.class, description = "How long to wait for Kafka and for the verdict (default: 10s).")
  private Duration timeout = Duration.ofSeconds(10);

  @Option(names = "--format", description = "How to print the verdict: text, json or header (an X-Hookline-Verdict line) (default: ${DEFAULT-VALUE}).")
  private String format = "text";

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!List.of("text", "json", "header").contains(format)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be text, json or header, was " + format);
    }
    byte[] raw = readInput();
    String messageId = id != null ? id : UUID.randomUUID().toString();
    EmailMessage message;
    try {
      Envelope envelope = new Envelope(mailFrom, List.copyOf(recipients), clientIp, helo);
      message = new MailParser(MailLimits.from(connection.config()))
          .parse(raw, new InboundContext(messageId, tenant, Instant.now(), envelope, null, null));
    } catch (MailParseException e) {
      err.println("hookline submit: not a mail message: " + e.getMessage());
      err.flush();
      return NOT_MAIL;
    }
    KafkaConnection kafka = connection.connection();
    HooklineTopics topics = HooklineTopics.of(connection.topics(), kafka.registry());
    try (VerdictWatch watch = waitForVerdict ? VerdictWatch.open(kafka, topics, timeout) : null) {
      publish(kafka, topics, message);
      if (watch == null) {
        out.println("published " + messageId + " to " + topics.inbound().name());
        out.flush();
        return LEGITIMATE_OR_PUBLISHED;
      }
      Optional<Verdict> verdict = watch.await(messageId);
      if (verdict.isEmpty()) {
        err.println("hookline submit: no verdict for " + messageId + " within " + timeout + "; the message was published and will be scored");
        err.flush();
        return TEMPORARY_FAILURE;
      }
      print(out, verdict.get());
      return verdict.get().getLabel() == Label.PHISHING ? PHISHING : LEGITIMATE_OR_PUBLISHED;
    } catch (KafkaException | ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      err.println("hookline submit: could not publish to " + kafka.bootstrapServers() + ": " + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
      err.flush();
      return TEMPORARY_FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return TEMPORARY_FAILURE;
    }
  }

  private void publish(KafkaConnection kafka, HooklineTopics topics, EmailMessage message)
      throws ExecutionException, TimeoutException, InterruptedException {
    try (KafkaProducer<String, EmailMessage> producer =
        new KafkaProducer<>(kafka.producerProperties(timeout), topics.inbound().keySerde().serializer(), topics.inbound().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.inbound().name(), message.getMessageId(), message)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private byte[] readInput() throws IOException {
    if (file == null || file.toString().equals("-")) {
      return readBounded(System.in);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return readBounded(in);
    }
  }

  /** At most 64 MiB are kept; the parser keeps less still, and says so. */
  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] kept = in.readNBytes(MAX_INPUT_BYTES);
    in.transferTo(java.io.OutputStream.nullOutputStream());
    return kept;
  }

  private void print(PrintWriter out, Verdict verdict) {
    switch (format) {
      case "json" -> {
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = json.createObjectNode()
            .put("messageId", verdict.getMessageId())
            .put("label", verdict.getLabel().name())
            .put("score", verdict.getScore())
            .put("threshold", verdict.getThreshold())
            .put("model", verdict.getModel().getName())
            .put("modelVersion", verdict.getModel().getVersion());
        ArrayNode reasons = node.putArray("reasons");
        for (Reason reason : verdict.getReasons()) {
          reasons.addObject().put("feature", reason.getFeature()).put("attribution", reason.getAttribution())
              .put("direction", io.hookline.core.model.Attribution.direction(reason.getAttribution())).put("text", reason.getText());
        }
        out.println(node);
      }
      case "header" -> out.printf("X-Hookline-Verdict: %s score=%.3f threshold=%.3f model=%s/%s%n", verdict.getLabel(), verdict.getScore(),
          verdict.getThreshold(), verdict.getModel().getName(), verdict.getModel().getVersion());
      default -> {
        out.printf("%s  score %.3f (threshold %.3f)  model %s %s  message %s%n", verdict.getLabel(), verdict.getScore(), verdict.getThreshold(),
            verdict.getModel().getName(), verdict.getModel().getVersion(), verdict.getMessageId());
        for (Reason reason : verdict.getReasons()) {
          out.printf("  %+.2f  %s%n", reason.getAttribution(), reason.getText().isEmpty() ? reason.getFeature() : reason.getText());
        }
      }
    }
    out.flush();
  }

  /**
   * Reads the verdicts topic from its current end, opened before the message is published so
   * the verdict cannot be missed.
   */
  private static final class VerdictWatch implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final HooklineTopics topics;
    private final Duration timeout;

    private VerdictWatch(KafkaConsumer<String, byte[]> consumer, HooklineTopics topics, Duration timeout) {
      this.consumer = consumer;
      this.topics = topics;
      this.timeout = timeout;
    }

    static VerdictWatch open(KafkaConnection kafka, HooklineTopics topics, Duration timeout) {
      KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.readerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
      try {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topics.verdicts().name(), timeout).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, timeout)); // resolve the end now, before publishing
        return new VerdictWatch(consumer, topics, timeout);
      } catch (RuntimeException e) {
        consumer.close();
        throw e;
      }
    }

    Optional<Verdict> await(String messageId) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (messageId.equals(record.key())) {
            return Optional.of(topics.verdicts().valueSerde().deserializer().deserialize(record.topic(), record.value()));
          }
        }
      }
      return Optional.empty();
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(1));
    }
  }
}
