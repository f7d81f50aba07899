package io.hookline.trainer.shortcuts;

import io.hookline.core.features.TokenField;
import java.util.List;
import java.util.Map;

/**
 * What the shortcut diagnosis found for one model and its training data.
 *
 * @param separable whether some label spans two or more corpus domains: only then can a feature
 *     tell corpora apart beyond telling the labels apart (with one domain per label, corpus and
 *     label are the same thing and no probe can separate them)
 * @param identifiability the cross-validated probe on every feature at once: how much better than
 *     chance it names a message's corpus among the corpora of its label, 0 (chance) to 1 (always)
 * @param features every token field and signal, highest shortcut score first
 * @param score the model's shortcut score: the sum of its features' scores, the share of its
 *     attribution that rests on corpus identity (0 to 1)
 */
public record Shortcuts(boolean separable, double identifiability, List<Feature> features, double score) {

  /**
   * One feature: a token field ({@code token field: rd}, as a relay's domain) or a signal.
   *
   * @param predictiveness the feature's own cross-validated probe, 0 (chance) to 1
   * @param attributionShare its share of the model's mean |SHAP| on the training data
   * @param score predictiveness times attribution share
   * @param examples for a token field, its tokens the model leans on most, each with the corpus
   *     where it appears most
   */
  public record Feature(String name, TokenField field, double predictiveness, double attributionShare, double score, List<String> examples) {}

  /** The scales a policy gives token fields: {@code drop} zeroes shortcut fields, {@code penalize} shrinks them, {@code report} changes nothing. */
  public Map<TokenField, Double> fieldScales(ShortcutPolicy policy, double minPredictiveness) {
    if (policy == ShortcutPolicy.REPORT || !separable) {
      return Map.of();
    }
    Map<TokenField, Double> scales = new java.util.EnumMap<>(TokenField.class);
    for (Feature feature : features) {
      if (feature.field() != null && feature.predictiveness() >= minPredictiveness) {
        scales.put(feature.field(), policy == ShortcutPolicy.DROP ? 0.0 : PENALTY_SCALE);
      }
    }
    return scales;
  }

  /**
   * A penalized field's tokens count a quarter: with the same L2, a weight must grow four-fold to
   * say as much, which costs sixteen times the penalty.
   */
  public static final double PENALTY_SCALE = 0.25;

  /** The strongest {@code k}, by shortcut score. */
  public List<Feature> top(int k) {
    return features.subList(0, Math.min(k, features.size()));
  }
}
