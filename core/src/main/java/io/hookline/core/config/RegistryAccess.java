package io.hookline.core.config;

import io.hookline.schemas.registry.RestSchemaRegistryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How Hookline authenticates to the schema registry, in Confluent's key names: {@code
 * schema.registry.basic.auth.user.info} ({@code user:password}) or {@code
 * schema.registry.bearer.auth.token}, each also readable from a file ({@code ….file}, the first
 * line, for secrets mounted by an orchestrator), and the TLS stores under {@code
 * schema.registry.ssl.*}. Credentials are never printed.
 */
public record RegistryAccess(String basicAuth, String bearerToken, TlsStores tls) {

  /** No credentials, the JDK's trust store. */
  public static final RegistryAccess NONE = new RegistryAccess(null, null, TlsStores.from(ConfigSource.of(java.util.Map.of()), ""));

  public RegistryAccess {
    try {
      // the registry client's own rules for credentials, checked when the settings are read
      RestSchemaRegistryConfig.of("http://localhost").withCredentials(basicAuth, bearerToken);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("settings schema.registry.basic.auth.user.info / bearer.auth.token: " + e.getMessage());
    }
  }

  public static RegistryAccess from(ConfigSource config) {
    return new RegistryAccess(
        secret(config, "schema.registry.basic.auth.user.info").orElse(null),
        secret(config, "schema.registry.bearer.auth.token").orElse(null),
        TlsStores.from(config, "schema.registry."));
  }

  /** A value given inline under {@code key} or in the file named by {@code key.file}; both is an error. */
  static Optional<String> secret(ConfigSource config, String key) {
    Optional<String> inline = config.optional(key);
    Optional<String> file = config.optional(key + ".file");
    if (inline.isPresent() && file.isPresent()) {
      throw new ConfigException("set " + key + " or " + key + ".file, not both");
    }
    if (file.isEmpty()) {
      return inline;
    }
    try {
      String first = Files.readAllLines(Path.of(file.get()), StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
      if (first.isEmpty()) {
        throw new ConfigException("the file " + file.get() + " named by " + key + ".file is empty");
      }
      return Optional.of(first);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + key + ".file " + file.get() + ": " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    String credentials = basicAuth != null ? "basic " + basicAuth.substring(0, basicAuth.indexOf(':')) + ":****"
        : bearerToken != null ? "bearer ****" : "none";
    return "RegistryAccess[credentials=" + credentials + ", " + tls + "]";
  }
}
