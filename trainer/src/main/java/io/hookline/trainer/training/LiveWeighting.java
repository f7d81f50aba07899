package io.hookline.trainer.training;

import io.hookline.core.model.ModelFamily;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.Score;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.trainer.evaluation.Metrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * How much the live labels count against the corpus, chosen by cross-validation on the labels
 * the model in service has not seen ("new" labels): for each candidate weight, the new labels are
 * held out fold by fold, a model is trained on the corpus and the other live labels at that
 * weight, and its out-of-fold predictions are pooled. The weight whose pooled predictions have
 * the lowest log loss wins (the smaller on a tie). A few hundred labels of a new style can then
 * count against thousands of corpus messages without drowning them.
 *
 * <p>The pooled predictions of the winner are the candidate's cross-validated judgement on the
 * new labels, which the promotion test compares with the model in service: no new label is spent
 * on a hold-out.
 */
public final class LiveWeighting {
  /** Fewer new labels than this per fold leave nothing to cross-validate. */
  private static final int MIN_PER_FOLD = 5;

  /**
   * The weight chosen and what the cross-validation found.
   *
   * @param outOfFold per new label, the calibrated probability from the fold model that did not
   *     see it; null without cross-validation
   * @param logLossByWeight the pooled log loss of every weight tried
   */
  public record Choice(double weight, double[] outOfFold, Map<Double, Double> logLossByWeight) {
    public boolean crossValidatedOnNewLabels() {
      return outOfFold != null;
    }

    /**
     * The out-of-fold counts at {@code threshold} on those of the new labels that {@code judged}
     * picks; null without cross-validation.
     *
     * @param newLive the new labels, in the order they were cross-validated in
     */
    public Metrics crossValidated(List<TrainingExample> newLive, Predicate<TrainingExample> judged, double threshold) {
      if (outOfFold == null) {
        return null;
      }
      int[] picked = IntStream.range(0, newLive.size()).filter(i -> judged.test(newLive.get(i))).toArray();
      return Metrics.of(IntStream.of(picked).mapToDouble(i -> outOfFold[i]).toArray(), IntStream.of(picked).map(i -> newLive.get(i).phishing()).toArray(),
          threshold);
    }

    public String describe() {
      if (!crossValidatedOnNewLabels()) {
        return String.format(Locale.ROOT, "live weight %.1f (too few new labels to cross-validate)", weight);
      }
      StringBuilder tried = new StringBuilder();
      logLossByWeight.forEach((w, loss) -> tried.append(String.format(Locale.ROOT, " %.1f:%.3f", w, loss)));
      return String.format(Locale.ROOT, "live weight %.1f by %d-fold log loss on %d new labels (tried%s)", weight, FOLDS, outOfFold.length, tried);
    }
  }

  static final int FOLDS = 3;

  private final ModelFamily family;

  public LiveWeighting(ModelFamily family) {
    this.family = family;
  }

  /**
   * @param corpus corpus training examples (weight 1)
   * @param corpusValidation corpus examples held out of every fit, for each fold model's calibration
   * @param seenLive live labels the model in service already learned from
   * @param newLive live labels it has not seen: the ones cross-validated
   */
  public Choice choose(List<TrainingExample> corpus, List<TrainingExample> corpusValidation, List<TrainingExample> seenLive,
      List<TrainingExample> newLive, TrainingConfig config) {
    List<Double> weights = candidates(corpus.size(), seenLive.size() + newLive.size());
    if (newLive.size() < FOLDS * MIN_PER_FOLD) {
      return new Choice(weights.get(weights.size() / 2), null, Map.of());
    }
    int[] fold = stratifiedFolds(newLive, config.seed());
    Map<Double, Double> logLoss = new TreeMap<>();
    double bestWeight = weights.get(0);
    double bestLoss = Double.POSITIVE_INFINITY;
    double[] bestPooled = null;
    for (double weight : weights) {
      double[] pooled = new double[newLive.size()];
      for (int f = 0; f < FOLDS; f++) {
        List<TrainingExample> train = new ArrayList<>(corpus);
        seenLive.forEach(e -> train.add(e.withWeight(weight)));
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < newLive.size(); i++) {
          if (fold[i] == f) {
            held.add(i);
          } else {
            train.add(newLive.get(i).withWeight(weight));
          }
        }
        PhishingModel model = family.train(train, corpusValidation, config, TrainingProgress.SILENT);
        List<Score> scores = model.predict(held.stream().map(i -> newLive.get(i).vector()).toList());
        for (int k = 0; k < held.size(); k++) {
          pooled[held.get(k)] = scores.get(k).probability();
        }
      }
      double loss = logLoss(pooled, newLive);
      logLoss.put(weight, loss);
      if (loss < bestLoss - 1e-9) {
        bestLoss = loss;
        bestWeight = weight;
        bestPooled = pooled;
      }
    }
    return new Choice(bestWeight, bestPooled, logLoss);
  }

  /** 1, the weight that makes the live labels count as much as the corpus, and their geometric middle. */
  static List<Double> candidates(int corpus, int live) {
    double balancing = live == 0 ? 1 : Math.max(1, (double) corpus / live);
    TreeSet<Double> weights = new TreeSet<>();
    for (double w : new double[] {1, Math.sqrt(balancing), balancing}) {
      weights.add(Math.round(w * 10) / 10.0);
    }
    return List.copyOf(weights);
  }

  private static int[] stratifiedFolds(List<TrainingExample> examples, long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, new Random(seed));
    order.sort(Comparator.comparingInt(i -> examples.get(i).phishing())); // stable: shuffled within each class
    int[] fold = new int[examples.size()];
    for (int k = 0; k < order.size(); k++) {
      fold[order.get(k)] = k % FOLDS;
    }
    return fold;
  }

  private static double logLoss(double[] probabilities, List<TrainingExample> examples) {
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = Math.min(1 - 1e-6, Math.max(1e-6, probabilities[i]));
      sum -= examples.get(i).phishing() == 1 ? Math.log(p) : Math.log(1 - p);
    }
    return sum / probabilities.length;
  }

}
