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
