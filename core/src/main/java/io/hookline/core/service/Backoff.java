package io.hookline.core.service;

import java.time.Duration;

/**
 * Exponential pauses between retries of something that failed for a reason outside the record at
 * hand (a broker or registry outage): {@code initial}, doubled after each failure up to {@code max},
 * back to {@code initial} after a success. One per retrying thread.
 */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private long nextMillis;
  private int failures;

  public Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " and " + max);
    }
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.nextMillis = initialMillis;
  }

  /** The usual pauses for Kafka and registry outages: 0.5 s doubling up to 30 s. */
  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  /** The pause after one more failure. */
  public Duration next() {
    long pause = nextMillis;
    nextMillis = Math.min(maxMillis, nextMillis * 2);
    failures++;
    return Duration.ofMillis(pause);
  }

  /** Sleeps for {@link #next()}; returns false if interrupted (the interrupt flag is kept). */
  public boolean pause() {
    try {
      Thread.sleep(next().toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public void reset() {
    nextMillis = initialMillis;
    failures = 0;
  }

  /** Failures since the last success. */
  public int failures() {
    return failures;
  }
}
