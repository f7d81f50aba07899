package io.hookline.monitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.DriftReport;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.WindowKind;
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
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time windows as Kafka Streams' test driver runs them: closed by event time, and by the clock when the stream goes quiet. */
class MonitorTopologyTest {

  @Test
  void timeWindowsCloseByEventTimeThenByTheWallClockPastBadBytes(@TempDir Path dir) throws Exception {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    TopicNames names = TopicNames.DEFAULTS;
    HooklineTopics topics = HooklineTopics.of(names, registry);
    ReferenceCatalog catalog = new ReferenceCatalog(new FileModelStore());
    catalog.put(DriftScenarioAccess.model(), DriftScenarioAccess.reference());
    MonitorConfig config = new MonitorConfig(KafkaConnection.of("unused:9092", "http://unused"), names, "topology-test", dir,
        MonitorConfig.WindowKind.TIME, Duration.ofSeconds(10), Duration.ofSeconds(2), 1_000, 100, Duration.ofSeconds(1),
        Duration.ofMinutes(5), true, 10, 0, Thresholds.defaults());
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

  private static void send(TestInputTopic<String, byte[]> input, HooklineTopics topics, InferenceRecord record, String id, long receivedAt) {
    InferenceRecord copy = InferenceRecord.newBuilder(record).setMessageId(id).setReceivedAt(Instant.ofEpochMilli(receivedAt)).build();
    input.pipeInput(id, topics.inferenceLog().valueSerde().serializer().serialize(topics.inferenceLog().name(), copy), Instant.ofEpochMilli(receivedAt));
  }
}
