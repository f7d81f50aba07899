package io.hookline.detector.scoring;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of a batch's time goes to reasons in detail, where the model can give them (a family
 * that reads text explains down to words and phrases, at some hundred model passes per message):
 * every PHISHING verdict first, strongest first, then a share of the others, until the budget is
 * spent; the rest keep the batch's reasons.
 *
 * @param budget time per batch for detailed reasons (0 turns them off)
 * @param legitimateShare share of LEGITIMATE verdicts also explained in detail, chosen by message id
 */
public record DetailedReasons(Duration budget, double legitimateShare) {
  public static final DetailedReasons DEFAULT = new DetailedReasons(Duration.ofMillis(100), 0.01);
  public static final DetailedReasons OFF = new DetailedReasons(Duration.ZERO, 0);

  public DetailedReasons {
    Objects.requireNonNull(budget, "budget");
    if (budget.isNegative() || budget.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("detector.reasons.detail-budget must be in 0..60s, was " + budget);
    }
    if (!(legitimateShare >= 0 && legitimateShare <= 1)) {
      throw new IllegalArgumentException("detector.reasons.detail-sample must be in [0, 1], was " + legitimateShare);
    }
  }

  /** Whether a LEGITIMATE verdict on this message is among the sample. */
  boolean samples(String messageId) {
    return legitimateShare > 0 && Math.floorMod(messageId.hashCode() * 31 + 7, 10_000) / 10_000.0 < legitimateShare;
  }
}
