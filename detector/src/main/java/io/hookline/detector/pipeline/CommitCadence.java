package io.hookline.detector.pipeline;

import java.time.Duration;

/**
 * When the open batch is handed to the committer, and how many records are scored between two
 * looks at the committer.
 *
 * <p>A batch is handed over as soon as the committer is free: under light traffic that is at once
 * (a batch is the few records that came), under load it is when the commit before it ends, so a
 * batch holds what arrived during one commit and the commit's cost is spread over as many
 * verdicts as the traffic brings. It is also handed over when it holds {@code batch.max-size}
 * records; the next batch then waits for the commit in flight. Holding a batch back longer would
 * only delay its verdicts: the records that arrive meanwhile are scored into it and commit with
 * it.
 *
 * <p>Records are scored in chunks that take at most a quarter of {@code latency-target} at the
 * measured cost per message, so a free committer waits at most that long for the next batch, with
 * a fast model (a chunk of hundreds) and with a slow one (a chunk of a few).
 */
final class CommitCadence {
  /** Weight of the newest chunk in the cost per message. */
  private static final double SMOOTHING = 0.2;

  private final int maxBatchSize;
  private final long chunkBudgetNanos;
  private double nanosPerMessage;

  CommitCadence(int maxBatchSize, Duration latencyTarget) {
    this.maxBatchSize = maxBatchSize;
    this.chunkBudgetNanos = latencyTarget.toNanos() / 4;
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
    double perMessage = nanos / (double) messages;
    nanosPerMessage = nanosPerMessage <= 0 ? perMessage : (1 - SMOOTHING) * nanosPerMessage + SMOOTHING * perMessage;
  }

  /** True when the open batch of {@code records} records should be handed to the committer now. */
  boolean handOver(int records, boolean committerFree) {
    return records > 0 && (committerFree || records >= maxBatchSize);
  }
}
