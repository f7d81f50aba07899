package io.hookline.core.model;

import java.util.List;

/**
 * Why a message got its score: {@code baseValue} plus every attribution equals {@code logit}
 * exactly (the model is additive, so its SHAP values need no sampling).
 *
 * @param attributions non-zero attributions, strongest first: every engineered signal, the
 *     strongest tokens by name, and the other present tokens and the absent ones as one term each
 * @param tokenMagnitude the sum of |SHAP| over every present token taken one by one, for the
 *     share of attribution the token family carries
 */
public record Explanation(double baseValue, double logit, List<Attribution> attributions, double tokenMagnitude) {

  /** The strongest {@code k} attributions. */
  public List<Attribution> top(int k) {
    return attributions.subList(0, Math.min(k, attributions.size()));
  }

  /**
   * The reasons to show for a verdict: what the message has that pushed the score the way the
   * verdict went, strongest first; then, when fewer than {@code k} did, what it has that pushed
   * the other way. Never what the message lacks or an aggregate of words: nobody can act on
   * those (they stay in {@link #attributions} for the monitor).
   */
  public List<Attribution> reasons(boolean phishing, int k) {
    List<Attribution> chosen = new java.util.ArrayList<>(k);
    for (boolean towards : new boolean[] {true, false}) {
      for (Attribution attribution : attributions) {
        if (chosen.size() < k && attribution.observed() && attribution.value() != 0
            && ((attribution.value() > 0) == phishing) == towards) {
          chosen.add(attribution);
        }
      }
    }
    return chosen;
  }

  /** Sum of all attributions; equals {@code logit - baseValue} up to rounding. */
  public double total() {
    double sum = 0;
    for (Attribution attribution : attributions) {
      sum += attribution.value();
    }
    return sum;
  }
}
