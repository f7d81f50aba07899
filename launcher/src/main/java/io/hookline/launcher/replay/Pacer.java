package io.hookline.launcher.replay;

import java.util.function.LongSupplier;

/**
 * Keeps a steady rate: the n-th message is due {@code n / rate} seconds after the start, so short
 * stalls are caught up rather than lost. A rate of 0 or less means as fast as possible.
 */
final class Pacer {
  /** Sleeps; a seam so tests need not wait. */
  @FunctionalInterface
  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final double ratePerSecond;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private long start = -1;
  private long sent;

  Pacer(double ratePerSecond, LongSupplier nanoClock, Sleeper sleeper) {
    this.ratePerSecond = ratePerSecond;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  static Pacer realTime(double ratePerSecond) {
    return new Pacer(ratePerSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  /** Waits until the next message is due. */
  void awaitNext() throws InterruptedException {
    long now = nanoClock.getAsLong();
    if (start < 0) {
      start = now;
    }
    if (ratePerSecond > 0) {
      long due = start + (long) (sent * 1e9 / ratePerSecond);
      if (due > now) {
        sleeper.sleepNanos(due - now);
      }
    }
    sent++;
  }
}
