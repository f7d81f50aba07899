package io.hookline.core.model;

import io.hookline.core.features.FeatureFamily;

/**
 * One feature's share of a verdict: its exact SHAP value in logit space (positive pushes towards
 * phishing), and the reason in words.
 *
 * @param observed whether it names something the message has (a word it uses, a signal that
 *     fired) rather than something it lacks or an aggregate of many terms: only observed
 *     attributions are reasons a person can act on
 */
public record Attribution(String feature, FeatureFamily family, double value, String text, boolean observed) {

  /** Towards phishing or towards legitimate, as a word for people and JSON. */
  public String direction() {
    return direction(value);
  }

  /** The direction of a SHAP value (of a verdict's reason, say): "phishing" when it pushes towards phishing, else "legitimate". */
  public static String direction(double attribution) {
    return attribution >= 0 ? "phishing" : "legitimate";
  }
}
