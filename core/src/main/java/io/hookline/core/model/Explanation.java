package io.hookline.core.model;

import java.util.List;

/**
 * Why a message got its score: {@code baseValue} plus every attribution equals {@code logit}
 * exactly (the model is additive, so its SHAP values need no sampling).
 *
 * @param attributions every non-zero attribution, strongest first
 */
public record Explanation(double baseValue, double logit, List<Attribution> attributions) {

  /** The strongest {@code k} attributions. */
  public List<Attribution> top(int k) {
    return attributions.subList(0, Math.min(k, attributions.size()));
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
