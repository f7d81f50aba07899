package io.hookline.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("hookline.properties");
    Files.writeString(file, "kafka.bootstrap.servers=file:9092\nbatch.size=16\nlinger=10ms\n");
    ConfigSource config =
        ConfigSource.layered(
            file,
            Map.of("HOOKLINE_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "HOOKLINE_BATCH_SIZE", "32", "PATH", "/bin"),
            Map.of("kafka.bootstrap.servers", "flag:9092"));

    assertThat(config.string("kafka.bootstrap.servers", "default:9092")).isEqualTo("flag:9092");
    assertThat(config.integer("batch.size", 8)).isEqualTo(32);
    assertThat(config.duration("linger", Duration.ZERO)).isEqualTo(Duration.ofMillis(10));
    assertThat(config.string("registry.url", "http://localhost:8081")).isEqualTo("http://localhost:8081");
    assertThat(config.get("path")).isNull();
  }

  @Test
  void anEnvironmentVariableReachesAHyphenatedKey() {
    ConfigSource config = ConfigSource.layered(null, java.util.Map.of("HOOKLINE_TRAINER_HTTP_TOKEN_FILE", "/run/secrets/t",
        "HOOKLINE_MONITOR_WINDOW_KIND", "count", "PATH", "/bin"), java.util.Map.of("monitor.state-dir", "/state"));
    assertThat(config.get("trainer.http.token-file")).isEqualTo("/run/secrets/t");
    assertThat(config.get("monitor.window.kind")).isEqualTo("count");
    assertThat(config.get("monitor.state-dir")).isEqualTo("/state");
    assertThat(config.get("path")).isNull();
  }

  @Test
  void readsDurationsInEveryAcceptedSpelling() {
    ConfigSource config = ConfigSource.of(Map.of("a", "250ms", "b", "30s", "c", "5m", "d", "PT1H", "e", "2h"));

    assertThat(config.duration("a", null)).isEqualTo(Duration.ofMillis(250));
    assertThat(config.duration("b", null)).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.duration("c", null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.duration("d", null)).isEqualTo(Duration.ofHours(1));
    assertThat(config.duration("e", null)).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void namesTheKeyAndTheExpectationWhenAValueIsMalformed() {
    ConfigSource config = ConfigSource.of(Map.of("batch.size", "lots", "linger", "soon", "tls", "maybe"));

    assertThatThrownBy(() -> config.integer("batch.size", 1))
        .isInstanceOf(ConfigException.class).hasMessage("setting batch.size must be an integer, was 'lots'");
    assertThatThrownBy(() -> config.duration("linger", Duration.ZERO))
        .isInstanceOf(ConfigException.class).hasMessageContaining("linger").hasMessageContaining("250ms");
    assertThatThrownBy(() -> config.bool("tls", false))
        .isInstanceOf(ConfigException.class).hasMessageContaining("true or false");
  }

  @Test
  void aNamedFileThatIsMissingIsAnError(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigSource.layered(dir.resolve("absent.properties"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("absent.properties");
  }
}
