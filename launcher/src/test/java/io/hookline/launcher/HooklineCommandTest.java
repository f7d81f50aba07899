package io.hookline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end, in this JVM, against the real embedded platform. */
class HooklineCommandTest {

  @Test
  void demoStartsThePlatformAndKeepsSchemaIdsAcrossRuns(@TempDir Path dir) {
    Path data = dir.resolve("data");

    CommandRun first = CommandRun.of("demo", "--platform-only", "--data-dir", data.toString(), "--run-for", "1s");
    CommandRun second = CommandRun.of("demo", "--platform-only", "--data-dir", data.toString(), "--run-for", "1s");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).containsPattern("Kafka bootstrap servers +127\\.0\\.0\\.1:\\d+")
        .containsPattern("Schema registry +http://127\\.0\\.0\\.1:\\d+")
        .contains("Stopped; data kept in");
    assertThat(schemaIdLine(first.out(), "mail.inbound")).endsWith("(new)");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(schemaIdLine(second.out(), "mail.inbound")).doesNotContain("(new)");
    assertThat(schemaId(second.out(), "model.events")).isEqualTo(schemaId(first.out(), "model.events"));
    assertThat(data.resolve("meta.properties")).exists();
  }

  @Test
  void demoRunsTheWholeLoopAndMeetsItsGoals(@TempDir Path dir) {
    CommandRun demo = CommandRun.of("demo", "--work-dir", dir.resolve("work").toString(), "--report", dir.resolve("report.html").toString());

    assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out()).containsPattern("Drift detected: yes. Retrain requests: [1-9]\\d*. Promotions: [1-9].")
        .containsPattern("Messages published ([0-9,]+), answered \\1, answered twice 0\\.")
        .containsPattern("F1 on the new styles: 0\\.\\d{3} by initial-1 before the repair, (0\\.9[5-9]\\d|1\\.000) by r\\w+ on held-out mail after it\\.")
        .contains("The loop met its goals.");
    assertThat(dir.resolve("report.html")).content().contains("<h1>Hookline: the loop</h1>").contains("<h2>Timeline</h2>")
        .contains("<td class=\"l\">alert fired</td>").contains("<td class=\"l\">retrain requested</td>").contains("<td class=\"l\">promoted r")
        .contains("recovery measured").contains("id=\"hookline-data\"");
  }

  @Test
  void demoRefusesAMalformedDurationWithAUsageError(@TempDir Path dir) {
    CommandRun outcome = CommandRun.of("demo", "--platform-only", "--data-dir", dir.toString(), "--run-for", "soon");

    assertThat(outcome.exitCode()).isEqualTo(64);
    assertThat(outcome.err()).contains("'soon' is not a duration");
  }

  @Test
  void serdeBenchWritesVerifiedCountsAndRates(@TempDir Path dir) throws Exception {
    Path result = dir.resolve("serde.json");

    CommandRun outcome = CommandRun.of("bench", "serde", "--records", "2000", "--runs", "2", "--warmup", "1", "--out", result.toString());

    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.toFile());
    assertThat(json.path("records").asInt()).isEqualTo(2000);
    assertThat(json.path("runs")).hasSize(2);
    assertThat(json.path("runs").get(1).path("valueBytes").asLong()).isGreaterThan(2000L * 1000);
    assertThat(json.path("medians").path("produceRecordsPerSecond").asDouble()).isPositive();
    assertThat(json.path("medians").path("consumeRecordsPerSecond").asDouble()).isPositive();
  }

  private static String schemaIdLine(String output, String topic) {
    return output.lines().filter(l -> l.trim().startsWith(topic + " ")).findFirst().orElseThrow().trim();
  }

  private static int schemaId(String output, String topic) {
    Matcher m = Pattern.compile("^\\S+\\s+\\S+\\s+(\\d+)").matcher(schemaIdLine(output, topic));
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
