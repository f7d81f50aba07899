package io.hookline.monitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.DriftAlert;
import io.hookline.avro.DriftReport;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.WindowKind;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.monitor.DriftScenarioAccess;
import io.hookline.monitor.MonitorConfig;
import io.hookline.monitor.MonitorService;
import io.hookline.monitor.alerting.Thresholds;
import io.hookline.monitor.reference.ReferenceCatalog;
import io.hookline.schemas.InMemorySchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Windows as Kafka Streams' test driver runs them: closed by event time, and by the clock when the stream goes quiet. */
class MonitorTopologyTest {

  @Test
  void timeWindowsCloseByEventTimeThenByTheWallClockPastBadBytes(@TempDir Path dir) throws Exception {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    TopicNames names = TopicNames.DEFAULTS;
    HooklineTopics topics = HooklineTopics.of(names, registry);
    ReferenceCatalog catalog = new ReferenceCatalog(new FileModelStore());
    catalog.put(DriftScenarioAccess.model(), DriftScenarioAccess.reference());
    MonitorConfig config = new MonitorConfig(KafkaConnection.of("unused:9092", "http://unused"), names, "topology-test", dir,
        MonitorConfig.WindowKind.TIME, Duration.ofSeconds(10), Duration.ofSeconds(2), 1_000, 50, 100, Duration.ofSeconds(1),
        Duration.ofMinutes(5), true, 0.05, 10, 0, Thresholds.defaults());
    Properties props = new Properties();
    props.putAll(MonitorService.streamsProperties(config, topics));
    long t0 = Instant.now().toEpochMilli() / 10_000 * 10_000;
    try (TopologyTestDriver driver = new TopologyTestDriver(MonitorTopology.build(config, topics, catalog, judged -> {}), props, Instant.ofEpochMilli(t0))) {
      TestInputTopic<String, byte[]> input = driver.createInputTopic(names.inferenceLog(), new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, DriftReport> reports = driver.createOutputTopic(names.driftReports(), new StringDeserializer(), topics.driftReports().valueSerde().deserializer());
      List<InferenceRecord> calm = DriftScenarioAccess.inDistribution(301);
      for (int i = 0; i < 300; i++) {
        send(input, topics, calm.get(i), "w1-" + i, t0 + i * 30);
      }
      assertThat(reports.isEmpty()).as("window still open").isTrue();
      input.pipeInput("bad", new byte[] {1, 2, 3}); // skipped (to the dead-letter topic on a broker: MonitorServiceTest)
      send(input, topics, calm.get(300), "late-comer", t0 + 13_000); // event time passes the first window's end and grace
      driver.advanceWallClockTime(Duration.ofSeconds(1)); // partials flush
      DriftReport first = reports.readValue();
      assertThat(first.getWindow().getKind()).isEqualTo(WindowKind.TIME);
      assertThat(first.getWindow().getStart().toEpochMilli()).isEqualTo(t0);
      assertThat(first.getWindow().getEnd().toEpochMilli()).isEqualTo(t0 + 10_000);
      assertThat(first.getWindow().getEvents()).isEqualTo(300);
      assertThat(first.getFeatureShifts()).isNotEmpty();
      assertThat(reports.isEmpty()).isTrue();

      driver.advanceWallClockTime(Duration.ofSeconds(20)); // a window size past its end and grace: not yet
      assertThat(reports.isEmpty()).isTrue();
      driver.advanceWallClockTime(Duration.ofSeconds(15)); // nothing more arrived: the clock closes the second window
      DriftReport second = reports.readValue();
      assertThat(second.getWindow().getStart().toEpochMilli()).isEqualTo(t0 + 10_000);
      assertThat(second.getWindow().getEvents()).isEqualTo(1);

    }
  }

  /**
   * Default settings, the real topology, a gateway at 2 msg/s and one at 500 msg/s (event time and
   * the wall clock advance together): 3,000 familiar messages raise no alert, and mail of other
   * styles is alarmed within 300 messages.
   */
  @ParameterizedTest(name = "{0} msg/s")
  @ValueSource(doubles = {2, 500})
  void defaultSettingsAlarmWithinAFewHundredShiftedMessagesAtAnyRate(double rate, @TempDir Path dir) throws Exception {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    TopicNames names = TopicNames.DEFAULTS;
    HooklineTopics topics = HooklineTopics.of(names, registry);
    ReferenceCatalog catalog = new ReferenceCatalog(new FileModelStore());
    catalog.put(DriftScenarioAccess.model(), DriftScenarioAccess.reference());
    MonitorConfig config = MonitorConfig.from(ConfigSource.of(Map.of("monitor.state-dir", dir.toString())));
    assertThat(config.windowKind()).isEqualTo(MonitorConfig.WindowKind.SLIDING);
    Properties props = new Properties();
    props.putAll(MonitorService.streamsProperties(config, topics));
    long t0 = Instant.parse("2026-12-05T08:00:00Z").toEpochMilli();
    long gapMicros = Math.round(1_000_000 / rate);
    try (TopologyTestDriver driver = new TopologyTestDriver(MonitorTopology.build(config, topics, catalog, judged -> {}), props, Instant.ofEpochMilli(t0))) {
      TestInputTopic<String, byte[]> input = driver.createInputTopic(names.inferenceLog(), new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, DriftAlert> alerts = driver.createOutputTopic(names.alerts(), new StringDeserializer(), topics.alerts().valueSerde().deserializer());
      TestOutputTopic<String, DriftReport> reports = driver.createOutputTopic(names.driftReports(), new StringDeserializer(), topics.driftReports().valueSerde().deserializer());
      List<InferenceRecord> stream = new ArrayList<>(DriftScenarioAccess.inDistribution(3_000));
      stream.addAll(DriftScenarioAccess.shifted(1_000));
      int alarmedAt = -1;
      long micros = 0;
      for (int i = 0; i < stream.size() && alarmedAt < 0; i++) {
        long receivedAt = t0 + micros / 1_000;
        send(input, topics, stream.get(i), "m-" + i, receivedAt);
        long next = micros + gapMicros;
        driver.advanceWallClockTime(Duration.ofMillis(next / 1_000 - micros / 1_000));
        micros = next;
        if (!alerts.isEmpty()) {
          alarmedAt = i + 1;
        }
      }
      List<DriftReport> judged = reports.readValuesToList();
      System.out.printf("%.0f msg/s: %d windows judged, alarm at message %d (%d after the shift)%n", rate, judged.size(), alarmedAt, alarmedAt - 3_000);
      assertThat(judged).as("windows judged").hasSizeGreaterThan(50);
      assertThat(judged).allSatisfy(r -> assertThat(r.getWindow().getKind()).isEqualTo(WindowKind.SLIDING));
      assertThat(alarmedAt).as("message at which the first alert fired").isGreaterThan(3_000).isLessThanOrEqualTo(3_300);
    }
  }

  private static void send(TestInputTopic<String, byte[]> input, HooklineTopics topics, InferenceRecord record, String id, long receivedAt) {
    InferenceRecord copy = InferenceRecord.newBuilder(record).setMessageId(id).setReceivedAt(Instant.ofEpochMilli(receivedAt)).build();
    input.pipeInput(id, topics.inferenceLog().valueSerde().serializer().serialize(topics.inferenceLog().name(), copy), Instant.ofEpochMilli(receivedAt));
  }
}
