package io.hookline.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hookline.embedded.junit.ExternalPrograms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The compose stack's configuration files, checked without Docker: they parse, agree with each other and with the code. */
class DeploymentConfigTest {
  private static final Path ROOT = ExternalPrograms.projectRoot();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void prometheusConfigAndRulesAreValidForPromtool() throws Exception {
    Path promtool = ExternalPrograms.require("promtool", "apt-get install prometheus");
    Process check = new ProcessBuilder(promtool.toString(), "check", "config", "prometheus.yml")
        .directory(ROOT.resolve("config/prometheus").toFile()).redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor()).as(output).isZero();
    assertThat(output).contains("SUCCESS: 9 rules found");
  }

  @Test
  void composeRunsEveryPartAndItsDockerfilesExist() throws Exception {
    JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
    JsonNode services = compose.path("services");
    for (String service : List.of("kafka", "schema-registry", "topics", "detector", "monitor", "trainer", "gateway", "prometheus", "alertmanager", "grafana")) {
      assertThat(services.has(service)).as(service).isTrue();
    }
    assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("COPY launcher/target/hookline.jar").contains("ARG SERVICE");
    for (String[] service : new String[][] {{"detector", "9401"}, {"monitor", "9402"}, {"trainer", "9403"}, {"gateway", "9404"}}) {
      JsonNode args = services.path(service[0]).path("build").path("args");
      assertThat(args.path("SERVICE").asText()).as(service[0]).isEqualTo(service[0]);
      assertThat(args.path("PORT").asText()).as(service[0]).isEqualTo(service[1]);
    }
    assertThat(services.path("trainer").path("environment").path("HOOKLINE_TRAINER_HTTP_TOKEN_FILE").asText()).isEqualTo("/run/secrets/trainer-token");
    // the Prometheus targets are the services' default ports
    JsonNode prometheus = YAML.readTree(ROOT.resolve("config/prometheus/prometheus.yml").toFile());
    Set<String> targets = new HashSet<>();
    prometheus.path("scrape_configs").forEach(job -> job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText()))));
    assertThat(targets).containsExactlyInAnyOrder("detector:9401", "monitor:9402", "trainer:9403", "gateway:9404");
    // the broker is the version of the clients, and keeps its topics on its volume
    JsonNode kafka = services.path("kafka");
    assertThat(kafka.path("image").asText()).isEqualTo("apache/kafka:" + org.apache.kafka.common.utils.internals.AppInfoParser.getVersion());
    assertThat(kafka.path("environment").path("KAFKA_LOG_DIRS").asText()).isEqualTo("/var/lib/kafka/data");
    assertThat(kafka.path("volumes").get(0).asText()).isEqualTo("kafka-data:/var/lib/kafka/data");
    // the model store's volume is a folder the image creates for the service user
    assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("mkdir -p /var/lib/hookline/models").contains("chown -R hookline /var/lib/hookline");
    assertThat(services.path("gateway").path("environment").path("HOOKLINE_GATEWAY_BIND").asText()).isEqualTo("0.0.0.0");
  }

  @Test
  void theReleasesSampleConfigurationStartsEveryServiceAndItsUnitsRunCommandsThatExist() throws Exception {
    Path dist = ROOT.resolve("launcher/src/dist");
    io.hookline.core.config.ConfigSource sample = io.hookline.core.config.ConfigSource.layered(dist.resolve("config/hookline.properties"), java.util.Map.of(), java.util.Map.of());
    var gateway = io.hookline.gateway.GatewayConfig.from(sample);
    assertThat(gateway.milterPort()).isEqualTo(11332);
    assertThat(gateway.checkPort()).isEqualTo(11333);
    assertThat(gateway.bind()).isEqualTo("127.0.0.1");
    assertThat(io.hookline.detector.DetectorConfig.from(sample).httpPort()).isEqualTo(9401);
    assertThat(io.hookline.monitor.MonitorConfig.from(sample).httpPort()).isEqualTo(9402);
    Set<String> commands = new picocli.CommandLine(new io.hookline.launcher.HooklineCommand()).getSubcommands().keySet();
    try (Stream<Path> units = Files.list(dist.resolve("systemd"))) {
      List<Path> all = units.toList();
      assertThat(all).hasSize(4);
      for (Path unit : all) {
        Matcher exec = Pattern.compile("ExecStart=/opt/hookline/bin/hookline (\\S+) --config /etc/hookline/hookline.properties").matcher(Files.readString(unit));
        assertThat(exec.find()).as(unit.toString()).isTrue();
        assertThat(commands).contains(exec.group(1));
      }
    }
    String launcher = Files.readString(dist.resolve("bin/hookline"));
    assertThat(launcher).contains("../lib/hookline.jar").doesNotContain("mvn");
    assertThat(Files.isExecutable(dist.resolve("bin/hookline"))).isTrue();
  }

  @Test
  void alertmanagerSendsTheDriftAlertToTheTrainersWebhookWithTheToken() throws Exception {
    JsonNode config = YAML.readTree(ROOT.resolve("config/alertmanager/alertmanager.yml").toFile());
    JsonNode route = config.path("route").path("routes").get(0);
    assertThat(route.path("matchers").get(0).asText()).contains("HooklineModelDrift");
    JsonNode trainer = null;
    for (JsonNode receiver : config.path("receivers")) {
      if (receiver.path("name").asText().equals(route.path("receiver").asText())) {
        trainer = receiver;
      }
    }
    assertThat(trainer).isNotNull();
    JsonNode webhook = trainer.path("webhook_configs").get(0);
    assertThat(webhook.path("url").asText()).isEqualTo("http://trainer:9403/alertmanager");
    assertThat(webhook.path("http_config").path("authorization").path("credentials_file").asText()).isEqualTo("/run/secrets/trainer-token");
  }

  @Test
  void theDashboardParsesAndAsksOnlyForMetricsHooklineExports() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("config/grafana/dashboards/hookline.json").toFile());
    JsonNode datasource = YAML.readTree(ROOT.resolve("config/grafana/provisioning/datasources/prometheus.yml").toFile()).path("datasources").get(0);
    String sources = mainSources();
    List<String> unknown = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(6);
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique panel ids").isTrue();
      assertThat(panel.path("datasource").path("uid").asText()).isEqualTo(datasource.path("uid").asText());
      assertThat(panel.path("targets").size()).isPositive();
      for (JsonNode target : panel.path("targets")) {
        Matcher metric = Pattern.compile("hookline_[a-z0-9_]+").matcher(target.path("expr").asText());
        while (metric.find()) {
          if (!exported(metric.group(), sources)) {
            unknown.add(metric.group());
          }
        }
      }
    }
    assertThat(unknown).as("metrics the dashboard asks for that no service exports").isEmpty();
  }

  /** A metric is exported when its registered name, before Prometheus' suffixes, is in the code. */
  private static boolean exported(String metric, String sources) {
    String base = metric.replaceAll("_(bucket|count|sum|total)$", "").replaceAll("_seconds$", "");
    return sources.contains("\"" + metric + "\"") || sources.contains("\"" + base + "\"") || (base.startsWith("hookline_drift_") && sources.contains("\"" + base.substring("hookline_drift_".length()) + "\""));
  }

  private static String mainSources() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")).toList()) {
        all.append(Files.readString(file));
      }
    }
    return all.toString();
  }
}
