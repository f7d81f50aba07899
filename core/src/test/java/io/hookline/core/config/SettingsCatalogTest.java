package io.hookline.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsCatalogTest {

  @Test
  void recordsWhatAReaderAsksForWithTypesAndDefaultsAndWarnsOfTheRest() {
    SettingsCatalog catalog = SettingsCatalog.of(c -> {
      c.integer("svc.batch.max-size", 64);
      c.duration("svc.wait", Duration.ofMillis(250));
      c.bool("svc.enabled", true);
      KafkaConnection.from(c);
    });

    assertThat(catalog.settings()).extracting(SettingsCatalog.Setting::key)
        .startsWith("svc.batch.max-size", "svc.wait", "svc.enabled").contains("kafka.bootstrap.servers", "kafka.*", "schema.registry.url");
    assertThat(catalog.settings().get(1)).isEqualTo(new SettingsCatalog.Setting("svc.wait", "duration", "250ms", ""));
    assertThat(catalog.settings()).filteredOn(s -> s.key().equals("kafka.bootstrap.servers")).singleElement()
        .satisfies(s -> assertThat(s.help()).contains("Kafka brokers"));

    ConfigSource given = ConfigSource.of(Map.of("svc.batch.max-sizes", "1", "svc.wait", "1s", "other.thing", "x", "kafka.acks", "all",
        "schema.registry.ur", "http://r", "svc.completely-different", "1"));
    assertThat(catalog.unknownKeys(given, "svc.")).containsExactly(
        "unknown setting schema.registry.ur (did you mean schema.registry.url?): it is ignored",
        "unknown setting svc.batch.max.sizes (did you mean svc.batch.max-size?): it is ignored",
        "unknown setting svc.completely.different: it is ignored");
  }

  @Test
  void levenshteinDistance() {
    assertThat(SettingsCatalog.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(SettingsCatalog.distance("", "abc")).isEqualTo(3);
    assertThat(SettingsCatalog.distance("same", "same")).isZero();
  }
}
