package io.hookline.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class DivergencesTest {

  @Test
  void psiAndJensenShannonAreZeroForTheSameDistributionAndGrowWithTheShift() {
    double[] reference = {0.25, 0.25, 0.25, 0.25};
    assertThat(Divergences.psi(reference, reference)).isZero();
    assertThat(Divergences.jensenShannon(reference, reference)).isCloseTo(0, within(1e-12));
    double[] moved = {0.1, 0.2, 0.3, 0.4};
    double[] farther = {0.01, 0.04, 0.15, 0.8};
    // PSI by hand: sum (a - e) ln(a / e)
    double expected = (0.1 - 0.25) * Math.log(0.1 / 0.25) + (0.2 - 0.25) * Math.log(0.2 / 0.25) + (0.3 - 0.25) * Math.log(0.3 / 0.25) + (0.4 - 0.25) * Math.log(0.4 / 0.25);
    assertThat(Divergences.psi(reference, moved)).isCloseTo(expected, within(1e-12));
    assertThat(Divergences.psi(reference, farther)).isGreaterThan(Divergences.psi(reference, moved));
    assertThat(Divergences.jensenShannon(new double[] {1, 0}, new double[] {0, 1})).isCloseTo(1, within(1e-12));
  }

  @Test
  void psiNoiseIsWhatSamplingAloneRarelyExceeds() {
    // a window of 200 and a reference of 240 drawn from one distribution over 20 equal bins, 2,000 times
    SplittableRandom random = new SplittableRandom(7);
    double noise = Divergences.psiNoise(20, 200, 240);
    int over = 0;
    int overFixed = 0;
    for (int run = 0; run < 2_000; run++) {
      double[] reference = shares(random, 240, 20);
      double[] window = shares(random, 200, 20);
      double psi = Divergences.psi(reference, window);
      over += psi >= noise ? 1 : 0;
      overFixed += psi >= 0.25 ? 1 : 0;
    }
    assertThat(over).as("runs over the noise level (one in a thousand expected)").isLessThanOrEqualTo(10);
    assertThat(overFixed).as("runs over the fixed 0.25 a small window would trip").isGreaterThan(100);
    assertThat(Divergences.psiNoise(20, 200, 0)).isLessThan(noise); // an unknown reference counts as large
    assertThat(Divergences.psiNoise(10, 100_000, 100_000)).isLessThan(0.001); // large samples: only the fixed threshold matters
    assertThat(Divergences.psiNoise(10, 0, 100)).isInfinite();
  }

  private static double[] shares(SplittableRandom random, int n, int bins) {
    double[] shares = new double[bins];
    for (int i = 0; i < n; i++) {
      shares[random.nextInt(bins)] += 1.0 / n;
    }
    return shares;
  }

  @Test
  void anUndefinedF1IsNaNNeverZero() {
    var rightlyPassed = ReportBuilder.performance(0, 0, 0, 40); // 40 legitimate messages, all passed
    assertThat(rightlyPassed.getF1()).isNaN();
    assertThat(rightlyPassed.getPrecision()).isNaN();
    assertThat(rightlyPassed.getRecall()).isNaN();
    var missedAll = ReportBuilder.performance(0, 0, 5, 40); // phishing there, none caught: F1 0 is right
    assertThat(missedAll.getF1()).isZero();
    assertThat(missedAll.getRecall()).isZero();
    assertThat(missedAll.getPrecision()).isNaN();
    assertThat(ReportBuilder.performance(8, 2, 2, 40).getF1()).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void ksAndWassersteinAgainstPercentilesSeeAShiftOfTheMean() {
    SplittableRandom random = new SplittableRandom(1);
    double[] sorted = new double[20_000];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = random.nextGaussian();
    }
    java.util.Arrays.sort(sorted);
    double[] percentiles = new double[101];
    for (int i = 0; i <= 100; i++) {
      percentiles[i] = sorted[(int) Math.round(i / 100.0 * (sorted.length - 1))];
    }
    KllDoublesSketch same = KllDoublesSketch.newHeapInstance(200);
    KllDoublesSketch shifted = KllDoublesSketch.newHeapInstance(200);
    for (int i = 0; i < 20_000; i++) {
      same.update(random.nextGaussian());
      shifted.update(random.nextGaussian() + 1);
    }
    assertThat(Divergences.ks(same, percentiles)).isLessThan(0.05);
    // KS of N(0,1) against N(1,1) is 2 Phi(0.5) - 1 = 0.383
    assertThat(Divergences.ks(shifted, percentiles)).isCloseTo(0.383, within(0.04));
    assertThat(Divergences.wasserstein(same, percentiles)).isLessThan(0.1);
    assertThat(Divergences.wasserstein(shifted, percentiles)).isCloseTo(1.0, within(0.1));
  }

  @Test
  void binSharesFollowTheReferenceEdges() {
    KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(200);
    for (double v : new double[] {0, 0, 1, 2, 3, 10}) {
      sketch.update(v);
    }
    assertThat(Divergences.binShares(sketch, new double[] {0, 2, 5})).containsExactly(new double[] {2 / 6.0, 2 / 6.0, 2 / 6.0}, within(1e-9));
  }

  @Test
  void ndcgIsOneForTheSameRankingAndFallsWhenOtherFeaturesLead() {
    Map<String, Double> reference = Map.of("a", 0.5, "b", 0.3, "c", 0.1, "d", 0.05);
    assertThat(Rankings.ndcg(reference, Map.of("a", 0.9, "b", 0.4, "c", 0.2, "d", 0.01), 3)).isCloseTo(1, within(1e-12));
    double swapped = Rankings.ndcg(reference, Map.of("d", 0.9, "c", 0.4, "b", 0.2, "a", 0.01), 3);
    assertThat(swapped).isLessThan(0.5);
  }

  @Test
  void pageHinkleyFiresOnAShiftOfTheMeanAndNotOnNoise() {
    PageHinkley detector = new PageHinkley(0.02, 1.0, 5);
    SplittableRandom random = new SplittableRandom(2);
    int fired = 0;
    for (int i = 0; i < 200; i++) {
      fired += detector.add(0.2 + random.nextGaussian() * 0.02) ? 1 : 0;
    }
    assertThat(fired).isZero();
    int firstAt = -1;
    for (int i = 0; i < 50 && firstAt < 0; i++) {
      if (detector.add(0.5 + random.nextGaussian() * 0.02)) {
        firstAt = i;
      }
    }
    assertThat(firstAt).isBetween(0, 10);
    PageHinkley restored = new PageHinkley(0.02, 1.0, 5).restore(detector.state());
    assertThat(restored.statistic()).isEqualTo(detector.statistic());
  }
}
