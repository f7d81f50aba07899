package io.hookline.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.avro.AlertState;
import io.hookline.avro.DeadLetter;
import io.hookline.avro.DriftAlert;
import io.hookline.avro.DriftReport;
import io.hookline.avro.FailureKind;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.RetrainTrigger;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The monitor's topology on the embedded broker: calm traffic, then a shift, with labels arriving. */
@ExtendWith(EmbeddedStackExtension.class)
class MonitorServiceTest {

  @Test
  void staysQuietOnFamiliarMailAndAlertsWithEvidenceWhenTheMailShifts(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    TopicNames names = TopicNames.DEFAULTS.prefixed("monitor");
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, 3, (short) 1);
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(names, stack.registryClient());
    DriftScenario scenario = DriftScenario.get();
    MonitorFixtures.publishModel(kafka, topics, scenario, dir.resolve("models"));
    MonitorConfig config = MonitorFixtures.countWindows(kafka, names, "monitor-test", dir.resolve("state"));

    try (MonitorService monitor = MonitorService.start(config, new FileModelStore())) {
      MonitorFixtures.replay(kafka, topics, DriftScenario.draw(scenario.inDistribution, 3_000, 5), "calm-", 10);
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)), new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(names.inferenceLog(), "garbage", new byte[] {0, 0, 0, 0, 42, 1, 2})).get();
      }
      // 3,000 events in windows of at least 500 (partials of up to 100 per partition): five or six close
      await().atMost(Duration.ofSeconds(90)).until(() -> reports(stack, topics).size() >= 5);
      assertThat(CommittedRecords.read(stack, names.alerts(), topics.alerts().valueSerde().deserializer())).isEmpty();
      List<DriftReport> calm = reports(stack, topics);
      assertThat(calm).allSatisfy(r -> {
        assertThat(r.getModel()).isEqualTo(DriftScenario.MODEL);
        assertThat(r.getWindow().getEvents()).isBetween(500L, 800L);
        assertThat(r.getFeatureShifts()).isNotEmpty();
      });
      assertThat(calm).anySatisfy(r -> assertThat(r.getMeasured()).isNotNull());
      List<DeadLetter> letters = CommittedRecords.read(stack, names.deadLetters(), topics.deadLetters().valueSerde().deserializer());
      assertThat(letters).singleElement().satisfies(l -> {
        assertThat(l.getService()).isEqualTo("drift-monitor");
        assertThat(l.getFailure()).isEqualTo(FailureKind.UNKNOWN_SCHEMA_ID);
      });

      MonitorFixtures.replay(kafka, topics, DriftScenario.draw(scenario.shifted, 2_000, 5), "shift-", 4);
      await().atMost(Duration.ofSeconds(90)).until(() -> !CommittedRecords.read(stack, names.alerts(), topics.alerts().valueSerde().deserializer()).isEmpty());
      DriftAlert alert = CommittedRecords.read(stack, names.alerts(), topics.alerts().valueSerde().deserializer()).get(0);
      assertThat(alert.getState()).isEqualTo(AlertState.FIRING);
      assertThat(alert.getModel()).isEqualTo(DriftScenario.MODEL);
      assertThat(alert.getEvidence()).isNotEmpty();
      assertThat(alert.getSampleMessageIds()).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith("shift-"));
      await().atMost(Duration.ofSeconds(30)).until(() -> !CommittedRecords.read(stack, names.trainerCommands(), topics.trainerCommands().valueSerde().deserializer()).isEmpty());
      RetrainRequest request = CommittedRecords.read(stack, names.trainerCommands(), topics.trainerCommands().valueSerde().deserializer()).get(0);
      assertThat(request.getTrigger()).isEqualTo(RetrainTrigger.DRIFT);
      assertThat(request.getAlertId()).isEqualTo(alert.getAlertId());
      assertThat(request.getDataPolicy().getName()).isEqualTo("generalist");

      String metrics = get(monitor, "/metrics");
      assertThat(metrics).contains("hookline_drift_alert_active{model=\"phish\"} 1.0").contains("hookline_drift_family_share_ratio{family=\"token\",model=\"phish\"}");
      String reports = get(monitor, "/reports");
      assertThat(reports).contains("\"featureShifts\"").contains("\"findings\"")
          .as("plain JSON: no Avro union wrappers, ISO-8601 times").doesNotContain("{\"double\":", "\"io.hookline.avro.").containsPattern("\"end\":\"20\\d\\d-");
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      assertThat(json.readTree(get(monitor, "/reports?model=phish&limit=2"))).hasSize(2);
      assertThat(json.readTree(get(monitor, "/reports?model=nobody"))).isEmpty();
      assertThat(json.readTree(get(monitor, "/reports?since=2h")).size()).isEqualTo(json.readTree(reports).size());
      assertThat(json.readTree(get(monitor, "/reports/latest")).has("phish")).isTrue();
      assertThat(json.readTree(get(monitor, "/alerts"))).anySatisfy(a -> {
        assertThat(a.path("state").asText()).isEqualTo("FIRING");
        assertThat(a.path("alertId").asText()).isEqualTo(alert.getAlertId());
      });
      assertThat(get(monitor, "/reports?limit=soon")).contains("limit must be a positive whole number");
      assertThat(get(monitor, "/")).contains("id=\"hookline-data\"").contains("uPlot").contains("\"featureShifts\"");
      assertThat(get(monitor, "/readyz")).isEqualTo("ok\n");
    }
  }

  private static List<DriftReport> reports(EmbeddedStack stack, HooklineTopics topics) {
    return CommittedRecords.read(stack, topics.driftReports().name(), topics.driftReports().valueSerde().deserializer());
  }

  static String get(MonitorService monitor, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
