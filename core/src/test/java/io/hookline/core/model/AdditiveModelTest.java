package io.hookline.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hookline.core.features.EngineeredFeature;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The explanation is exact: it equals brute-force interventional Shapley values, computed by
 * enumerating every coalition and averaging the model's own logit over a background set (to
 * within float rounding: weights and presence rates are stored as floats).
 */
class AdditiveModelTest {
  private static final FeatureSpec SPEC = FeatureSpec.CURRENT;
  private static final int SIGNALS = EngineeredFeature.values().length;
  private static final int[] ACTIVE_SIGNALS = {0, 5, 9};

  /** A vector whose tokens fall in the given buckets (a hash below 2^bits is its own bucket). */
  private static FeatureVector vector(int[] buckets, double[] signals) {
    long[] hashes = new long[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      hashes[i] = buckets[i];
    }
    int[] counts = new int[buckets.length];
    java.util.Arrays.fill(counts, 2);
    return new FeatureVector(hashes, counts, i -> "'t" + buckets[i] + "'", signals, Map.of());
  }

  @Test
  void attributionsEqualBruteForceShapleyValues() {
    Random random = new Random(3);
    int[] universe = {11, 22, 33, 44, 55}; // token buckets that occur
    List<FeatureVector> background = new ArrayList<>();
    for (int n = 0; n < 12; n++) {
      List<Integer> present = new ArrayList<>();
      for (int bucket : universe) {
        if (random.nextBoolean()) {
          present.add(bucket);
        }
      }
      double[] signals = new double[SIGNALS];
      for (int k : ACTIVE_SIGNALS) {
        signals[k] = random.nextGaussian();
      }
      background.add(vector(present.stream().mapToInt(Integer::intValue).toArray(), signals));
    }
    AdditiveModel model = modelWithBackground(background, random);
    double[] xSignals = new double[SIGNALS];
    xSignals[0] = 1.5;
    xSignals[5] = -0.7;
    xSignals[9] = 2.0;
    FeatureVector x = vector(new int[] {11, 33, 44}, xSignals);

    Explanation explanation = model.explain(x, 10);
    Map<String, Double> exact = bruteForceShapley(model, x, background, universe);

    assertThat(explanation.baseValue() + explanation.total()).isCloseTo(model.logit(x), within(1e-6));
    assertThat(explanation.logit()).isCloseTo(model.logit(x), within(1e-6));
    Map<String, Double> reported = new HashMap<>();
    for (Attribution a : explanation.attributions()) {
      reported.put(a.feature(), a.value());
    }
    // present tokens one by one; absent ones summed into token.absent; signals one by one
    assertThat(reported.get("token:'t11'")).isCloseTo(exact.get("b11"), within(1e-6));
    assertThat(reported.get("token:'t33'")).isCloseTo(exact.get("b33"), within(1e-6));
    assertThat(reported.get("token:'t44'")).isCloseTo(exact.get("b44"), within(1e-6));
    assertThat(reported.get("token.absent")).isCloseTo(exact.get("b22") + exact.get("b55"), within(1e-6));
    for (int k : ACTIVE_SIGNALS) {
      String name = EngineeredFeature.values()[k].featureName();
      assertThat(reported.getOrDefault(name, 0.0)).as(name).isCloseTo(exact.get("s" + k), within(1e-6));
    }
    assertThat(explanation.baseValue()).isCloseTo(mean(background.stream().mapToDouble(model::logit).toArray()), within(1e-6));
  }

  private static AdditiveModel modelWithBackground(List<FeatureVector> background, Random random) {
    float[] weights = new float[SPEC.buckets()];
    float[] presence = new float[SPEC.buckets()];
    for (int bucket : new int[] {11, 22, 33, 44, 55}) {
      weights[bucket] = (float) random.nextGaussian();
    }
    for (FeatureVector v : background) {
      for (long h : v.tokenHashes()) {
        presence[(int) h] += (float) (Math.log1p(2) / background.size());
      }
    }
    float[] signalWeights = new float[SIGNALS];
    double[] mean = new double[SIGNALS];
    double[] scale = new double[SIGNALS];
    java.util.Arrays.fill(scale, 1);
    for (int k : ACTIVE_SIGNALS) {
      signalWeights[k] = (float) random.nextGaussian();
      mean[k] = mean(background.stream().mapToDouble(v -> v.engineered()[k]).toArray());
      scale[k] = 0.5 + random.nextDouble();
    }
    ModelMetadata metadata = new ModelMetadata("t", "1", AdditiveFamily.NAME, SPEC.version(), 0.5, Calibration.IDENTITY, "test",
        List.of(), Map.of(), Map.of(), null);
    return new AdditiveModel(metadata, weights, presence, signalWeights, mean, scale, 0.3);
  }

  /** Shapley values by definition, over players = the token buckets of the universe and the active signals. */
  private static Map<String, Double> bruteForceShapley(AdditiveModel model, FeatureVector x, List<FeatureVector> background, int[] universe) {
    List<String> players = new ArrayList<>();
    for (int b : universe) {
      players.add("b" + b);
    }
    for (int k : ACTIVE_SIGNALS) {
      players.add("s" + k);
    }
    int n = players.size();
    double[] value = new double[1 << n];
    for (int mask = 0; mask < (1 << n); mask++) {
      double sum = 0;
      for (FeatureVector b : background) {
        sum += model.logit(mix(x, b, mask, universe));
      }
      value[mask] = sum / background.size();
    }
    Map<String, Double> phi = new HashMap<>();
    double[] factorial = new double[n + 1];
    factorial[0] = 1;
    for (int i = 1; i <= n; i++) {
      factorial[i] = factorial[i - 1] * i;
    }
    for (int p = 0; p < n; p++) {
      double total = 0;
      for (int mask = 0; mask < (1 << n); mask++) {
        if ((mask & (1 << p)) != 0) {
          continue;
        }
        int size = Integer.bitCount(mask);
        double weight = factorial[size] * factorial[n - size - 1] / factorial[n];
        total += weight * (value[mask | (1 << p)] - value[mask]);
      }
      phi.put(players.get(p), total);
    }
    return phi;
  }

  /** x's values for the players in the coalition, the background's for the rest. */
  private static FeatureVector mix(FeatureVector x, FeatureVector b, int mask, int[] universe) {
    List<Integer> buckets = new ArrayList<>();
    for (int i = 0; i < universe.length; i++) {
      FeatureVector source = (mask & (1 << i)) != 0 ? x : b;
      for (long h : source.tokenHashes()) {
        if (h == universe[i]) {
          buckets.add(universe[i]);
        }
      }
    }
    double[] signals = b.engineered().clone();
    for (int j = 0; j < ACTIVE_SIGNALS.length; j++) {
      if ((mask & (1 << (universe.length + j))) != 0) {
        signals[ACTIVE_SIGNALS[j]] = x.engineered()[ACTIVE_SIGNALS[j]];
      }
    }
    return vector(buckets.stream().mapToInt(Integer::intValue).toArray(), signals);
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
