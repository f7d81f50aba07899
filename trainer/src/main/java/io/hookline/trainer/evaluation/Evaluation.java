package io.hookline.trainer.evaluation;

import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.Score;
import io.hookline.core.model.TrainingExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model judged on a test set: overall and per domain, at its own threshold, with the curves.
 *
 * @param threshold the calibrated score at and above which the model says PHISHING: where the
 *     overall and per-domain metrics are taken
 * @param perDomain metrics restricted to each domain of the test set
 */
public record Evaluation(
    String model,
    String testSet,
    double threshold,
    Metrics overall,
    double rocAuc,
    double prAuc,
    Map<String, Metrics> perDomain,
    List<Curves.Point> roc,
    List<Curves.Point> precisionRecall,
    List<Curves.Bin> calibration) {

  public static Evaluation of(PhishingModel model, String testSet, List<TrainingExample> test) {
    List<Score> scores = model.predict(test.stream().map(TrainingExample::vector).toList());
    double[] p = new double[test.size()];
    int[] y = new int[test.size()];
    for (int i = 0; i < test.size(); i++) {
      p[i] = scores.get(i).probability();
      y[i] = test.get(i).phishing();
    }
    double threshold = model.metadata().threshold();
    Map<String, List<Integer>> byDomain = new TreeMap<>();
    for (int i = 0; i < test.size(); i++) {
      byDomain.computeIfAbsent(test.get(i).domain(), d -> new ArrayList<>()).add(i);
    }
    Map<String, Metrics> perDomain = new TreeMap<>();
    byDomain.forEach((domain, indices) -> {
      double[] dp = indices.stream().mapToDouble(i -> p[i]).toArray();
      int[] dy = indices.stream().mapToInt(i -> y[i]).toArray();
      perDomain.put(domain, Metrics.of(dp, dy, threshold));
    });
    List<Curves.Point> roc = Curves.roc(p, y);
    List<Curves.Point> pr = Curves.precisionRecall(p, y);
    return new Evaluation(
        model.metadata().name() + " " + model.metadata().version(), testSet, threshold, Metrics.of(p, y, threshold),
        Curves.area(roc), Curves.area(pr), perDomain, roc, pr, Curves.reliability(p, y, 10));
  }
}
