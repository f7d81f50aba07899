package io.hookline.schemas.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a Confluent-compatible schema registry.
 *
 * @param baseUrl the registry's base URL, for example {@code http://localhost:8081}
 * @param requestTimeout limit for one HTTP exchange
 * @param maxAttempts attempts per operation when the registry is unreachable or answers 5xx
 * @param initialBackoff pause before the second attempt; doubled for each further one
 * @param basicAuth {@code user:password} for HTTP basic authentication, or null; never logged
 */
public record RestSchemaRegistryConfig(
    URI baseUrl, Duration requestTimeout, int maxAttempts, Duration initialBackoff, String basicAuth) {

  public RestSchemaRegistryConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
      throw new IllegalArgumentException("schema registry URL must be http or https, was: " + baseUrl);
    }
    String path = baseUrl.getPath() == null ? "" : baseUrl.getPath();
    if (path.endsWith("/")) {
      baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
    }
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts must be in 1..20, was " + maxAttempts);
    }
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must not be negative, was " + initialBackoff);
    }
  }

  /** Defaults for a registry at the given URL: 5 s per request, 4 attempts, 100 ms first backoff. */
  public static RestSchemaRegistryConfig of(String baseUrl) {
    return new RestSchemaRegistryConfig(
        URI.create(baseUrl), Duration.ofSeconds(5), 4, Duration.ofMillis(100), null);
  }

  /** The same settings with another retry policy. */
  public RestSchemaRegistryConfig withRetries(int attempts, Duration backoff) {
    return new RestSchemaRegistryConfig(baseUrl, requestTimeout, attempts, backoff, basicAuth);
  }

  @Override
  public String toString() {
    return "RestSchemaRegistryConfig[baseUrl=" + baseUrl + ", requestTimeout=" + requestTimeout
        + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", basicAuth=" + (basicAuth == null ? "none" : "****") + "]";
  }
}
