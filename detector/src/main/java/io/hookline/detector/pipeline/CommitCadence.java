package io.hookline.detector.pipeline;

import java.time.Duration;

/**
 * When the open batch is handed to the committer, and how many records are scored between two
 * looks at the committer.
 *
 * <p>A batch is handed over once the committer is free and either the loop has caught up (the
 * last poll brought less than a chunk: traffic is light, waiting would only delay verdicts) or
 * the commit's cost is spread thin (the batch is large enough that one commit costs at most a
 * quarter of scoring it, at the measured costs) or its first record has waited half the latency
 * target. It is handed over when it holds {@code batch.max-size} records whatever the committer
 * is doing; the next batch then waits for the commit in flight.
 *
 * <p>Records are scored in chunks that take at most a quarter of {@code latency-target} at the
 * measured cost per message, so a free committer waits at most that long for the next batch, with
 * a fast model (a chunk of hundreds) and with a slow one (a chunk of a few).
 *
 * <p>The scoring thread asks and learns scoring costs; the committer thread reports commit costs.
 */
final class CommitCadence {
  /** Weight of the newest measurement in a smoothed cost. */
  private static final double SMOOTHING = 0.2;
  /** A commit may cost this share of scoring its batch: a batch smaller than that is not worth a transaction under load. */
  private static final double COMMIT_SHARE = 0.25;

  private final int maxBatchSize;
  private final long chunkBudgetNanos;
  private final long maxAgeNanos;
  private double nanosPerMessage;
  private volatile double nanosPerCommit;

  CommitCadence(int maxBatchSize, Duration latencyTarget) {
    this.maxBatchSize = maxBatchSize;
    this.chunkBudgetNanos = latencyTarget.toNanos() / 4;
    this.maxAgeNanos = latencyTarget.toNanos() / 2;
  }

  /** Records to score before looking at the committer again; a whole batch until the cost is known. */
  int chunk() {
    if (nanosPerMessage <= 0) {
      return maxBatchSize;
    }
    return (int) Math.max(1, Math.min(maxBatchSize, chunkBudgetNanos / nanosPerMessage));
  }

  /** Learns the cost per message from a chunk just scored. */
  void scored(int messages, long nanos) {
    if (messages <= 0) {
      return;
    }
    nanosPerMessage = smoothed(nanosPerMessage, nanos / (double) messages);
  }

  /** Learns the cost of a commit (called from the committer thread). */
  void committed(long nanos) {
    nanosPerCommit = smoothed(nanosPerCommit, nanos);
  }

  /** Records a batch must hold before a commit's cost is spread thin; 1 until both costs are known. */
  int amortised() {
    double commit = nanosPerCommit;
    if (commit <= 0 || nanosPerMessage <= 0) {
      return 1;
    }
    return (int) Math.max(1, Math.min(maxBatchSize, Math.ceil(commit / (COMMIT_SHARE * nanosPerMessage))));
  }

  /**
   * True when the open batch should be handed to the committer now.
   *
   * @param records records read into the open batch
   * @param ageNanos how long ago its first record was read
   * @param committerFree no commit is in flight
   * @param caughtUp the last poll brought less than a chunk: nothing more is waiting
   */
  boolean handOver(int records, long ageNanos, boolean committerFree, boolean caughtUp) {
    if (records <= 0) {
      return false;
    }
    if (records >= maxBatchSize) {
      return true;
    }
    return committerFree && (caughtUp || records >= amortised() || ageNanos >= maxAgeNanos);
  }

  private static double smoothed(double previous, double latest) {
    return previous <= 0 ? latest : (1 - SMOOTHING) * previous + SMOOTHING * latest;
  }
}
