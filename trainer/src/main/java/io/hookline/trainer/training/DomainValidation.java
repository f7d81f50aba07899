package io.hookline.trainer.training;

import io.hookline.core.model.ModelFamily;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.trainer.evaluation.Evaluation;
import io.hookline.trainer.evaluation.Metrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Training choices made for the mail a model has not seen rather than for a random hold-out of
 * what it has: each candidate L2 strength is judged by leave-one-domain-out validation (for every
 * domain, a model trained on the others is scored on it: F1 where it holds both classes, accuracy
 * where it holds one) and the best mean wins, the stronger on a tie. A domain can be left out
 * only when the others still hold both classes, so a mix of one corpus per label has nothing to
 * validate and keeps the default.
 *
 * <p>Also balances domains: within a class, a domain's examples together weigh in proportion to the
 * square root of their number, so a large corpus does not set the loss alone and a small one is
 * heard without being copied tenfold (examples keep their relative weights within a domain, and
 * the classes theirs). Full balancing cost the random mix 0.03 F1 on the shipped corpora: a
 * corpus of 200 messages then weighed as much as one of 2,000.
 */
public final class DomainValidation {
  /** The L2 strengths tried, around the default. */
  static final double[] L2_GRID = {1e-5, 3e-5, 1e-4};

  private final ModelFamily family;

  public DomainValidation(ModelFamily family) {
    this.family = family;
  }

  /**
   * The choice and what each candidate scored.
   *
   * @param meanByL2 per L2 tried, the mean leave-one-domain-out score; empty when nothing could be validated
   */
  public record Choice(double l2, Map<Double, Double> meanByL2) {
    public String describe() {
      if (meanByL2.isEmpty()) {
        return String.format(Locale.ROOT, "L2 %.0e (the default: no domain can be left out and leave both classes)", l2);
      }
      StringBuilder tried = new StringBuilder();
      meanByL2.forEach((l2, score) -> tried.append(String.format(Locale.ROOT, " %.0e:%.4f", l2, score)));
      return String.format(Locale.ROOT, "L2 %.0e by leave-one-domain-out validation (mean score per L2:%s)", l2, tried);
    }
  }

  public Choice chooseL2(List<TrainingExample> examples, TrainingConfig config) {
    List<String> domains = new ArrayList<>(new TreeSet<>(examples.stream().map(TrainingExample::domain).toList()));
    List<String> leavable = domains.stream().filter(d -> bothClassesWithout(examples, d)).toList();
    if (leavable.isEmpty()) {
      return new Choice(config.l2(), Map.of());
    }
    Map<Double, Double> meanByL2 = new LinkedHashMap<>();
    double best = config.l2();
    double bestScore = Double.NEGATIVE_INFINITY;
    for (double l2 : L2_GRID) {
      double sum = 0;
      for (String left : leavable) {
        List<TrainingExample> train = balanced(examples.stream().filter(e -> !e.domain().equals(left)).toList());
        List<TrainingExample> test = examples.stream().filter(e -> e.domain().equals(left)).toList();
        Metrics m = Evaluation.of(family.train(train, List.of(), config.withL2(l2), TrainingProgress.SILENT), left, test).overall();
        sum += Double.isNaN(m.f1()) ? m.accuracy() : m.f1();
      }
      double mean = sum / leavable.size();
      meanByL2.put(l2, mean);
      if (mean > bestScore + 1e-9 || Math.abs(mean - bestScore) <= 1e-9 && l2 > best) {
        bestScore = mean;
        best = l2;
      }
    }
    return new Choice(best, meanByL2);
  }

  /**
   * The examples reweighted so that, within each class, every domain's total weight is
   * proportional to the square root of its weight before; the classes keep the weight they had,
   * so balancing domains does not also move the decision threshold between classes.
   */
  public static List<TrainingExample> balanced(List<TrainingExample> examples) {
    Map<Integer, Map<String, Double>> byClass = new HashMap<>();
    for (TrainingExample e : examples) {
      byClass.computeIfAbsent(e.phishing(), c -> new HashMap<>()).merge(e.domain(), e.weight(), Double::sum);
    }
    // each domain's total becomes proportional to the square root of its size, then the class is scaled back to its own total
    Map<Integer, Double> scale = new HashMap<>();
    byClass.forEach((label, domains) -> {
      double before = domains.values().stream().mapToDouble(Double::doubleValue).sum();
      double after = domains.values().stream().mapToDouble(Math::sqrt).sum();
      scale.put(label, before / after);
    });
    List<TrainingExample> out = new ArrayList<>(examples.size());
    for (TrainingExample example : examples) {
      double total = byClass.get(example.phishing()).get(example.domain());
      out.add(example.withWeight(example.weight() * scale.get(example.phishing()) / Math.sqrt(total)));
    }
    return out;
  }

  private static boolean bothClassesWithout(List<TrainingExample> examples, String left) {
    boolean phishing = false;
    boolean legitimate = false;
    for (TrainingExample e : examples) {
      if (!e.domain().equals(left)) {
        phishing |= e.phishing() == 1;
        legitimate |= e.phishing() == 0;
      }
    }
    return phishing && legitimate;
  }
}
