package io.hookline.core.corpus;

import io.hookline.avro.Label;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A named division of a corpus into training and test examples.
 *
 * <p>{@code random}: within every (domain, label) stratum, a fixed-seed shuffle puts 80% in
 * training and 20% in test, so both halves have the corpus's mix. {@code shift}: train on the
 * 2002 groups (easy-ham-1, spam-1), test on the later and harder ones (easy-ham-2, hard-ham-1,
 * spam-2): the domain shift Hookline exists for.
 */
public record CorpusSplit(String name, List<CorpusExample> train, List<CorpusExample> test) {

  public static final long DEFAULT_SEED = 20021231L;
  public static final Set<String> SHIFT_TRAIN = Set.of("easy-ham-1", "spam-1");
  public static final Set<String> SHIFT_TEST = Set.of("easy-ham-2", "hard-ham-1", "spam-2");

  /** A split by name: {@code random} or {@code shift}. */
  public static CorpusSplit named(String name, Corpus corpus) {
    return switch (name) {
      case "random" -> random(corpus, 0.8, DEFAULT_SEED);
      case "shift" -> shift(corpus);
      default -> throw new IllegalArgumentException("unknown split '" + name + "'; known: random, shift");
    };
  }

  public static CorpusSplit random(Corpus corpus, double trainShare, long seed) {
    if (!(trainShare > 0 && trainShare < 1)) {
      throw new IllegalArgumentException("trainShare must be in (0, 1), was " + trainShare);
    }
    Map<String, List<CorpusExample>> strata = new TreeMap<>();
    for (CorpusExample example : corpus.examples()) {
      strata.computeIfAbsent(example.domain() + "/" + example.label(), k -> new ArrayList<>()).add(example);
    }
    Random random = new Random(seed);
    List<CorpusExample> train = new ArrayList<>();
    List<CorpusExample> test = new ArrayList<>();
    for (List<CorpusExample> stratum : strata.values()) {
      List<CorpusExample> shuffled = new ArrayList<>(stratum);
      shuffled.sort(Comparator.comparing(CorpusExample::id)); // independent of read order
      java.util.Collections.shuffle(shuffled, random);
      int cut = (int) Math.round(shuffled.size() * trainShare);
      train.addAll(shuffled.subList(0, cut));
      test.addAll(shuffled.subList(cut, shuffled.size()));
    }
    return new CorpusSplit("random", train, test);
  }

  public static CorpusSplit shift(Corpus corpus) {
    return new CorpusSplit("shift", corpus.inDomains(SHIFT_TRAIN), corpus.inDomains(SHIFT_TEST));
  }

  /** Share of PHISHING in a list of examples. */
  public static double phishingShare(List<CorpusExample> examples) {
    return examples.isEmpty() ? 0 : examples.stream().filter(e -> e.label() == Label.PHISHING).count() / (double) examples.size();
  }
}
