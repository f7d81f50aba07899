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
 * @param secured a second listener for clients, SASL_SSL with SCRAM-SHA-512, or null for none
 * @param clientPort the plain listener's port on 127.0.0.1; 0 picks a free one at each start
 */
public record EmbeddedKafkaSettings(
    Path dataDirectory, Duration startupTimeout, Map<String, String> overrides, SecuredListener secured, int clientPort) {

  /**
   * A SASL_SSL listener that authenticates with SCRAM-SHA-512, as managed clusters (MSK,
   * Confluent Platform, Aiven) offer. The user is created when the broker starts.
   *
   * @param keyStore a PKCS12 key store with the broker's certificate, valid for 127.0.0.1
   */
  public record SecuredListener(Path keyStore, String keyStorePassword, String user, String password) {
    public SecuredListener {
      Objects.requireNonNull(keyStore, "keyStore");
      Objects.requireNonNull(keyStorePassword, "keyStorePassword");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "SecuredListener[keyStore=" + keyStore + ", user=" + user + "]";
    }
  }

  public EmbeddedKafkaSettings {
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
    if (clientPort < 0 || clientPort > 65535) {
      throw new IllegalArgumentException("clientPort must be in 0..65535, was " + clientPort);
    }
    if (startupTimeout.isNegative() || startupTimeout.isZero()) {
      throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
    }
  }

  /** A temporary broker with default settings, as tests use. */
  public static EmbeddedKafkaSettings temporary() {
    return new EmbeddedKafkaSettings(null, Duration.ofSeconds(60), Map.of(), null, 0);
  }

  /** A broker whose data is kept in a directory across runs, as the demo uses. */
  public static EmbeddedKafkaSettings persistentAt(Path dataDirectory) {
    return new EmbeddedKafkaSettings(Objects.requireNonNull(dataDirectory), Duration.ofSeconds(60), Map.of(), null, 0);
  }

  /** The same settings with one more broker property. */
  public EmbeddedKafkaSettings with(String property, String value) {
    Map<String, String> more = new java.util.HashMap<>(overrides);
    more.put(property, value);
    return new EmbeddedKafkaSettings(dataDirectory, startupTimeout, more, secured, clientPort);
  }

  /** The same settings with the plain listener on a fixed port, so clients find it again after a restart. */
  public EmbeddedKafkaSettings withClientPort(int port) {
    return new EmbeddedKafkaSettings(dataDirectory, startupTimeout, overrides, secured, port);
  }

  /** The same settings with a SASL_SSL/SCRAM listener beside the plain one. */
  public EmbeddedKafkaSettings withSecuredListener(SecuredListener listener) {
    return new EmbeddedKafkaSettings(dataDirectory, startupTimeout, overrides, listener, clientPort);
  }
}
