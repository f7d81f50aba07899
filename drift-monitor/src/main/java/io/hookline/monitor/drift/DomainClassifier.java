package io.hookline.monitor.drift;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Tells a window's messages from the reference's on all engineered signals at once: the drift
 * measure that adds up many small shifts no single signal's test flags (a new style moves a dozen
 * signals a little more often than one a lot), and the density ratio that lets the reference's
 * labelled messages speak for the window.
 *
 * <p>Each signal is taken as its rank among the reference's values (so heavy-tailed counts and
 * lengths weigh like any other signal), and a linear discriminant with per-signal variances (fit
 * in one pass, cheap enough for every window close) scores the rows. Its separation is measured
 * out of fold: the AUC of {@value #FOLDS}-fold scores, 0.5 when nothing tells the two apart. A
 * logistic fit on the same out-of-fold scores turns them into the odds that a reference message
 * belongs to the window.
 */
public final class DomainClassifier {
  static final int FOLDS = 5;
  /** Keeps a signal that is constant in one fold from dividing by zero; ranks lie in [0, 1]. */
  private static final double MIN_VARIANCE = 1e-3;
  /** A reference message never counts for more than this many window messages. */
  private static final double MAX_ODDS = 50;
  /** One-sided normal quantile for a once-in-a-thousand sampling excursion. */
  private static final double Z_0_999 = 3.09;

  /**
   * @param auc cross-validated AUC, reference against window
   * @param aucNoise the AUC sampling alone exceeds about once in a thousand comparisons of these sizes
   * @param referenceWeights per reference row, how many window messages it stands for relative to
   *     the others (the density ratio window/reference, normalised to mean 1)
   */
  public record Separation(double auc, double aucNoise, double[] referenceWeights) {}

  private DomainClassifier() {}

  /**
   * @param reference reference rows as signal ranks ({@link io.hookline.core.profile.SignalRanks}), in random order (folds are taken by position)
   * @param window window rows likewise, in random order
   */
  public static Separation separate(double[][] reference, double[][] window) {
    int nr = reference.length;
    int nw = window.length;
    double[] referenceScores = new double[nr];
    double[] windowScores = new double[nw];
    for (int fold = 0; fold < FOLDS; fold++) {
      double[] weights = discriminant(reference, window, fold);
      for (int i = fold; i < nr; i += FOLDS) {
        referenceScores[i] = dot(weights, reference[i]);
      }
      for (int i = fold; i < nw; i += FOLDS) {
        windowScores[i] = dot(weights, window[i]);
      }
    }
    double auc = auc(referenceScores, windowScores);
    double noise = 0.5 + Z_0_999 * Math.sqrt((nr + nw + 1.0) / (12.0 * nr * nw));
    double[] platt = platt(referenceScores, windowScores);
    double[] odds = new double[nr];
    double sum = 0;
    for (int i = 0; i < nr; i++) {
      odds[i] = Math.min(MAX_ODDS, Math.exp(platt[0] * referenceScores[i] + platt[1]));
      sum += odds[i];
    }
    for (int i = 0; i < nr; i++) {
      odds[i] = sum == 0 ? 1 : odds[i] * nr / sum;
    }
    return new Separation(auc, noise, odds);
  }

  /**
   * Weights of the discriminant fitted on every row outside {@code fold}: per signal, the
   * difference of the two means over the pooled variance; the last weight is the intercept that
   * puts the midpoint of the means at 0.
   */
  private static double[] discriminant(double[][] reference, double[][] window, int fold) {
    int d = reference[0].length;
    double[][] sums = {moments(reference, fold, d), moments(window, fold, d)};
    double[] weights = new double[d + 1];
    double n0 = sums[0][2 * d];
    double n1 = sums[1][2 * d];
    for (int j = 0; j < d; j++) {
      double m0 = sums[0][j] / n0;
      double m1 = sums[1][j] / n1;
      double ss = sums[0][d + j] - n0 * m0 * m0 + sums[1][d + j] - n1 * m1 * m1;
      double variance = Math.max(MIN_VARIANCE, ss / Math.max(1, n0 + n1 - 2));
      weights[j] = (m1 - m0) / variance;
      weights[d] -= weights[j] * (m0 + m1) / 2;
    }
    return weights;
  }

  /** Sums and sums of squares per column over the rows outside the fold, then the row count. */
  private static double[] moments(double[][] rows, int fold, int d) {
    double[] m = new double[2 * d + 1];
    for (int i = 0; i < rows.length; i++) {
      if (i % FOLDS == fold) {
        continue;
      }
      for (int j = 0; j < d; j++) {
        m[j] += rows[i][j];
        m[d + j] += rows[i][j] * rows[i][j];
      }
      m[2 * d]++;
    }
    m[2 * d] = Math.max(1, m[2 * d]);
    return m;
  }

  private static double dot(double[] weights, double[] row) {
    double s = weights[row.length];
    for (int j = 0; j < row.length; j++) {
      s += weights[j] * row[j];
    }
    return s;
  }

  /** Mann–Whitney AUC from the window rows' rank sum: the chance a window row scores above a reference row, ties counting half. */
  static double auc(double[] reference, double[] window) {
    int nr = reference.length;
    int nw = window.length;
    if (nr == 0 || nw == 0) {
      return 0.5;
    }
    double[][] all = new double[nr + nw][];
    for (int i = 0; i < nr; i++) {
      all[i] = new double[] {reference[i], 0};
    }
    for (int i = 0; i < nw; i++) {
      all[nr + i] = new double[] {window[i], 1};
    }
    Arrays.sort(all, Comparator.comparingDouble(row -> row[0]));
    double windowRanks = 0;
    for (int i = 0, j; i < all.length; i = j) {
      for (j = i; j < all.length && all[j][0] == all[i][0]; ) {
        j++;
      }
      double midRank = (i + 1 + j) / 2.0; // ranks i+1 .. j share their mean
      for (int k = i; k < j; k++) {
        windowRanks += all[k][1] * midRank;
      }
    }
    return (windowRanks - nw * (nw + 1) / 2.0) / ((double) nr * nw);
  }

  /**
   * Platt scaling: a and b of P(window | s) = 1 / (1 + exp(-(a s + b))), by Newton's method with
   * a little ridge so separable scores stay finite. The intercept carries the sample sizes' prior,
   * which the normalisation of the weights removes again.
   */
  static double[] platt(double[] reference, double[] window) {
    double a = 0;
    double b = 0;
    for (int iteration = 0; iteration < 25; iteration++) {
      double ga = 0.01 * a;
      double gb = 0;
      double haa = 0.01;
      double hab = 0;
      double hbb = 1e-6;
      for (int cls = 0; cls < 2; cls++) {
        double[] scores = cls == 0 ? reference : window;
        for (double s : scores) {
          double p = 1 / (1 + Math.exp(-(a * s + b)));
          double r = p - cls;
          double h = p * (1 - p);
          ga += r * s;
          gb += r;
          haa += h * s * s;
          hab += h * s;
          hbb += h;
        }
      }
      double det = haa * hbb - hab * hab;
      if (!(det > 0)) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) + Math.abs(db) < 1e-9) {
        break;
      }
    }
    return new double[] {a, b};
  }
}
