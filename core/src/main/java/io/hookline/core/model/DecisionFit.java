package io.hookline.core.model;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * How every family turns raw logits into its decision, fitted on held-out examples: Platt
 * calibration, then the threshold in calibrated probability that maximizes weighted F1 (a
 * weighted live label weighs on the threshold too). The rule that applies them is {@link
 * ModelMetadata#score} and {@link ModelMetadata#phishing}.
 */
public record DecisionFit(Calibration calibration, double threshold) {

  /** Fits on {@code heldOut}, scored by {@code logit}. */
  public static DecisionFit on(List<TrainingExample> heldOut, ToDoubleFunction<TrainingExample> logit) {
    return on(heldOut, heldOut.stream().mapToDouble(logit).toArray());
  }

  /** Fits on {@code heldOut}, whose raw logits are {@code logits}, in order. */
  public static DecisionFit on(List<TrainingExample> heldOut, double[] logits) {
    int[] labels = new int[heldOut.size()];
    double[] weights = new double[heldOut.size()];
    for (int i = 0; i < heldOut.size(); i++) {
      labels[i] = heldOut.get(i).phishing();
      weights[i] = heldOut.get(i).weight();
    }
    Calibration calibration = Calibration.fit(logits, labels);
    double[] probabilities = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      probabilities[i] = calibration.probability(logits[i]);
    }
    return new DecisionFit(calibration, DecisionThresholds.bestF1(probabilities, labels, weights));
  }
}
