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
 * @param bearerToken a token sent as {@code Authorization: Bearer}, or null; never logged. At most
 *     one of the two.
 */
public record RestSchemaRegistryConfig(
    URI baseUrl, Duration requestTimeout, int maxAttempts, Duration initialBackoff, String basicAuth, String bearerToken) {

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
    if (basicAuth != null && basicAuth.indexOf(':') <= 0) {
      throw new IllegalArgumentException("schema registry basic auth must be user:password");
    }
    if (basicAuth != null && bearerToken != null) {
      throw new IllegalArgumentException("schema registry credentials: basic auth or a bearer token, not both");
    }
  }

  /** Defaults for a registry at the given URL: 5 s per request, 4 attempts, 100 ms first backoff. */
  public static RestSchemaRegistryConfig of(String baseUrl) {
    return new RestSchemaRegistryConfig(
        URI.create(baseUrl), Duration.ofSeconds(5), 4, Duration.ofMillis(100), null, null);
  }

  /** The same settings with another retry policy. */
  public RestSchemaRegistryConfig withRetries(int attempts, Duration backoff) {
    return new RestSchemaRegistryConfig(baseUrl, requestTimeout, attempts, backoff, basicAuth, bearerToken);
  }

  /** The same settings with credentials: {@code user:password} for basic auth and a bearer token, either or both null. */
  public RestSchemaRegistryConfig withCredentials(String userInfo, String token) {
    return new RestSchemaRegistryConfig(baseUrl, requestTimeout, maxAttempts, initialBackoff, userInfo, token);
  }

  @Override
  public String toString() {
    return "RestSchemaRegistryConfig[baseUrl=" + baseUrl + ", requestTimeout=" + requestTimeout
        + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", basicAuth=" + (basicAuth == null ? "none" : "****")
        + ", bearerToken=" + (bearerToken == null ? "none" : "****") + "]";
  }
}
