package io.hookline.launcher.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.avro.Label;
import io.hookline.avro.LabelFeedback;
import io.hookline.avro.Verdict;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.launcher.CommandRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check API as Rspamd's clients drive it (rspamc, Exim, Haraka: POST /checkv2 with the
 * envelope in headers), against the real detector and a real model through the real broker; then
 * the verdicts read back and an analyst's label sent, as a person does with the CLI.
 */
@ExtendWith(EmbeddedStackExtension.class)
class GatewayEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void answersRspamdClientsWithTheDetectorsVerdictAndTheCliReadsVerdictsAndSendsLabels(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    List<CorpusExample> sample = new ArrayList<>();
    corpus.stream().filter(e -> e.label() == Label.PHISHING).skip(5).limit(8).forEach(sample::add);
    corpus.stream().filter(e -> e.label() == Label.LEGITIMATE).skip(5).limit(8).forEach(sample::add);

    try (LiveGateway live = LiveGateway.start(stack, "gw-e2e.", dir.resolve("store"), Map.of("gateway.action.phishing", "reject"))) {
      Map<String, JsonNode> answers = new HashMap<>();
      for (CorpusExample example : sample) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + live.gateway().checkPort() + "/checkv2"))
            .header("From", "<sender@example.org>").header("Rcpt", "<user@example.com>").header("IP", "198.51.100.4")
            .header("Helo", "mail.example.org").header("Queue-Id", "4Xy7Zq1")
            .POST(HttpRequest.BodyPublishers.ofByteArray(example.raw())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode answer = JSON.readTree(response.body());
        answers.put(answer.path("message-id").asText(), answer);
      }

      HooklineTopics topics = HooklineTopics.of(live.names(), stack.registryClient());
      Map<String, Verdict> verdicts = CommittedRecords.read(stack, live.names().verdicts(), topics.verdicts().valueSerde().deserializer())
          .stream().collect(Collectors.toMap(Verdict::getMessageId, v -> v, (a, b) -> a));
      assertThat(verdicts.keySet()).containsAll(answers.keySet());
      int rejected = 0;
      for (var entry : answers.entrySet()) {
        Verdict verdict = verdicts.get(entry.getKey());
        JsonNode answer = entry.getValue();
        boolean phishing = verdict.getLabel() == Label.PHISHING;
        rejected += phishing ? 1 : 0;
        assertThat(answer.path("is_skipped").asBoolean()).isFalse();
        assertThat(answer.path("action").asText()).isEqualTo(phishing ? "reject" : "no action");
        assertThat(answer.path("score").asDouble()).isCloseTo(verdict.getScore() * 10, org.assertj.core.data.Offset.offset(0.01));
        assertThat(answer.path("required_score").asDouble()).isCloseTo(verdict.getThreshold() * 10, org.assertj.core.data.Offset.offset(0.01));
        assertThat(answer.path("symbols").has(phishing ? "HOOKLINE_PHISHING" : "HOOKLINE_LEGITIMATE")).isTrue();
        assertThat(answer.path("symbols").size()).isGreaterThan(1);
        assertThat(answer.path("milter").path("remove_headers").path("X-Spam-Flag").asInt(-1)).as("every forged copy").isZero();
        JsonNode headers = answer.path("milter").path("add_headers");
        assertThat(headers.path("X-Spam-Flag").asText()).isEqualTo(phishing ? "YES" : "NO");
        assertThat(headers.path("X-Hookline-Model").asText()).isEqualTo("phish/v1");
        assertThat(headers.path("X-Hookline-Id").asText()).isEqualTo(entry.getKey());
        if (phishing) {
          assertThat(answer.path("messages").path("smtp_message").asText()).isNotBlank();
        }
      }
      assertThat(rejected).as("the sample holds both verdicts").isBetween(1, answers.size() - 1);

      // hookline verdicts reads them back as a person would, filtered
      Path config = dir.resolve("hookline.properties");
      Properties properties = new Properties();
      live.settings().forEach((key, value) -> {
        if (key.startsWith("topic.") || key.startsWith("kafka.") || key.startsWith("schema.")) {
          properties.setProperty(key, value);
        }
      });
      try (var out = Files.newBufferedWriter(config)) {
        properties.store(out, null);
      }
      CommandRun phishingOnly = CommandRun.of("verdicts", "--config", config.toString(), "--from-beginning", "--label", "phishing",
          "--format", "json", "--idle-exit", "2s");
      assertThat(phishingOnly.exitCode()).as(phishingOnly.err()).isZero();
      List<JsonNode> lines = new ArrayList<>();
      for (String line : phishingOnly.out().strip().split("\n")) {
        lines.add(JSON.readTree(line));
      }
      assertThat(lines).hasSize(rejected).allSatisfy(line -> {
        assertThat(line.path("label").asText()).isEqualTo("PHISHING");
        assertThat(answers).containsKey(line.path("messageId").asText());
        assertThat(line.path("reasons").get(0).path("direction").asText()).isIn("phishing", "legitimate");
      });
      CommandRun table = CommandRun.of("verdicts", "--config", config.toString(), "--from-beginning", "--max-records", "3");
      assertThat(table.exitCode()).as(table.err()).isZero();
      assertThat(table.out().lines()).hasSize(4).first().asString().contains("LABEL", "SCORE", "MODEL");

      // an analyst labels a delivered message by the header the gateway added, as with rspamc learn_spam
      String delivered = answers.keySet().iterator().next();
      Path eml = dir.resolve("reported.eml");
      Files.writeString(eml, "X-Hookline-Id: " + delivered + "\r\nSubject: reported\r\n\r\nbody\r\n", StandardCharsets.UTF_8);
      CommandRun feedback = CommandRun.of("feedback", "--config", config.toString(), "--phishing", eml.toString(), "--reporter", "soc-7");
      assertThat(feedback.exitCode()).as(feedback.err()).isZero();
      CommandRun noHeader = CommandRun.of("feedback", "--config", config.toString(), "--legitimate", config.toString());
      assertThat(noHeader.exitCode()).isEqualTo(1);
      assertThat(noHeader.err()).contains("X-Hookline-Id").contains("nothing published");
      List<LabelFeedback> labels = CommittedRecords.read(stack, live.names().feedback(), topics.feedback().valueSerde().deserializer());
      assertThat(labels).singleElement().satisfies(label -> {
        assertThat(label.getMessageId()).isEqualTo(delivered);
        assertThat(label.getLabel()).isEqualTo(Label.PHISHING);
        assertThat(label.getReporter()).isEqualTo("soc-7");
      });
    }
  }
}
