package io.hookline.monitor.drift;

/**
 * Page–Hinkley test for an upward or downward shift in the mean of a stream (Page 1954; as in
 * MOA and river). Signals when the cumulative deviation from the running mean, less a tolerance
 * {@code delta} per observation, strays more than {@code lambda} from its extreme; then starts
 * over. Fed here with mini-batch means, so a handful of odd messages does not trip it.
 */
public final class PageHinkley {
  private final double delta;
  private final double lambda;
  private final int warmUp;
  private long n;
  private double mean;
  private double up;
  private double upMin;
  private double down;
  private double downMax;

  public PageHinkley(double delta, double lambda, int warmUp) {
    this.delta = delta;
    this.lambda = lambda;
    this.warmUp = warmUp;
  }

  /** The state as numbers, for a state store. */
  public double[] state() {
    return new double[] {n, mean, up, upMin, down, downMax};
  }

  public PageHinkley restore(double[] state) {
    if (state != null && state.length == 6) {
      n = (long) state[0];
      mean = state[1];
      up = state[2];
      upMin = state[3];
      down = state[4];
      downMax = state[5];
    }
    return this;
  }

  /** Adds an observation; true when it completes a change (the test then restarts). */
  public boolean add(double x) {
    n++;
    mean += (x - mean) / n;
    up += x - mean - delta;
    upMin = Math.min(upMin, up);
    down += x - mean + delta;
    downMax = Math.max(downMax, down);
    if (n > warmUp && statistic() > lambda) {
      n = 0;
      mean = 0;
      up = upMin = down = downMax = 0;
      return true;
    }
    return false;
  }

  /** The larger of the upward and downward test statistics. */
  public double statistic() {
    return Math.max(up - upMin, downMax - down);
  }
}
