package io.hookline.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.core.config.KafkaConnection;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.embedded.junit.ExternalPrograms;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules that ship in {@code config/prometheus}: valid for promtool, right by promtool's
 * own rule tests, and firing in a real Prometheus that scrapes a monitor watching shifted mail.
 */
@ExtendWith(EmbeddedStackExtension.class)
class PrometheusAlertingTest {
  private static final String HINT = "apt-get install prometheus";

  @Test
  void theRulesAreValidAndPassTheirOwnTests() throws Exception {
    Path promtool = ExternalPrograms.require("promtool", HINT);
    Path rules = ExternalPrograms.projectRoot().resolve("config/prometheus");
    Result check = run(rules, promtool.toString(), "check", "rules", "hookline-alerts.yml");
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 9 rules found");
    Result unit = run(rules, promtool.toString(), "test", "rules", "hookline-alerts.test.yml");
    assertThat(unit.exit()).as(unit.output()).isZero();
  }

  @Test
  void aRealPrometheusScrapingTheMonitorFiresTheDriftAlert(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    Path prometheus = ExternalPrograms.require("prometheus", HINT);
    TopicNames names = TopicNames.DEFAULTS.prefixed("alerting");
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, 2, (short) 1);
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(names, stack.registryClient());
    DriftScenario scenario = DriftScenario.get();
    MonitorFixtures.publishModel(kafka, topics, scenario, dir.resolve("models"));
    MonitorConfig config = MonitorFixtures.countWindows(kafka, names, "alerting-test", dir.resolve("state"));

    try (MonitorService monitor = MonitorService.start(config, new FileModelStore())) {
      int port = freePort();
      Path rules = ExternalPrograms.projectRoot().resolve("config/prometheus/hookline-alerts.yml");
      Files.writeString(dir.resolve("prometheus.yml"), """
          global:
            scrape_interval: 1s
            evaluation_interval: 1s
          rule_files:
            - %s
          scrape_configs:
            - job_name: hookline-drift-monitor
              static_configs:
                - targets: ['127.0.0.1:%d']
          """.formatted(rules, monitor.httpPort()));
      Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      try {
        MonitorFixtures.replay(kafka, topics, DriftScenario.draw(scenario.shifted, 1_500, 11), "shifted-", 0);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
            assertThat(get("http://127.0.0.1:" + port + "/api/v1/alerts"))
                .contains("\"alertname\":\"HooklineModelDrift\"").contains("\"model\":\"phish\"").contains("\"state\":\"firing\""));
        assertThat(get("http://127.0.0.1:" + port + "/api/v1/targets")).contains("\"health\":\"up\"");
      } finally {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(Path directory, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(command)).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
