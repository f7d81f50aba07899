package io.hookline.launcher.replay;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The ordered messages of a replay: each phase draws, per message, a domain of its mix at random,
 * then the next example of that domain's seeded shuffle (a domain's examples repeat only once all
 * have been used). The same corpus, phases and seed give the same plan.
 */
public record ReplayPlan(List<Step> steps) {

  /** One message to publish, and the phase it belongs to. */
  public record Step(String phase, CorpusExample example) {}

  public static ReplayPlan of(Corpus corpus, List<ReplayPhase> phases, long seed) {
    Random random = new Random(seed);
    Map<String, List<CorpusExample>> byDomain = corpus.byDomain();
    Map<String, Deck> decks = new HashMap<>();
    List<Step> steps = new ArrayList<>();
    for (ReplayPhase phase : phases) {
      List<String> domains = phase.domains().stream().sorted().toList();
      for (String domain : domains) {
        if (!byDomain.containsKey(domain)) {
          throw new IllegalArgumentException(
              "phase " + phase.name() + " names domain '" + domain + "', which corpus " + corpus.name() + " lacks; it has " + byDomain.keySet());
        }
      }
      for (int i = 0; i < phase.count(); i++) {
        String domain = domains.get(random.nextInt(domains.size()));
        Deck deck = decks.computeIfAbsent(domain, d -> new Deck(byDomain.get(d), new Random(seed ^ d.hashCode())));
        steps.add(new Step(phase.name(), deck.next()));
      }
    }
    return new ReplayPlan(List.copyOf(steps));
  }

  /** Every example of the corpus once, in a seeded random order, as one phase. */
  public static ReplayPlan wholeCorpus(Corpus corpus, long seed) {
    List<CorpusExample> shuffled = new ArrayList<>(corpus.examples());
    java.util.Collections.shuffle(shuffled, new Random(seed));
    return new ReplayPlan(shuffled.stream().map(e -> new Step("corpus", e)).toList());
  }

  private static final class Deck {
    private final List<CorpusExample> cards;
    private final Random random;
    private int next;

    Deck(List<CorpusExample> examples, Random random) {
      this.cards = new ArrayList<>(examples);
      this.random = random;
      java.util.Collections.shuffle(cards, random);
    }

    CorpusExample next() {
      if (next == cards.size()) {
        java.util.Collections.shuffle(cards, random);
        next = 0;
      }
      return cards.get(next++);
    }
  }
}
