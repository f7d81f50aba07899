package io.hookline.monitor.drift;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** How far a window's ranking of features by mean |SHAP| has moved from the reference's. */
public final class Rankings {
  private Rankings() {}

  /**
   * Normalized discounted cumulative gain of the window's top {@code k} features, with the
   * reference's mean |SHAP| as each feature's relevance: 1 when the window ranks the reference's
   * top features in the same order, lower as other features take their places (SageMaker Clarify
   * flags below 0.9).
   */
  public static double ndcg(Map<String, Double> reference, Map<String, Double> window, int k) {
    List<String> windowOrder = window.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).limit(k).toList();
    List<Double> ideal = reference.values().stream().sorted(Comparator.reverseOrder()).limit(k).toList();
    double dcg = 0;
    double idcg = 0;
    for (int i = 0; i < windowOrder.size(); i++) {
      dcg += reference.getOrDefault(windowOrder.get(i), 0.0) / log2(i + 2);
    }
    for (int i = 0; i < ideal.size(); i++) {
      idcg += ideal.get(i) / log2(i + 2);
    }
    return idcg == 0 ? 1 : dcg / idcg;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
