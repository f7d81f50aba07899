package io.hookline.core.model;

import io.hookline.core.features.TokenField;
import java.util.List;
import java.util.Map;

/**
 * How to train: identity of the result, the mix it came from, and the optimizer's settings.
 *
 * @param domains style domains of the mix, for the metadata
 * @param trainingCounts examples per domain and label, for the metadata
 * @param shortcutPolicy what training did about shortcut fields: report, penalize or drop
 * @param tokenFieldScales how much each token field's values count, by field ({@code 0} drops
 *     the field, below 1 penalizes it: a smaller input needs a larger, more regularized weight);
 *     fields not named count fully
 */
public record TrainingConfig(
    String modelName,
    String version,
    String trainingMix,
    List<String> domains,
    Map<String, Integer> trainingCounts,
    long seed,
    int epochs,
    int batchSize,
    double learningRate,
    double l2,
    String shortcutPolicy,
    Map<TokenField, Double> tokenFieldScales) {

  public TrainingConfig(String modelName, String version, String trainingMix, List<String> domains, Map<String, Integer> trainingCounts, long seed,
      int epochs, int batchSize, double learningRate, double l2) {
    this(modelName, version, trainingMix, domains, trainingCounts, seed, epochs, batchSize, learningRate, l2, "report", Map.of());
  }

  public TrainingConfig {
    if (epochs < 1 || batchSize < 1 || learningRate <= 0 || l2 < 0) {
      throw new IllegalArgumentException("need epochs >= 1, batchSize >= 1, learningRate > 0 and l2 >= 0");
    }
    domains = List.copyOf(domains);
    trainingCounts = Map.copyOf(trainingCounts);
    tokenFieldScales = Map.copyOf(tokenFieldScales);
    if (tokenFieldScales.values().stream().anyMatch(v -> !(v >= 0 && v <= 1))) {
      throw new IllegalArgumentException("token field scales must lie in [0, 1], were " + tokenFieldScales);
    }
  }

  /** Settings that train the additive model well on a few thousand messages. */
  public static TrainingConfig defaults(String modelName, String version, String trainingMix, long seed) {
    return new TrainingConfig(modelName, version, trainingMix, List.of(), Map.of(), seed, 8, 64, 0.02, 3e-5);
  }

  public TrainingConfig withMix(List<String> mixDomains, Map<String, Integer> counts) {
    return new TrainingConfig(modelName, version, trainingMix, mixDomains, counts, seed, epochs, batchSize, learningRate, l2, shortcutPolicy, tokenFieldScales);
  }

  public TrainingConfig withL2(double newL2) {
    return new TrainingConfig(modelName, version, trainingMix, domains, trainingCounts, seed, epochs, batchSize, learningRate, newL2, shortcutPolicy, tokenFieldScales);
  }

  public TrainingConfig withShortcuts(String policy, Map<TokenField, Double> scales) {
    return new TrainingConfig(modelName, version, trainingMix, domains, trainingCounts, seed, epochs, batchSize, learningRate, l2, policy, scales);
  }
}
