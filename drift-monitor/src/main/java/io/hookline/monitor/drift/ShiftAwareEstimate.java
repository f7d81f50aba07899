package io.hookline.monitor.drift;

import io.hookline.avro.Performance;
import io.hookline.core.profile.ReferenceProfile;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Performance on a window estimated without trusting the model's confidence: the reference's
 * held-out messages, whose true labels are known, weighted by how much like the window's they are
 * (importance weighting by the domain classifier's density ratio). Where the window resembles
 * part of the reference, that part speaks for it; where nothing in the reference resembles the
 * window (a style the model never met), the effective sample shrinks and the estimate is
 * undefined rather than confidently wrong, as CBPE is on such mail. It cannot see errors the
 * model never made on its reference, so its band is wide where few reference messages resemble
 * the window, and the domain classifier's AUC says how far to trust either estimate.
 */
public final class ShiftAwareEstimate {
  /** Below this effective number of weighted reference messages the estimate is undefined. */
  static final double MIN_EFFECTIVE_SIZE = 30;
  /** Weighted phishing messages below this leave F1 undefined. */
  private static final double MIN_POSITIVES = 5;
  private static final double Z_0_95 = 1.645;

  private ShiftAwareEstimate() {}

  /** Kish's effective sample size of weights: (sum w)^2 / sum w^2. */
  public static double effectiveSize(double[] weights) {
    double sum = Arrays.stream(weights).sum();
    double squares = Arrays.stream(weights).map(w -> w * w).sum();
    return squares == 0 ? 0 : sum * sum / squares;
  }

  /**
   * @param sample the reference's labelled messages
   * @param weights one per message (see {@link DomainClassifier.Separation#referenceWeights})
   */
  public static Performance estimate(List<ReferenceProfile.SampledMessage> sample, double[] weights) {
    int n = sample.size();
    double[] c = confusion(sample, weights);
    if (effectiveSize(weights) < MIN_EFFECTIVE_SIZE || c[0] + c[2] < MIN_POSITIVES) {
      return new Performance(Double.NaN, Double.NaN, Double.NaN, (long) n, null, null);
    }
    Performance point = ReportBuilder.performance(c[0], c[1], c[2], n);
    // precision rests on the messages said phishing, recall on the phishing ones: each as many as their weights' effective size
    double[] precision = wilson(point.getPrecision(), effectiveSize(sample, weights, m -> m.predictedPhishing()));
    double[] recall = wilson(point.getRecall(), effectiveSize(sample, weights, m -> m.phishing()));
    point.setF1Low(harmonicMean(precision[0], recall[0]));
    point.setF1High(harmonicMean(precision[1], recall[1]));
    return point;
  }

  /** Weighted true positives, false positives and false negatives. */
  private static double[] confusion(List<ReferenceProfile.SampledMessage> sample, double[] weights) {
    double[] c = new double[3];
    for (int i = 0; i < sample.size(); i++) {
      ReferenceProfile.SampledMessage m = sample.get(i);
      if (m.predictedPhishing() && m.phishing()) {
        c[0] += weights[i];
      } else if (m.predictedPhishing()) {
        c[1] += weights[i];
      } else if (m.phishing()) {
        c[2] += weights[i];
      }
    }
    return c;
  }

  private static double effectiveSize(List<ReferenceProfile.SampledMessage> sample, double[] weights, Predicate<ReferenceProfile.SampledMessage> which) {
    double[] selected = IntStream.range(0, sample.size()).filter(i -> which.test(sample.get(i))).mapToDouble(i -> weights[i]).toArray();
    return effectiveSize(selected);
  }

  /**
   * Wilson's 90% interval for a proportion seen on n messages: unlike a bootstrap, it does not
   * collapse to a point when the reference made no error where the window lies.
   */
  static double[] wilson(double p, double n) {
    if (Double.isNaN(p) || n <= 0) {
      return new double[] {0, 1};
    }
    double z2 = Z_0_95 * Z_0_95;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z_0_95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  private static double harmonicMean(double a, double b) {
    return a + b == 0 ? 0 : 2 * a * b / (a + b);
  }
}
