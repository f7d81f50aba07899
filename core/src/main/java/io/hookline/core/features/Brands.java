package io.hookline.core.features;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The brands phishing impersonates and the domains that are really theirs: the shipped list
 * ({@code brands.tsv}, documented there) or an operator's file in the same format. Read once;
 * immutable and safe to share.
 */
public final class Brands {
  /** Names the environment variable whose file replaces the shipped list. */
  public static final String OVERRIDE_VARIABLE = "HOOKLINE_BRANDS";

  /** One brand: how it is named and the registrable domains it owns. */
  public record Brand(String name, List<String> names, Set<String> domains) {}

  private final List<Brand> brands;
  private final Map<String, Brand> byDomain = new HashMap<>();
  /** First labels of the brands' domains ("paypal" of paypal.com) with a domain they belong to. */
  private final Map<String, String> byLabel = new java.util.LinkedHashMap<>();

  private Brands(List<Brand> brands) {
    this.brands = List.copyOf(brands);
    for (Brand brand : brands) {
      for (String domain : brand.domains()) {
        byDomain.put(domain, brand);
        String label = domain.substring(0, domain.indexOf('.'));
        if (label.length() >= 4) { // "ups", "ing", "wf": too short to tell a look-alike from chance
          byLabel.putIfAbsent(label, domain);
        }
      }
    }
  }

  private static final class Shipped {
    static final Brands LIST = readShipped();
  }

  /** The operator's list when {@value #OVERRIDE_VARIABLE} names one, else the shipped list. */
  public static Brands configured() {
    String override = System.getenv(OVERRIDE_VARIABLE);
    if (override == null || override.isBlank()) {
      return Shipped.LIST;
    }
    try {
      return parse(Files.readAllLines(Path.of(override), StandardCharsets.UTF_8), override);
    } catch (IOException e) {
      throw new IllegalArgumentException(OVERRIDE_VARIABLE + " names " + override + ", which cannot be read: " + e.getMessage(), e);
    }
  }

  /** The shipped list. */
  public static Brands shipped() {
    return Shipped.LIST;
  }

  private static Brands readShipped() {
    try (InputStream in = Brands.class.getResourceAsStream("brands.tsv")) {
      if (in == null) {
        throw new IllegalStateException("brands.tsv is missing from the build");
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList(), "brands.tsv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads lines of {@code name <TAB> other names <TAB> domains}; blank lines and {@code #}
   * comments are skipped.
   *
   * @throws IllegalArgumentException naming the line that is malformed
   */
  public static Brands parse(List<String> lines, String source) {
    List<Brand> brands = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] columns = line.split("\t", -1);
      if (columns.length != 3 || columns[0].isBlank() || columns[2].isBlank()) {
        throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected name, other names and domains separated by tabs");
      }
      Set<String> names = new LinkedHashSet<>();
      names.add(columns[0].trim());
      for (String alias : columns[1].split(",")) {
        if (!alias.isBlank()) {
          names.add(alias.trim());
        }
      }
      Set<String> domains = new LinkedHashSet<>();
      for (String domain : columns[2].split(",")) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        if (d.indexOf('.') <= 0) {
          throw new IllegalArgumentException(source + " line " + (i + 1) + ": '" + domain.trim() + "' is not a domain");
        }
        domains.add(d);
      }
      brands.add(new Brand(columns[0].trim(), List.copyOf(names), java.util.Collections.unmodifiableSet(domains)));
    }
    return new Brands(brands);
  }

  public List<Brand> all() {
    return brands;
  }

  /** The brand owning a registrable domain, or null. */
  public Brand owner(String registrableDomain) {
    return registrableDomain == null ? null : byDomain.get(registrableDomain);
  }

  /** First labels of brand domains worth comparing look-alikes with, each with its domain. */
  Map<String, String> labels() {
    return byLabel;
  }

  /**
   * The first brand a text names as a whole word, or null.
   *
   * @param anyCase whether "chase" names Chase (a display name) or only "Chase" does (a subject)
   */
  public Brand namedIn(String text, boolean anyCase) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    for (Brand brand : brands) {
      for (String name : brand.names()) {
        if (containsWord(text, name, anyCase)) {
          return brand;
        }
      }
    }
    return null;
  }

  private static boolean containsWord(String text, String word, boolean anyCase) {
    int last = text.length() - word.length();
    for (int i = 0; i <= last; i++) {
      if (text.regionMatches(anyCase, i, word, 0, word.length())
          && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
          && (i == last || !Character.isLetterOrDigit(text.charAt(i + word.length())))) {
        return true;
      }
    }
    return false;
  }
}
