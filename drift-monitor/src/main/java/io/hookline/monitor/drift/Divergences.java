package io.hookline.monitor.drift;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The distances between a window's distribution (a quantile sketch) and the reference's (bin
 * shares and percentiles from the profile). Empty bins get a small floor so PSI and
 * Jensen–Shannon stay finite, as every PSI implementation does.
 */
public final class Divergences {
  private static final double FLOOR = 1e-4;

  private Divergences() {}

  /** Population stability index: sum of (a - e) ln(a / e) over bins. */
  public static double psi(double[] expected, double[] actual) {
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(FLOOR, expected[i]);
      double a = Math.max(FLOOR, actual[i]);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /**
   * The PSI that sampling alone exceeds once in a thousand windows when {@code n} window values
   * and {@code referenceN} reference values, binned in {@code bins} bins, come from one
   * distribution: PSI is then about (1/n + 1/N) times a chi-squared variable with bins − 1 degrees
   * of freedom (its 99.9% quantile by the Wilson–Hilferty approximation). A reference of unknown
   * size ({@code referenceN} ≤ 0) counts as large. Small windows, or a small reference, need a
   * larger PSI before it says anything.
   */
  public static double psiNoise(int bins, long n, long referenceN) {
    if (n <= 0 || bins < 2) {
      return Double.POSITIVE_INFINITY;
    }
    double k = bins - 1;
    double z = 3.090; // standard normal 99.9% quantile
    double chiSquared = k * Math.pow(1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k)), 3);
    return chiSquared * (1.0 / n + (referenceN > 0 ? 1.0 / referenceN : 0));
  }

  /** Jensen–Shannon distance, base 2: the square root of the divergence, in [0, 1]. */
  public static double jensenShannon(double[] p, double[] q) {
    double[] a = normalized(p);
    double[] b = normalized(q);
    double divergence = 0;
    for (int i = 0; i < a.length; i++) {
      double m = (a[i] + b[i]) / 2;
      if (a[i] > 0) {
        divergence += 0.5 * a[i] * log2(a[i] / m);
      }
      if (b[i] > 0) {
        divergence += 0.5 * b[i] * log2(b[i] / m);
      }
    }
    return Math.sqrt(Math.max(0, Math.min(1, divergence)));
  }

  /** The window's share of values in each reference bin: bin i holds values in (edge[i-1], edge[i]], the last also those above. */
  public static double[] binShares(KllDoublesSketch window, double[] edges) {
    double[] shares = new double[edges.length];
    if (window.isEmpty()) {
      return shares;
    }
    double previous = 0;
    for (int i = 0; i < edges.length; i++) {
      double cumulative = i == edges.length - 1 ? 1 : window.getRank(edges[i], QuantileSearchCriteria.INCLUSIVE);
      shares[i] = Math.max(0, cumulative - previous);
      previous = cumulative;
    }
    return shares;
  }

  /**
   * Kolmogorov–Smirnov statistic against a reference known by its percentiles 0..100: the largest
   * gap between the two CDFs, looked at on both distributions' percentile points.
   */
  public static double ks(KllDoublesSketch window, double[] referencePercentiles) {
    if (window.isEmpty()) {
      return 0;
    }
    double worst = 0;
    for (double x : referencePercentiles) {
      worst = Math.max(worst, Math.abs(window.getRank(x, QuantileSearchCriteria.INCLUSIVE) - referenceCdf(referencePercentiles, x)));
    }
    for (double x : windowPercentiles(window)) {
      worst = Math.max(worst, Math.abs(window.getRank(x, QuantileSearchCriteria.INCLUSIVE) - referenceCdf(referencePercentiles, x)));
    }
    return Math.min(1, worst);
  }

  /** Wasserstein-1 distance: the mean gap between the two quantile functions over percentiles 0..100. */
  public static double wasserstein(KllDoublesSketch window, double[] referencePercentiles) {
    if (window.isEmpty()) {
      return 0;
    }
    double[] w = windowPercentiles(window);
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += Math.abs(w[i] - referencePercentiles[i]);
    }
    return sum / w.length;
  }

  /** Share of equal-width bins over [0, 1] (for calibrated scores), as the profile's score histogram. */
  public static double[] unitHistogram(KllDoublesSketch window, int bins) {
    double[] edges = new double[bins];
    for (int i = 0; i < bins; i++) {
      edges[i] = Math.nextDown((i + 1) / (double) bins); // a score of exactly k/bins belongs to the next bin
    }
    return binShares(window, edges);
  }

  static double[] windowPercentiles(KllDoublesSketch window) {
    double[] ranks = new double[101];
    for (int i = 0; i < ranks.length; i++) {
      ranks[i] = i / 100.0;
    }
    return window.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE);
  }

  /** The reference CDF at x: the share of percentile points at or below it. */
  static double referenceCdf(double[] percentiles, double x) {
    int below = 0;
    for (double q : percentiles) {
      if (q <= x) {
        below++;
      }
    }
    return below == 0 ? 0 : (below - 1) / 100.0;
  }

  private static double[] normalized(double[] values) {
    double sum = Arrays.stream(values).map(v -> Math.max(0, v)).sum();
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = sum == 0 ? 1.0 / values.length : Math.max(0, values[i]) / sum;
    }
    return out;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
