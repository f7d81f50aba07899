package io.hookline.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a service's settings come from: one key-value view over, from weakest to strongest, the
 * defaults in code, a properties file, the environment and command-line flags.
 *
 * <p>Keys are dotted ({@code kafka.bootstrap.servers}); the environment spells the same key in
 * capitals with underscores and a {@code HOOKLINE_} prefix ({@code
 * HOOKLINE_KAFKA_BOOTSTRAP_SERVERS}). Typed getters fail with the key and the bad value in the
 * message, so a wrong setting is reported before a service starts.
 */
@FunctionalInterface
public interface ConfigSource {

  /** The raw value of a key, or null when no layer sets it. */
  String get(String key);

  /**
   * A source over a map, as tests use: {@code ConfigSource.of(Map.of(...))}. A hyphen and a dot
   * are the same in keys, so that {@code HOOKLINE_TRAINER_HTTP_TOKEN_FILE} sets {@code
   * trainer.http.token-file}: environment variables have only underscores.
   */
  static ConfigSource of(Map<String, String> values) {
    Map<String, String> normalized = new HashMap<>();
    values.forEach((key, value) -> normalized.put(normalize(key), value));
    Map<String, String> entries = Map.copyOf(normalized);
    return new ConfigSource() {
      @Override
      public String get(String key) {
        return entries.get(normalize(key));
      }

      @Override
      public Map<String, String> entries() {
        return entries;
      }
    };
  }

  /** This source with {@code stronger} settings over it. */
  default ConfigSource with(Map<String, String> stronger) {
    Map<String, String> merged = new HashMap<>(entries());
    stronger.forEach((key, value) -> merged.put(normalize(key), value));
    return of(merged);
  }

  /**
   * Every key some layer sets, with its value; empty for a source that cannot list its keys (a
   * lookup function). Settings that pass through to a library by prefix ({@code kafka.*}) are
   * read from here.
   */
  default Map<String, String> entries() {
    return Map.of();
  }

  /**
   * The settings whose key starts with {@code prefix}, keyed by the rest of the key. An empty value
   * is kept: for a library it can mean something ({@code ssl.endpoint.identification.algorithm=}).
   */
  default Map<String, String> under(String prefix) {
    Map<String, String> found = new HashMap<>();
    entries().forEach((key, value) -> {
      if (key.startsWith(prefix) && key.length() > prefix.length() && value != null) {
        found.put(key.substring(prefix.length()), value.trim());
      }
    });
    return found;
  }

  private static String normalize(String key) {
    return key.replace('-', '.');
  }

  /**
   * The configuration of a service started as a process of its own: {@code key=value} arguments
   * over the environment ({@code HOOKLINE_*}) over an optional {@code config=FILE}.
   *
   * @throws ConfigException for an argument that is not {@code key=value}
   */
  static ConfigSource fromArguments(String[] args, Map<String, String> environment) {
    Map<String, String> flags = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals <= 0) {
        throw new ConfigException("arguments are key=value, got: " + arg);
      }
      flags.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
    String file = flags.remove("config");
    return layered(file == null ? null : Path.of(file), environment, flags);
  }

  /**
   * The layered source.
   *
   * @param file a properties file, or null for none; a missing named file is an error
   * @param environment usually {@code System.getenv()}
   * @param flags settings given on the command line, by dotted key
   */
  static ConfigSource layered(Path file, Map<String, String> environment, Map<String, String> flags) {
    Map<String, String> fromFile = file == null ? Map.of() : readProperties(file);
    Map<String, String> fromEnvironment = new HashMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith("HOOKLINE_")) {
            fromEnvironment.put(name.substring("HOOKLINE_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
          }
        });
    Map<String, String> strongestFirst = new HashMap<>(fromFile);
    strongestFirst.putAll(fromEnvironment);
    strongestFirst.putAll(flags);
    return of(strongestFirst);
  }

  default String string(String key, String defaultValue) {
    String value = get(key);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  default Optional<String> optional(String key) {
    String value = get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  default int integer(String key, int defaultValue) {
    String value = get(key);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "an integer");
    }
  }

  default double decimal(String key, double defaultValue) {
    String value = get(key);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      if (!Double.isFinite(parsed)) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "a finite number");
    }
  }

  /** A duration as ISO-8601 ({@code PT30S}) or a number with a unit: {@code 250ms}, {@code 30s}, {@code 5m}. */
  default Duration duration(String key, Duration defaultValue) {
    String value = get(key);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    return parseDuration(key, value.trim());
  }

  default boolean bool(String key, boolean defaultValue) {
    String value = get(key);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new ConfigException(key, value, "true or false");
    };
  }

  private static Duration parseDuration(String key, String value) {
    try {
      if (value.startsWith("P") || value.startsWith("p")) {
        return Duration.parse(value);
      }
      String lower = value.toLowerCase(Locale.ROOT);
      if (lower.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2).trim()));
      }
      long amount = Long.parseLong(lower.substring(0, lower.length() - 1).trim());
      return switch (lower.charAt(lower.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        default -> throw new ConfigException(key, value, "a duration such as 250ms, 30s, 5m, 1h or PT30S");
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new ConfigException(key, value, "a duration such as 250ms, 30s, 5m, 1h or PT30S");
    }
  }

  private static Map<String, String> readProperties(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
    }
    Map<String, String> values = new HashMap<>();
    properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
    return values;
  }
}
