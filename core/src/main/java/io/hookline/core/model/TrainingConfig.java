package io.hookline.core.model;

import java.util.List;
import java.util.Map;

/**
 * How to train: identity of the result, the mix it came from, and the optimizer's settings.
 *
 * @param domains style domains of the mix, for the metadata
 * @param trainingCounts examples per domain and label, for the metadata
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
    double l2) {

  public TrainingConfig {
    if (epochs < 1 || batchSize < 1 || learningRate <= 0 || l2 < 0) {
      throw new IllegalArgumentException("need epochs >= 1, batchSize >= 1, learningRate > 0 and l2 >= 0");
    }
    domains = List.copyOf(domains);
    trainingCounts = Map.copyOf(trainingCounts);
  }

  /** Settings that train the additive model well on a few thousand messages. */
  public static TrainingConfig defaults(String modelName, String version, String trainingMix, long seed) {
    return new TrainingConfig(modelName, version, trainingMix, List.of(), Map.of(), seed, 8, 64, 0.02, 3e-5);
  }

  public TrainingConfig withMix(List<String> mixDomains, Map<String, Integer> counts) {
    return new TrainingConfig(modelName, version, trainingMix, mixDomains, counts, seed, epochs, batchSize, learningRate, l2);
  }
}
