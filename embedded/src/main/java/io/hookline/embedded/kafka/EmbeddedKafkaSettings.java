package io.hookline.embedded.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to start the embedded broker.
 *
 * @param dataDirectory where logs and metadata live; null for a temporary directory deleted on
 *     close. A directory formatted by an earlier run is reused as is, so topics survive restarts.
 * @param startupTimeout how long to wait for the broker to serve requests
 * @param overrides broker properties that replace the defaults (for example {@code num.partitions})
 */
public record EmbeddedKafkaSettings(Path dataDirectory, Duration startupTimeout, Map<String, String> overrides) {

  public EmbeddedKafkaSettings {
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
    if (startupTimeout.isNegative() || startupTimeout.isZero()) {
      throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
    }
  }

  /** A temporary broker with default settings, as tests use. */
  public static EmbeddedKafkaSettings temporary() {
    return new EmbeddedKafkaSettings(null, Duration.ofSeconds(60), Map.of());
  }

  /** A broker whose data is kept in a directory across runs, as the demo uses. */
  public static EmbeddedKafkaSettings persistentAt(Path dataDirectory) {
    return new EmbeddedKafkaSettings(Objects.requireNonNull(dataDirectory), Duration.ofSeconds(60), Map.of());
  }

  /** The same settings with one more broker property. */
  public EmbeddedKafkaSettings with(String property, String value) {
    Map<String, String> more = new java.util.HashMap<>(overrides);
    more.put(property, value);
    return new EmbeddedKafkaSettings(dataDirectory, startupTimeout, more);
  }
}
