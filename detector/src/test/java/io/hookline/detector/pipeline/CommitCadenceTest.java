package io.hookline.detector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommitCadenceTest {

  @Test
  void scoresAWholeBatchAtOnceUntilTheCostIsKnown() {
    assertThat(new CommitCadence(256, Duration.ofMillis(50)).chunk()).isEqualTo(256);
  }

  @Test
  void chunksTakeAQuarterOfTheLatencyTargetAtTheMeasuredCost() {
    CommitCadence fast = new CommitCadence(256, Duration.ofMillis(50));
    fast.scored(100, Duration.ofMillis(10).toNanos()); // 100 µs a message: 12.5 ms hold 125
    assertThat(fast.chunk()).isEqualTo(125);

    CommitCadence slow = new CommitCadence(256, Duration.ofMillis(50));
    slow.scored(10, Duration.ofMillis(50).toNanos()); // 5 ms a message: 12.5 ms hold 2
    assertThat(slow.chunk()).isEqualTo(2);

    CommitCadence verySlow = new CommitCadence(256, Duration.ofMillis(50));
    verySlow.scored(1, Duration.ofSeconds(1).toNanos());
    assertThat(verySlow.chunk()).as("at least one record").isEqualTo(1);

    CommitCadence cheap = new CommitCadence(256, Duration.ofMillis(50));
    cheap.scored(1000, 1000);
    assertThat(cheap.chunk()).as("never more than a batch").isEqualTo(256);
  }

  @Test
  void theCostFollowsTheModelGradually() {
    CommitCadence cadence = new CommitCadence(1000, Duration.ofMillis(40));
    cadence.scored(10, Duration.ofMillis(1).toNanos()); // 100 µs: chunk 100
    cadence.scored(10, Duration.ofMillis(11).toNanos()); // 1.1 ms: smoothed to 300 µs, chunk 33
    assertThat(cadence.chunk()).isEqualTo(33);
    cadence.scored(0, Duration.ofSeconds(5).toNanos()); // a chunk of tombstones teaches nothing
    assertThat(cadence.chunk()).isEqualTo(33);
  }

  @Test
  void underLightTrafficABatchGoesToAFreeCommitterAtOnce() {
    CommitCadence cadence = new CommitCadence(64, Duration.ofMillis(50));
    assertThat(cadence.handOver(1, 0, true, true)).as("caught up, committer free").isTrue();
    assertThat(cadence.handOver(63, 0, false, true)).as("a commit in flight: keep gathering").isFalse();
    assertThat(cadence.handOver(0, 0, true, true)).as("nothing read").isFalse();
  }

  @Test
  void aFullBatchGoesToTheCommitterWhateverItIsDoing() {
    CommitCadence cadence = new CommitCadence(64, Duration.ofMillis(50));
    assertThat(cadence.handOver(64, 0, false, false)).isTrue();
  }

  @Test
  void underLoadABatchGrowsUntilItsCommitIsAQuarterOfItsScoring() {
    CommitCadence cadence = new CommitCadence(256, Duration.ofMillis(50));
    cadence.scored(100, Duration.ofMillis(10).toNanos()); // 100 µs a message
    cadence.committed(Duration.ofMillis(5).toNanos()); // 5 ms a commit: 200 messages make it a quarter
    assertThat(cadence.amortised()).isEqualTo(200);
    assertThat(cadence.handOver(150, Duration.ofMillis(15).toNanos(), true, false)).as("more is waiting, the commit not yet spread thin").isFalse();
    assertThat(cadence.handOver(200, Duration.ofMillis(20).toNanos(), true, false)).isTrue();
    assertThat(cadence.handOver(150, Duration.ofMillis(25).toNanos(), true, false)).as("the first record has waited half the target").isTrue();
    assertThat(cadence.handOver(150, Duration.ofMillis(15).toNanos(), true, true)).as("caught up").isTrue();
  }

  @Test
  void untilCostsAreKnownAnyBatchIsWorthACommit() {
    CommitCadence cadence = new CommitCadence(256, Duration.ofMillis(50));
    assertThat(cadence.amortised()).isEqualTo(1);
    cadence.scored(10, 1_000_000);
    assertThat(cadence.amortised()).as("no commit measured yet").isEqualTo(1);
  }
}
