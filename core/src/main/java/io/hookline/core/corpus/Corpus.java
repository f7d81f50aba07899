package io.hookline.core.corpus;

import io.hookline.avro.Label;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Labelled examples from one or more sources, without duplicates: two examples whose content is
 * the same (SHA-256 of the bytes, ignoring a leading mbox {@code From } line and line-ending
 * style) count once, the first one read.
 */
public final class Corpus {
  private final String name;
  private final List<CorpusExample> examples;
  private final int duplicatesRemoved;

  private Corpus(String name, List<CorpusExample> examples, int duplicatesRemoved) {
    this.name = name;
    this.examples = Collections.unmodifiableList(examples);
    this.duplicatesRemoved = duplicatesRemoved;
  }

  /** Reads the sources in order, dropping duplicates. */
  public static Corpus load(CorpusSource... sources) throws IOException {
    List<CorpusExample> kept = new ArrayList<>();
    Set<ByteBuffer> seen = new HashSet<>();
    int[] duplicates = {0};
    StringBuilder name = new StringBuilder();
    for (CorpusSource source : sources) {
      name.append(name.length() == 0 ? "" : "+").append(source.name());
      source.read(
          example -> {
            if (seen.add(ByteBuffer.wrap(contentHash(example.raw())))) {
              kept.add(example);
            } else {
              duplicates[0]++;
            }
          });
    }
    return new Corpus(name.toString(), kept, duplicates[0]);
  }

  /** A corpus of given examples (already free of duplicates), for splits and tests. */
  public static Corpus of(String name, List<CorpusExample> examples) {
    return new Corpus(name, new ArrayList<>(examples), 0);
  }

  public String name() {
    return name;
  }

  public List<CorpusExample> examples() {
    return examples;
  }

  public int size() {
    return examples.size();
  }

  public int duplicatesRemoved() {
    return duplicatesRemoved;
  }

  /** Examples per domain, domains in name order. */
  public Map<String, List<CorpusExample>> byDomain() {
    Map<String, List<CorpusExample>> groups = new TreeMap<>();
    for (CorpusExample example : examples) {
      groups.computeIfAbsent(example.domain(), d -> new ArrayList<>()).add(example);
    }
    return groups;
  }

  /** Counts per domain and label, for reports. */
  public Map<String, Map<Label, Integer>> counts() {
    Map<String, Map<Label, Integer>> counts = new TreeMap<>();
    for (CorpusExample example : examples) {
      counts.computeIfAbsent(example.domain(), d -> new LinkedHashMap<>()).merge(example.label(), 1, Integer::sum);
    }
    return counts;
  }

  /** The examples of the named domains, in corpus order. */
  public List<CorpusExample> inDomains(Set<String> domains) {
    Set<String> known = byDomain().keySet();
    for (String domain : domains) {
      if (!known.contains(domain)) {
        throw new IllegalArgumentException("corpus " + name + " has no domain '" + domain + "'; it has " + known);
      }
    }
    return examples.stream().filter(e -> domains.contains(e.domain())).toList();
  }

  /** SHA-256 of the content, ignoring a leading mbox From line and CR before LF. */
  static byte[] contentHash(byte[] raw) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    int start = 0;
    if (raw.length >= 5 && raw[0] == 'F' && raw[1] == 'r' && raw[2] == 'o' && raw[3] == 'm' && raw[4] == ' ') {
      while (start < raw.length && raw[start] != '\n') {
        start++;
      }
      start = Math.min(raw.length, start + 1);
    }
    int runStart = start;
    for (int i = start; i < raw.length; i++) {
      if (raw[i] == '\r' && i + 1 < raw.length && raw[i + 1] == '\n') {
        digest.update(raw, runStart, i - runStart);
        runStart = i + 1;
      }
    }
    digest.update(raw, runStart, raw.length - runStart);
    return digest.digest();
  }
}
