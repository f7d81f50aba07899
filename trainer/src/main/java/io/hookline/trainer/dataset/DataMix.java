package io.hookline.trainer.dataset;

import io.hookline.avro.BalancePolicy;
import io.hookline.avro.DataPolicy;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.CorpusSplit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A named training mix and the test set it is judged on.
 *
 * <ul>
 *   <li>{@code random}: the random split's training part, tested on its test part.
 *   <li>{@code specialist}: only the {@code shift} split's training domains (the 2002 groups),
 *       tested on all of its test domains.
 *   <li>{@code generalist}: the random split's training part of every domain, balanced so no
 *       domain contributes more than {@code perDomainCap} examples, tested on the held-out test
 *       part of the shift test domains (so never on a message it trained on).
 * </ul>
 */
public record DataMix(String name, List<CorpusExample> train, List<CorpusExample> test, List<String> domains) {

  public static final int DEFAULT_PER_DOMAIN_CAP = 800;

  public static DataMix named(String name, Corpus corpus, long seed) {
    return switch (name) {
      case "random" -> {
        CorpusSplit split = CorpusSplit.named("random", corpus);
        yield new DataMix(name, split.train(), split.test(), domainsOf(split.train()));
      }
      case "specialist" -> {
        CorpusSplit split = CorpusSplit.named("shift", corpus);
        yield new DataMix(name, split.train(), split.test(), domainsOf(split.train()));
      }
      case "generalist" -> generalist(corpus, DEFAULT_PER_DOMAIN_CAP, seed);
      default -> throw new IllegalArgumentException("unknown mix '" + name + "'; known: random, specialist, generalist");
    };
  }

  /** Every domain's share of the random split's training part, at most {@code cap} each. */
  public static DataMix generalist(Corpus corpus, int cap, long seed) {
    DataMix all = balanced("generalist", corpus, corpus.byDomain().keySet(), cap, seed);
    return new DataMix("generalist", all.train(), heldOutShiftTest(corpus), all.domains());
  }

  /**
   * The random split's training part of the named domains, at most {@code cap} per domain, tested
   * on the test part of the same domains: the mix an operator names with {@code --domains}.
   */
  public static DataMix balanced(String name, Corpus corpus, Set<String> domains, int cap, long seed) {
    if (cap < 1) {
      throw new IllegalArgumentException("the per-domain cap must be positive, was " + cap);
    }
    Set<String> known = corpus.byDomain().keySet();
    if (!known.containsAll(domains)) {
      throw new IllegalArgumentException("corpus " + corpus.name() + " has domains " + known + ", not all of " + domains);
    }
    CorpusSplit random = CorpusSplit.named("random", corpus);
    Map<String, List<CorpusExample>> byDomain = new LinkedHashMap<>();
    random.train().stream().filter(e -> domains.contains(e.domain())).sorted(Comparator.comparing(CorpusExample::id))
        .forEach(e -> byDomain.computeIfAbsent(e.domain(), d -> new ArrayList<>()).add(e));
    Random shuffle = new Random(seed);
    List<CorpusExample> train = new ArrayList<>();
    for (List<CorpusExample> domain : byDomain.values()) {
      Collections.shuffle(domain, shuffle);
      train.addAll(domain.subList(0, Math.min(cap, domain.size())));
    }
    List<CorpusExample> test = random.test().stream().filter(e -> domains.contains(e.domain())).toList();
    return new DataMix(name, train, test, domainsOf(train));
  }

  /**
   * The mix a retrain request asks for: the random split's training part of the policy's domains
   * (every corpus domain when it names none), balanced as it says ({@code NONE}: everything;
   * {@code CLASS}: the larger class cut to the smaller; {@code DOMAIN}: at most {@code cap} per
   * domain; {@code DOMAIN_AND_CLASS}: at most {@code cap} per domain and class), with {@code
   * maxExamples} lowering the cap; tested on the test part of the same domains.
   *
   * @throws IllegalArgumentException for a domain the corpus does not have
   */
  public static DataMix forPolicy(Corpus corpus, DataPolicy policy, int cap) {
    Set<String> known = corpus.byDomain().keySet();
    Set<String> domains = policy.getDomains().isEmpty() ? new TreeSet<>(known) : new TreeSet<>(policy.getDomains());
    if (!known.containsAll(domains)) {
      Set<String> unknown = new TreeSet<>(domains);
      unknown.removeAll(known);
      throw new IllegalArgumentException("corpus " + corpus.name() + " has no domain " + unknown + "; it has " + new TreeSet<>(known));
    }
    Integer max = policy.getMaxExamples();
    BalancePolicy balance = policy.getBalance();
    int strata = balance == BalancePolicy.CLASS ? 2 : domains.size() * (balance == BalancePolicy.DOMAIN ? 1 : 2);
    int limit = max == null ? cap : Math.max(10, Math.min(cap, max / Math.max(1, strata)));
    CorpusSplit random = CorpusSplit.named("random", corpus);
    Map<String, List<CorpusExample>> byStratum = new TreeMap<>();
    random.train().stream().filter(e -> domains.contains(e.domain())).sorted(Comparator.comparing(CorpusExample::id))
        .forEach(e -> byStratum.computeIfAbsent(switch (balance) {
          case NONE -> "all";
          case CLASS -> e.label().name();
          case DOMAIN -> e.domain();
          default -> e.domain() + "/" + e.label();
        }, k -> new ArrayList<>()).add(e));
    if (balance == BalancePolicy.CLASS) {
      limit = Math.min(max == null ? Integer.MAX_VALUE : limit, byStratum.values().stream().mapToInt(List::size).min().orElse(0));
    } else if (balance == BalancePolicy.NONE) {
      limit = max == null ? Integer.MAX_VALUE : max;
    }
    Random shuffle = new Random(policy.getSeed());
    List<CorpusExample> train = new ArrayList<>();
    for (List<CorpusExample> stratum : byStratum.values()) {
      Collections.shuffle(stratum, shuffle);
      train.addAll(stratum.subList(0, Math.min(limit, stratum.size())));
    }
    List<CorpusExample> test = random.test().stream().filter(e -> domains.contains(e.domain())).toList();
    return new DataMix(policy.getName(), train, test, domainsOf(train));
  }

  /** The held-out messages of the shift test domains, on which specialist and generalist meet. */
  public static List<CorpusExample> heldOutShiftTest(Corpus corpus) {
    return CorpusSplit.named("random", corpus).test().stream().filter(e -> CorpusSplit.SHIFT_TEST.contains(e.domain())).toList();
  }

  /** Counts by {@code domain/LABEL}, for the model's metadata. */
  public Map<String, Integer> trainingCounts() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    train.forEach(e -> counts.merge(e.domain() + "/" + e.label(), 1, Integer::sum));
    return counts;
  }

  private static List<String> domainsOf(List<CorpusExample> examples) {
    Set<String> domains = new TreeSet<>();
    examples.forEach(e -> domains.add(e.domain()));
    return List.copyOf(domains);
  }
}
