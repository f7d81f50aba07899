package io.hookline.core.profile;

import java.util.List;

/**
 * A message's signal values as their ranks among a reference's: each value's mid-rank within the
 * signal's percentiles, in [0, 1]. Heavy-tailed counts and lengths then weigh like any other
 * signal, and a value outside everything the reference saw ranks 0 or 1, never an outlier.
 */
public final class SignalRanks {
  private SignalRanks() {}

  /**
   * @param signals the reference's signal distributions, in the order of the row's values
   * @param row signal values; missing trailing values count as 0
   */
  public static double[] of(List<ReferenceProfile.SignalProfile> signals, double[] row) {
    double[] ranks = new double[signals.size()];
    for (int j = 0; j < ranks.length; j++) {
      double[] percentiles = signals.get(j).percentiles();
      double x = j < row.length ? row[j] : 0;
      ranks[j] = (countBelow(percentiles, x) + countBelow(percentiles, Math.nextUp(x))) / (2.0 * percentiles.length);
    }
    return ranks;
  }

  /** How many of the sorted values lie below x. */
  private static int countBelow(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
