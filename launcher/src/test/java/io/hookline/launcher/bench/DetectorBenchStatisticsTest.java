package io.hookline.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The statistics the detector bench reports: nearest-rank percentiles, medians and spreads over runs. */
class DetectorBenchStatisticsTest {

  @Test
  void percentilesAreNearestRanksOfTheSortedLatencies() {
    long[] nanos = LongStream.rangeClosed(1, 1000).map(i -> i * 1_000_000).toArray(); // 1 ms .. 1000 ms

    assertThat(DetectorBenchmark.percentile(nanos, 0.5)).isEqualTo(500.0);
    assertThat(DetectorBenchmark.percentile(nanos, 0.9)).isEqualTo(900.0);
    assertThat(DetectorBenchmark.percentile(nanos, 0.99)).isEqualTo(990.0);
    assertThat(DetectorBenchmark.percentile(nanos, 0.999)).isEqualTo(999.0);
    assertThat(DetectorBenchmark.percentile(nanos, 1)).isEqualTo(1000.0);
    assertThat(DetectorBenchmark.percentile(new long[] {7_000_000}, 0.999)).as("one latency is every percentile").isEqualTo(7.0);
  }

  @Test
  void aFamilysRunsGiveTheirMedianAndRange() {
    List<DetectorBenchmark.Result> three = List.of(run(3000, 40), run(2000, 90), run(4000, 60));
    List<DetectorBenchmark.Result> four = List.of(run(3000, 40), run(2000, 90), run(4000, 60), run(1000, 10));

    assertThat(DetectorBenchCommand.Spread.of(three, DetectorBenchmark.Result::backlogVerdictsPerSecond))
        .isEqualTo(new DetectorBenchCommand.Spread(3000, 2000, 4000));
    assertThat(DetectorBenchCommand.Spread.of(four, DetectorBenchmark.Result::p99Millis)).as("an even count: the mean of the middle two")
        .isEqualTo(new DetectorBenchCommand.Spread(50, 10, 90));
  }

  private static DetectorBenchmark.Result run(double drain, double p99) {
    return new DetectorBenchmark.Result("additive-ngram", 0, "jvm", 256, 2, 1.0, 24_000, drain, 1000, 990, p99 / 2, p99 * 0.8, p99, p99 * 1.5, p99 * 2);
  }
}
