package io.hookline.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every setting a service reads, with its type, default and one line of help, found by reading
 * the service's typed configuration once over an empty source and recording what it asks for:
 * the list cannot drift from the code. The help lines live beside the code, in each module's
 * {@code META-INF/hookline/settings.properties}; a test holds every recorded key to having one.
 */
public final class SettingsCatalog {
  /** Where each module keeps the help lines of its settings. */
  public static final String HELP_RESOURCE = "META-INF/hookline/settings.properties";
  /** Keys under these prefixes go to a library as they are (Kafka's clients). */
  public static final Set<String> PASS_THROUGH = Set.of("kafka.");
  /** Prefixes every service shares, besides its own. */
  public static final List<String> SHARED_PREFIXES = List.of("kafka.", "schema.registry.", "topic.", "mail.", "model.");

  /** One setting. */
  public record Setting(String key, String type, String defaultValue, String help) {}

  private final Map<String, Setting> settings;

  private SettingsCatalog(Map<String, Setting> settings) {
    this.settings = settings;
  }

  /**
   * The settings {@code reader} asks for: it is run once over an empty source, so it must build
   * the service's configuration from defaults alone (as every service does out of the box).
   */
  public static SettingsCatalog of(Consumer<ConfigSource> reader) {
    Recording recording = new Recording();
    reader.accept(recording);
    Properties help = help();
    Map<String, Setting> settings = new LinkedHashMap<>();
    recording.asked.forEach((key, asked) -> settings.put(key,
        new Setting(key, asked[0], asked[1], help.getProperty(key, ""))));
    return new SettingsCatalog(Collections.unmodifiableMap(settings));
  }

  /** The settings of several services together (the first one's help and default win for a shared key). */
  public static SettingsCatalog merged(List<SettingsCatalog> catalogs) {
    Map<String, Setting> settings = new LinkedHashMap<>();
    catalogs.forEach(catalog -> catalog.settings.forEach(settings::putIfAbsent));
    return new SettingsCatalog(Collections.unmodifiableMap(settings));
  }

  public List<Setting> settings() {
    return List.copyOf(settings.values());
  }

  /**
   * A warning for every key {@code given} sets under {@code ownPrefix} or a shared prefix that no
   * setting reads, with the nearest known key: a typo is said, not silently ignored.
   */
  public List<String> unknownKeys(ConfigSource given, String ownPrefix) {
    return unknownKeys(given, List.of(ownPrefix));
  }

  /** As {@link #unknownKeys(ConfigSource, String)}, for the settings of several services. */
  public List<String> unknownKeys(ConfigSource given, List<String> ownPrefixes) {
    List<String> warnings = new ArrayList<>();
    Set<String> known = new java.util.HashSet<>();
    settings.keySet().forEach(key -> known.add(key.replace('-', '.'))); // a source's keys are spelt with dots only
    for (String key : new java.util.TreeSet<>(given.entries().keySet())) {
      boolean ours = ownPrefixes.stream().anyMatch(key::startsWith) || SHARED_PREFIXES.stream().anyMatch(key::startsWith);
      boolean passedOn = PASS_THROUGH.stream().anyMatch(key::startsWith);
      if (ours && !passedOn && !known.contains(key)) {
        warnings.add("unknown setting " + key + nearest(key).map(k -> " (did you mean " + k + "?)").orElse("") + ": it is ignored");
      }
    }
    return warnings;
  }

  private Optional<String> nearest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : settings.keySet()) {
      int distance = distance(key, known.replace('-', '.'));
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 4) ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static Properties help() {
    Properties help = new Properties();
    try {
      Enumeration<URL> files = SettingsCatalog.class.getClassLoader().getResources(HELP_RESOURCE);
      while (files.hasMoreElements()) {
        try (InputStream in = files.nextElement().openStream()) {
          help.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the settings' help", e);
    }
    return help;
  }

  /** Answers every key with nothing, and writes down what was asked, as what type, with what default. */
  private static final class Recording implements ConfigSource {
    private final Map<String, String[]> asked = new LinkedHashMap<>();

    private void note(String key, String type, Object defaultValue) {
      asked.putIfAbsent(key, new String[] {type, defaultValue == null ? "" : show(defaultValue)});
    }

    @Override
    public String get(String key) {
      note(key, "text", null);
      return null;
    }

    @Override
    public String string(String key, String defaultValue) {
      note(key, "text", defaultValue);
      return ConfigSource.super.string(key, defaultValue);
    }

    @Override
    public Optional<String> optional(String key) {
      note(key, "text", null);
      return ConfigSource.super.optional(key);
    }

    @Override
    public int integer(String key, int defaultValue) {
      note(key, "integer", defaultValue);
      return ConfigSource.super.integer(key, defaultValue);
    }

    @Override
    public double decimal(String key, double defaultValue) {
      note(key, "number", defaultValue);
      return ConfigSource.super.decimal(key, defaultValue);
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
      note(key, "duration", defaultValue);
      return ConfigSource.super.duration(key, defaultValue);
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
      note(key, "boolean", defaultValue);
      return ConfigSource.super.bool(key, defaultValue);
    }

    @Override
    public Map<String, String> under(String prefix) {
      note(prefix + "*", "passed on", null);
      return Map.of();
    }

    private static String show(Object value) {
      if (value instanceof Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
          return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
          return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
      }
      return String.valueOf(value);
    }
  }
}
