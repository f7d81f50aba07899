package io.hookline.launcher.scenario;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.ModelFamilies;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One play of the loop: which mail the first model knows, which style replaces it, how fast mail
 * comes, and how labels come back.
 *
 * @param corpus the labelled mail every phase draws from
 * @param familiarDomains the domains the first model is trained on and the first phase plays
 * @param shiftedDomains the domains of the new style: the second phase plays one part of them, the
 *     held-out phase the other
 * @param familiarMessages how many messages the familiar phase plays (cycling its part if short)
 * @param ratePerSecond how fast the gateway sends
 * @param feedback how true labels come back in the familiar and shifted phases
 * @param heldOutLabelled share of the held-out phase whose labels are published (for the monitor's
 *     measured F1 only: the scenario measures F1 itself, from the verdicts)
 * @param trainerKnowsShiftedStyle whether the trainer's corpus holds the shifted domains too (the
 *     demo's diversified retrain), or only the familiar ones (the new style is learned from live
 *     labels alone)
 * @param retrainInterval how often the monitor asks again while an alert stays active and failing
 * @param family the model family of the first model and of every retrain
 */
public record ScenarioSettings(
    Corpus corpus,
    Set<String> familiarDomains,
    Set<String> shiftedDomains,
    int familiarMessages,
    double ratePerSecond,
    Feedback feedback,
    double heldOutLabelled,
    boolean trainerKnowsShiftedStyle,
    Duration retrainInterval,
    String family) {

  /** A play with the additive family. */
  public ScenarioSettings(Corpus corpus, Set<String> familiarDomains, Set<String> shiftedDomains, int familiarMessages, double ratePerSecond,
      Feedback feedback, double heldOutLabelled, boolean trainerKnowsShiftedStyle, Duration retrainInterval) {
    this(corpus, familiarDomains, shiftedDomains, familiarMessages, ratePerSecond, feedback, heldOutLabelled, trainerKnowsShiftedStyle, retrainInterval,
        AdditiveFamily.NAME);
  }

  /** The same play with models of another family. */
  public ScenarioSettings withFamily(String modelFamily) {
    ModelFamilies.named(modelFamily); // an unknown name fails here, with the known ones
    return new ScenarioSettings(corpus, familiarDomains, shiftedDomains, familiarMessages, ratePerSecond, feedback, heldOutLabelled,
        trainerKnowsShiftedStyle, retrainInterval, modelFamily);
  }

  /**
   * How labels come back: a random share of all messages ({@code RANDOM}), or answers to the
   * monitor's label requests, which ask for {@code share} of the messages of each failing step
   * ({@code LABEL_REQUESTS}); either {@code delay} after the message or the request.
   */
  public record Feedback(Mode mode, double share, Duration delay) {
    public enum Mode { RANDOM, LABEL_REQUESTS }

    public Feedback {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("the feedback share must be in [0, 1], was " + share);
      }
      if (delay.isNegative()) {
        throw new IllegalArgumentException("the feedback delay must not be negative, was " + delay);
      }
    }

    public String describe() {
      return mode == Mode.RANDOM
          ? String.format(Locale.ROOT, "%.0f%% of messages labelled after %d s", 100 * share, delay.toSeconds())
          : String.format(Locale.ROOT, "label requests for %.0f%% of each failing step, answered after %d s", 100 * share, delay.toSeconds());
    }
  }

  public ScenarioSettings {
    if (familiarDomains.isEmpty() || shiftedDomains.isEmpty()) {
      throw new IllegalArgumentException("a scenario needs familiar and shifted domains");
    }
    Set<String> known = corpus.byDomain().keySet();
    for (Set<String> domains : List.of(familiarDomains, shiftedDomains)) {
      if (!known.containsAll(domains)) {
        throw new IllegalArgumentException("corpus " + corpus.name() + " has domains " + new TreeSet<>(known) + ", not all of " + domains);
      }
    }
    if (familiarMessages < 1 || !(ratePerSecond > 0)) {
      throw new IllegalArgumentException("a scenario needs at least one familiar message and a positive rate");
    }
  }
}
