package io.hookline.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.ConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorConfigTest {

  @Test
  void runsOutOfTheBoxAndTakesOverrides() {
    MonitorConfig defaults = MonitorConfig.from(ConfigSource.of(Map.of()));
    assertThat(defaults.windowKind()).isEqualTo(MonitorConfig.WindowKind.SLIDING);
    assertThat(defaults.windowStep()).isEqualTo(50);
    assertThat(defaults.windowSize()).isEqualTo(Duration.ofMinutes(1));
    assertThat(defaults.thresholds().psi()).isEqualTo(0.25);
    MonitorConfig set = MonitorConfig.from(ConfigSource.of(Map.of("monitor.window.kind", "count", "monitor.window.events", "750",
        "monitor.heuristics.ndcg", "0.85", "monitor.heuristics.windows-to-fire", "3")));
    assertThat(set.windowKind()).isEqualTo(MonitorConfig.WindowKind.COUNT);
    assertThat(set.windowEvents()).isEqualTo(750);
    assertThat(set.thresholds().ndcg()).isEqualTo(0.85);
    assertThat(set.thresholds().windowsToFire()).isEqualTo(3);
  }

  @Test
  void badSettingsAreNamedPlainly() {
    assertThatThrownBy(() -> MonitorConfig.from(ConfigSource.of(Map.of("monitor.window.kind", "hourly"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("monitor.window.kind").hasMessageContaining("sliding, time or count");
    assertThatThrownBy(() -> MonitorConfig.from(ConfigSource.of(Map.of("monitor.heuristics.psi", "lots"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("monitor.heuristics.psi");
    assertThatThrownBy(() -> MonitorConfig.from(ConfigSource.of(Map.of("monitor.window.events", "3"))))
        .hasMessageContaining("monitor.window.events must be at least 10");
    assertThatThrownBy(() -> MonitorConfig.from(ConfigSource.of(Map.of("monitor.heuristics.windows-to-fire", "0"))))
        .hasMessageContaining("windows-to-fire");
  }

  @Test
  void kafkaStreamsGetsTheSecuritySettingsEveryOtherClientGets() {
    MonitorConfig config = MonitorConfig.from(ConfigSource.of(Map.of("kafka.bootstrap.servers", "broker:9093",
        "kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism", "PLAIN", "kafka.ssl.endpoint.identification.algorithm", "")));
    var topics = io.hookline.core.topics.HooklineTopics.of(config.topics(), config.kafka().registry());

    Map<String, Object> props = MonitorService.streamsProperties(config, topics);

    assertThat(props).containsEntry("bootstrap.servers", "broker:9093").containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN").containsEntry("ssl.endpoint.identification.algorithm", "")
        .containsEntry("processing.guarantee", "exactly_once_v2");
  }
}
