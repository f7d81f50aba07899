package io.hookline.launcher.submit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Label;
import io.hookline.avro.ModelRef;
import io.hookline.avro.Reason;
import io.hookline.avro.Verdict;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.launcher.CommandRun;
import io.hookline.launcher.Topics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code hookline submit} through the embedded broker. Where a verdict is needed, a stand-in
 * for the detector (a plain consumer and producer in this test) answers.
 */
@ExtendWith(EmbeddedStackExtension.class)
class SubmitCommandTest {
  private static final byte[] PHISH =
      "From: \"PayPal\" <service@paypa1.example>\r\nSubject: verify your account\r\n\r\nhttp://198.51.100.7/login\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HAM = "From: bob@example.org\r\nSubject: lunch\r\n\r\nat noon?\r\n".getBytes(StandardCharsets.US_ASCII);

  private static String[] args(EmbeddedStack stack, String... more) {
    String[] base = {"submit", "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl()};
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void publishesTheParsedMessageWithItsEnvelope(EmbeddedStack stack) {
    Topics.provision(stack);

    CommandRun run = CommandRun.of(HAM, args(stack, "--id", "submit-1", "--mail-from", "bob@example.org", "--rcpt", "alice@example.org", "--client-ip", "192.0.2.1"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("published submit-1 to mail.inbound");
    HooklineTopics topics = HooklineTopics.of(TopicNames.DEFAULTS, stack.registryClient());
    List<EmailMessage> inbound = CommittedRecords.read(stack, topics.inbound().name(), topics.inbound().valueSerde().deserializer());
    assertThat(inbound).filteredOn(m -> m.getMessageId().equals("submit-1")).singleElement().satisfies(m -> {
      assertThat(m.getSubject()).isEqualTo("lunch");
      assertThat(m.getEnvelope().getMailFrom()).isEqualTo("bob@example.org");
      assertThat(m.getEnvelope().getRcptTo()).containsExactly("alice@example.org");
      assertThat(m.getEnvelope().getClientIp()).isEqualTo("192.0.2.1");
    });
  }

  @Test
  void waitsForTheVerdictAndExitsWithItsCode(EmbeddedStack stack) throws Exception {
    Topics.provision(stack);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread detector = new Thread(() -> answerVerdicts(stack, running), "stand-in-detector");
    detector.start();
    try {
      CommandRun phishing = CommandRun.of(PHISH, args(stack, "--id", "submit-phish", "--wait", "--timeout", "20s"));
      CommandRun ham = CommandRun.of(HAM, args(stack, "--id", "submit-ham", "--wait", "--timeout", "20s", "--format", "header"));

      assertThat(phishing.exitCode()).as(phishing.err()).isEqualTo(SubmitCommand.PHISHING);
      assertThat(phishing.out()).startsWith("PHISHING  score 0.970").contains("stand-in 1").contains("+2.10  link to an IP address");
      assertThat(ham.exitCode()).as(ham.err()).isEqualTo(SubmitCommand.LEGITIMATE_OR_PUBLISHED);
      assertThat(ham.out()).startsWith("X-Hookline-Verdict: LEGITIMATE score=0.030");
    } finally {
      running.set(false);
      detector.join(10_000);
    }
  }

  @Test
  void noVerdictInTimeIsATemporaryFailure(EmbeddedStack stack) {
    Topics.provision(stack);

    CommandRun run = CommandRun.of(HAM, args(stack, "--id", "submit-unanswered", "--wait", "--timeout", "1s"));

    assertThat(run.exitCode()).isEqualTo(SubmitCommand.TEMPORARY_FAILURE);
    assertThat(run.err()).contains("no verdict for submit-unanswered");
  }

  @Test
  void inputThatIsNotMailIsADataError(EmbeddedStack stack) {
    CommandRun run = CommandRun.of(new byte[0], args(stack));

    assertThat(run.exitCode()).isEqualTo(SubmitCommand.NOT_MAIL);
    assertThat(run.err()).contains("not a mail message: message is empty");

    byte[] noise = new byte[4096];
    new java.util.Random(65).nextBytes(noise);
    CommandRun binary = CommandRun.of(noise, args(stack));
    assertThat(binary.exitCode()).isEqualTo(SubmitCommand.NOT_MAIL);
    assertThat(binary.err()).contains("message is binary");
  }

  @Test
  void anUnreachableBrokerIsATemporaryFailure(EmbeddedStack stack) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    CommandRun run = CommandRun.of(HAM, "submit", "--bootstrap-servers", "127.0.0.1:" + closedPort, "--schema-registry", stack.schemaRegistryUrl(), "--timeout", "2s");

    assertThat(run.exitCode()).isEqualTo(SubmitCommand.TEMPORARY_FAILURE);
    assertThat(run.err()).contains("could not publish to 127.0.0.1:" + closedPort);
  }

  @Test
  void badUsageIsExitCode64(EmbeddedStack stack) {
    CommandRun run = CommandRun.of(HAM, args(stack, "--format", "xml"));

    assertThat(run.exitCode()).isEqualTo(SubmitCommand.USAGE);
  }

  /** Answers every inbound message: PHISHING when its subject says "verify". */
  private static void answerVerdicts(EmbeddedStack stack, AtomicBoolean running) {
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(TopicNames.DEFAULTS, stack.registryClient());
    Map<String, Object> props = new HashMap<>(kafka.readerProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "stand-in-detector-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // it may join after the first submit
    try (KafkaConsumer<String, EmailMessage> consumer = new KafkaConsumer<>(props, topics.inbound().keySerde().deserializer(), topics.inbound().valueSerde().deserializer());
        KafkaProducer<String, Verdict> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)), topics.verdicts().keySerde().serializer(), topics.verdicts().valueSerde().serializer())) {
      consumer.subscribe(Set.of(topics.inbound().name()));
      while (running.get()) {
        for (var record : consumer.poll(Duration.ofMillis(100))) {
          boolean phishing = record.value().getSubject().contains("verify");
          Verdict verdict = Verdict.newBuilder()
              .setMessageId(record.key()).setScore(phishing ? 0.97 : 0.03).setLabel(phishing ? Label.PHISHING : Label.LEGITIMATE)
              .setThreshold(0.5).setModel(new ModelRef("stand-in", "1")).setDecidedAt(Instant.now())
              .setReasons(phishing ? List.of(new Reason("url.ip_literal_host", "url", 2.1, "link to an IP address")) : List.of())
              .build();
          producer.send(new ProducerRecord<>(topics.verdicts().name(), record.key(), verdict));
        }
      }
    }
  }
}
