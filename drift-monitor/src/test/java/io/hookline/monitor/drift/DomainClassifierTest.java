package io.hookline.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hookline.avro.Performance;
import io.hookline.core.profile.ProfileBuilder;
import io.hookline.core.profile.ReferenceProfile;
import io.hookline.core.profile.SignalRanks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DomainClassifierTest {
  private static final int SIGNALS = 33;

  @Test
  void mailFromTheReferenceDistributionIsRarelyToldApart() {
    SplittableRandom random = new SplittableRandom(11);
    int over = 0;
    double sum = 0;
    int runs = 200;
    for (int run = 0; run < runs; run++) {
      DomainClassifier.Separation s = DomainClassifier.separate(rows(random, 500, 0, 0), rows(random, 200, 0, 0));
      sum += s.auc();
      over += s.auc() >= s.aucNoise() ? 1 : 0;
    }
    assertThat(sum / runs).isCloseTo(0.5, within(0.03));
    assertThat(over).as("windows over the noise level out of %d", runs).isLessThanOrEqualTo(3);
  }

  @Test
  void manySmallShiftsAddUpThoughNoSingleSignalShowsThem() {
    SplittableRandom random = new SplittableRandom(12);
    // twelve signals each moved by 0.4 standard deviations: a PSI near 0.16 each, under the per-signal threshold
    DomainClassifier.Separation s = DomainClassifier.separate(rows(random, 500, 0, 0), rows(random, 200, 12, 0.4));
    assertThat(s.auc()).isGreaterThan(0.75).isGreaterThan(s.aucNoise());
  }

  @Test
  void theReferenceMessagesLikeTheWindowsWeighMost() {
    SplittableRandom random = new SplittableRandom(13);
    double[][] order = shuffled(concat(cluster(random, 250, -1), cluster(random, 250, +1)), random);
    double[][] window = cluster(random, 200, +1);
    DomainClassifier.Separation s = DomainClassifier.separate(order, window);
    double like = 0;
    double unlike = 0;
    for (int i = 0; i < order.length; i++) {
      if (order[i][0] > 0) {
        like += s.referenceWeights()[i];
      } else {
        unlike += s.referenceWeights()[i];
      }
    }
    assertThat(like / (like + unlike)).isGreaterThan(0.9);
    assertThat(Arrays.stream(s.referenceWeights()).average().orElseThrow()).isCloseTo(1, within(1e-9));
  }

  @Test
  void theShiftAwareEstimateFollowsTheRegionTheWindowComesFromWhereConfidenceCannot() {
    // the model is right on the reference's first half and wrong on most of its second
    List<ReferenceProfile.SampledMessage> sample = new ArrayList<>();
    double[] weights = new double[400];
    for (int i = 0; i < 400; i++) {
      boolean phishing = i % 2 == 0;
      boolean right = i < 200 || i % 5 == 0;
      sample.add(new ReferenceProfile.SampledMessage(new double[SIGNALS], phishing ? 0.95 : 0.05, right == phishing, phishing));
      weights[i] = i < 200 ? 0.05 : 1.95; // the window looks like the second half
    }
    Performance shifted = ShiftAwareEstimate.estimate(sample, weights);
    Performance unshifted = ShiftAwareEstimate.estimate(sample, uniform(400));
    assertThat(shifted.getF1()).isLessThan(0.4);
    assertThat(unshifted.getF1()).isGreaterThan(0.55);
    assertThat(shifted.getF1Low()).isLessThanOrEqualTo(shifted.getF1());
    assertThat(shifted.getF1High()).isGreaterThanOrEqualTo(shifted.getF1()).isLessThan(unshifted.getF1());
  }

  @Test
  void aWindowNothingInTheReferenceResemblesHasNoShiftAwareEstimate() {
    List<ReferenceProfile.SampledMessage> sample = new ArrayList<>();
    double[] weights = new double[400];
    for (int i = 0; i < 400; i++) {
      sample.add(new ReferenceProfile.SampledMessage(new double[SIGNALS], 0.9, true, true));
      weights[i] = i < 10 ? 40 : 0; // ten messages carry it all
    }
    Performance estimate = ShiftAwareEstimate.estimate(sample, weights);
    assertThat(ShiftAwareEstimate.effectiveSize(weights)).isCloseTo(10, within(1e-9));
    assertThat(estimate.getF1()).isNaN();
    assertThat(estimate.getF1Low()).isNull();
  }

  @Test
  void ranksPlaceAValueAmongTheReferencesPercentiles() {
    double[] sorted = new double[1000];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i < 700 ? 0 : i; // 70% zeros, then a long tail
    }
    var signal = new ReferenceProfile.SignalProfile("s", "f", 0, 1, new double[] {0}, new double[] {1}, ProfileBuilder.percentiles(sorted));
    assertThat(SignalRanks.of(List.of(signal), new double[] {-1})[0]).isZero();
    assertThat(SignalRanks.of(List.of(signal), new double[] {0})[0]).isCloseTo(0.35, within(0.01));
    assertThat(SignalRanks.of(List.of(signal), new double[] {1e9})[0]).isEqualTo(1);
  }

  @Test
  void aucCountsTiesAsHalf() {
    assertThat(DomainClassifier.auc(new double[] {0, 1}, new double[] {2, 3})).isEqualTo(1);
    assertThat(DomainClassifier.auc(new double[] {1, 1}, new double[] {1, 1})).isEqualTo(0.5);
    assertThat(DomainClassifier.auc(new double[] {0, 2}, new double[] {1})).isEqualTo(0.5);
  }

  /** Rows of ranks-like values: independent normals, the first {@code shifted} moved by {@code by}. */
  private static double[][] rows(SplittableRandom random, int n, int shifted, double by) {
    double[][] rows = new double[n][SIGNALS];
    for (double[] row : rows) {
      for (int j = 0; j < SIGNALS; j++) {
        row[j] = gaussian(random) + (j < shifted ? by : 0);
      }
    }
    return rows;
  }

  private static double[][] cluster(SplittableRandom random, int n, double center) {
    double[][] rows = rows(random, n, 0, 0);
    for (double[] row : rows) {
      row[0] = center + 0.3 * row[0];
      row[1] = center + 0.3 * row[1];
    }
    return rows;
  }

  private static double[][] concat(double[][] a, double[][] b) {
    double[][] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static double[][] shuffled(double[][] rows, SplittableRandom random) {
    double[][] copy = rows.clone();
    for (int i = copy.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      double[] t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    return copy;
  }

  private static double[] uniform(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1);
    return w;
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
