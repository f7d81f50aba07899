package io.hookline.core.model;

import java.util.Arrays;

/** Picks a decision threshold on held-out scores. */
final class DecisionThresholds {
  private DecisionThresholds() {}

  /**
   * The threshold with the best F1; among thresholds within 0.002 of the best, the middle one, so
   * a small validation set does not put the threshold on the edge of one example. Each example
   * counts its weight.
   */
  static double bestF1(double[] probabilities, int[] labels, double[] weights) {
    double positives = 0;
    double total = 0;
    for (int i = 0; i < labels.length; i++) {
      positives += labels[i] * weights[i];
      total += weights[i];
    }
    if (positives == 0 || positives == total) {
      return 0.5;
    }
    double[] candidates = Arrays.stream(probabilities).distinct().sorted().toArray();
    double[] f1 = new double[candidates.length];
    double best = 0;
    for (int c = 0; c < candidates.length; c++) {
      double tp = 0;
      double fp = 0;
      for (int i = 0; i < probabilities.length; i++) {
        if (probabilities[i] >= candidates[c]) {
          if (labels[i] == 1) {
            tp += weights[i];
          } else {
            fp += weights[i];
          }
        }
      }
      double fn = positives - tp;
      f1[c] = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
      best = Math.max(best, f1[c]);
    }
    int first = -1;
    int last = -1;
    for (int c = 0; c < candidates.length; c++) {
      if (f1[c] >= best - 0.002) {
        if (first < 0) {
          first = c;
        }
        last = c;
      }
    }
    // midway between the scores that bound the chosen range, not on a score itself
    double low = first > 0 ? (candidates[first - 1] + candidates[first]) / 2 : candidates[first];
    double high = candidates[last];
    return (low + high) / 2;
  }
}
