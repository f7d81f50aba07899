package io.hookline.core.model;

/**
 * Platt scaling: {@code p = 1 / (1 + exp(-(a * logit + b)))}, fitted on held-out logits so that a
 * score of 0.9 means nine in ten such messages are phishing.
 */
public record Calibration(double a, double b) {
  public static final Calibration IDENTITY = new Calibration(1, 0);

  public double probability(double logit) {
    return 1 / (1 + Math.exp(-(a * logit + b)));
  }

  /**
   * Fits a and b by Newton's method on the log loss with step halving (so each step lowers the
   * loss), on Platt's smoothed targets so a separable validation set does not drive the slope to
   * infinity.
   */
  public static Calibration fit(double[] logits, int[] labels) {
    int positives = 0;
    for (int label : labels) {
      positives += label;
    }
    int negatives = labels.length - positives;
    if (positives == 0 || negatives == 0) {
      return IDENTITY;
    }
    double[] targets = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      targets[i] = labels[i] == 1 ? (positives + 1.0) / (positives + 2.0) : 1.0 / (negatives + 2.0);
    }
    double a = 1;
    double b = 0;
    double loss = loss(logits, targets, a, b);
    for (int iteration = 0; iteration < 200; iteration++) {
      double ga = 0;
      double gb = 0;
      double haa = 1e-12;
      double hab = 0;
      double hbb = 1e-12;
      for (int i = 0; i < logits.length; i++) {
        double p = sigmoid(a * logits[i] + b);
        double d = p - targets[i];
        double w = Math.max(p * (1 - p), 1e-12);
        ga += d * logits[i];
        gb += d;
        haa += w * logits[i] * logits[i];
        hab += w * logits[i];
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      double da = det > 1e-18 ? (hbb * ga - hab * gb) / det : ga * 1e-3;
      double db = det > 1e-18 ? (haa * gb - hab * ga) / det : gb * 1e-3;
      double step = 1;
      double next = loss(logits, targets, a - step * da, b - step * db);
      while (next > loss && step > 1e-8) {
        step /= 2;
        next = loss(logits, targets, a - step * da, b - step * db);
      }
      if (next > loss) {
        break;
      }
      a -= step * da;
      b -= step * db;
      boolean converged = loss - next < 1e-12;
      loss = next;
      if (converged) {
        break;
      }
    }
    return new Calibration(a, b);
  }

  private static double loss(double[] logits, double[] targets, double a, double b) {
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double z = a * logits[i] + b;
      // log(1 + exp(z)) - t z, computed without overflow
      sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - targets[i] * z;
    }
    return sum;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
