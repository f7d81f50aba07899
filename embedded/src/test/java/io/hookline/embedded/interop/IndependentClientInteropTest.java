package io.hookline.embedded.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.Label;
import io.hookline.avro.LabelFeedback;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.TopicRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.embedded.junit.ExternalPrograms;
import io.hookline.schemas.SampleRecords;
import io.hookline.schemas.wire.AvroDeserializer;
import io.hookline.schemas.wire.AvroSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hookline's serde and registry against clients that share no code with it: kcat (librdkafka)
 * moves the bytes, and the JavaScript {@code @kafkajs/confluent-schema-registry} client frames and
 * decodes them through the registry, as it would against Confluent's.
 */
@ExtendWith(EmbeddedStackExtension.class)
class IndependentClientInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSTALL_KCAT = "apt-get install -y kcat";
  private static final String INSTALL_NODE = "npm ci --prefix interop";

  @Test
  void anIndependentClientDecodesAnEmailMessageHooklineProduced(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    Path kcat = ExternalPrograms.require("kcat", INSTALL_KCAT);
    Path node = ExternalPrograms.require("node", "install Node.js 18 or later");
    Path interop = interopDirectory();
    String topic = "interop.inbound";
    stack.createTopics(1, topic);
    EmailMessage sent = SampleRecords.emailMessage("interop-1");
    byte[] produced = new AvroSerializer<>(stack.registryClient(), EmailMessage.class, false, true).serialize(topic, sent);
    TopicRecords.produce(stack, topic, new ByteArraySerializer(), Map.of("interop-1", produced));

    Path payload = dir.resolve("value.bin");
    run(dir, payload, kcat.toString(), "-C", "-b", stack.bootstrapServers(), "-t", topic, "-p", "0",
        "-o", "beginning", "-c", "1", "-e", "-q", "-f", "%s");
    assertThat(Files.readAllBytes(payload)).as("bytes kcat read from the broker").isEqualTo(produced);

    String json = run(interop, null, node.toString(), "decode.mjs", stack.schemaRegistryUrl(), payload.toString());
    JsonNode decoded = JSON.readTree(json);

    assertThat(decoded.path("messageId").asText()).isEqualTo("interop-1");
    assertThat(decoded.path("subject").asText()).isEqualTo(sent.getSubject());
    assertThat(decoded.path("receivedAt").asLong()).isEqualTo(sent.getReceivedAt().toEpochMilli());
    assertThat(decoded.path("headers").path("from").asText()).isEqualTo(sent.getHeaders().getFrom());
    assertThat(decoded.path("links").get(0).path("anchorText").asText()).isEqualTo("www.paypal.com");
    assertThat(decoded.path("attachments").get(0).path("sha256").asText()).isEqualTo(sent.getAttachments().get(0).getSha256());
    assertThat(decoded.path("authentication").path("spf").asText()).isEqualTo("FAIL");
    assertThat(decoded.path("origin").path("label").asText()).isEqualTo("PHISHING");
  }

  @Test
  void hooklineDecodesARecordAnIndependentClientFramed(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    Path kcat = ExternalPrograms.require("kcat", INSTALL_KCAT);
    Path node = ExternalPrograms.require("node", "install Node.js 18 or later");
    Path interop = interopDirectory();
    String topic = "interop.feedback";
    stack.createTopics(1, topic);
    Path schema = ExternalPrograms.projectRoot().resolve("schemas/released/0.1/LabelFeedback.avsc");
    String record =
        "{\"messageId\":\"interop-2\",\"tenant\":\"example.org\",\"label\":\"PHISHING\",\"reportedAt\":1795766400000,"
            + "\"source\":\"USER_REPORT\",\"reporter\":null}";
    Path payload = dir.resolve("feedback.bin");

    String id = run(interop, null, node.toString(), "encode.mjs", stack.schemaRegistryUrl(), topic + "-value",
        schema.toString(), record, payload.toString());
    run(dir, null, kcat.toString(), "-P", "-b", stack.bootstrapServers(), "-t", topic, "-p", "0", payload.toString());
    List<byte[]> onTopic = TopicRecords.consumeBytes(stack, topic, 1);

    assertThat(onTopic).hasSize(1);
    LabelFeedback read = new AvroDeserializer<>(stack.registryClient(), LabelFeedback.class).deserialize(topic, onTopic.get(0));
    assertThat(read.getMessageId()).isEqualTo("interop-2");
    assertThat(read.getLabel()).isEqualTo(Label.PHISHING);
    assertThat(read.getReportedAt().toEpochMilli()).isEqualTo(1_795_766_400_000L);
    // Hookline registers the same contract and must get the id the other client got
    int hooklineId = stack.registryClient().register(topic + "-value",
        io.hookline.schemas.registry.JavaSchemaProperties.strip(io.hookline.schemas.Contracts.schemaOf(LabelFeedback.class)));
    assertThat(hooklineId).isEqualTo(Integer.parseInt(id.trim()));
  }

  private static Path interopDirectory() {
    Path interop = ExternalPrograms.projectRoot().resolve("interop");
    ExternalPrograms.requireFile(interop.resolve("node_modules/@kafkajs/confluent-schema-registry"), INSTALL_NODE);
    return interop;
  }

  /** Runs a program; returns its standard output, or writes it to {@code stdoutFile}. */
  private static String run(Path workDir, Path stdoutFile, String... command) throws IOException, InterruptedException {
    Path out = stdoutFile != null ? stdoutFile : Files.createTempFile("interop-out", ".txt");
    Path err = Files.createTempFile("interop-err", ".txt");
    Process process =
        new ProcessBuilder(new ArrayList<>(List.of(command)))
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command[0] + " did not finish within 60 s");
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit code of %s; stderr: %s", String.join(" ", command), stderr).isZero();
    return stdoutFile != null ? "" : Files.readString(out, StandardCharsets.UTF_8);
  }
}
