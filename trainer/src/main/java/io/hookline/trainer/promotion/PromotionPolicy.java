package io.hookline.trainer.promotion;

import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingExample;
import io.hookline.trainer.evaluation.Evaluation;
import io.hookline.trainer.evaluation.Metrics;
import io.hookline.trainer.training.ModelTraining;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether a candidate replaces the model in service. On the drifted traffic (live labels the
 * model in service never saw; for a drift retrain, those of the mail received since the alert
 * where there are enough) the candidate's cross-validated result must match or beat the
 * model in service's by {@code minGain}: F1, or accuracy where those labels hold no phishing. On
 * every corpus domain it is tested on it must stay at or above {@code floorF1} (for the accuracy
 * of a domain without phishing, unless too few messages tell) and fall no more than {@code
 * maxRegression} below the model in service, so fixing one style does not break another. With no
 * model in service, only the floors apply.
 */
public final class PromotionPolicy {

  /** The decision, its reason in words, and the numbers it rests on. */
  public record Decision(boolean promote, String reason, Map<String, Double> metrics) {}

  private final double minGain;
  private final double floorF1;
  private final double maxRegression;

  public PromotionPolicy(double minGain, double floorF1, double maxRegression) {
    this.minGain = minGain;
    this.floorF1 = floorF1;
    this.maxRegression = maxRegression;
  }

  /**
   * @param candidateOnNew the candidate's out-of-fold counts on {@code newLabels}; null when there
   *     were too few to cross-validate
   * @param newLabels live labels the model in service has not learned from, the ones both are judged on
   * @param whichLabels what those labels are, in words ("new live labels")
   */
  public Decision decide(PhishingModel candidate, Metrics candidateOnNew, PhishingModel current, List<TrainingExample> newLabels, String whichLabels,
      List<TrainingExample> corpusTest) {
    Map<String, Double> metrics = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    Evaluation onCorpus = Evaluation.of(candidate, "corpus held-out", corpusTest);
    Map<String, Metrics> currentOnCorpus = current == null ? Map.of() : Evaluation.of(current, "corpus held-out", corpusTest).perDomain();
    onCorpus.perDomain().forEach((domain, m) -> {
      boolean oneClass = m.truePositives() + m.falseNegatives() == 0;
      String measure = oneClass ? "accuracy" : "F1";
      double value = oneClass ? m.accuracy() : m.f1();
      metrics.put((oneClass ? "accuracy." : "f1.") + domain, value);
      // a one-class domain's accuracy is a proportion: it fails the floor only when even its 95% upper bound is under it,
      // so 41 of 50 hard-ham messages (0.82, upper bound 0.90) is not a failure, and 410 of 500 is
      double judged = oneClass ? wilsonUpperBound(m.trueNegatives() + m.truePositives(), m.count()) : value;
      if (judged < floorF1) {
        failures.add(String.format(Locale.ROOT, "%s %.3f on %s%s is under the floor %.2f", measure, value, domain,
            oneClass ? String.format(Locale.ROOT, " (no phishing there; %d messages, upper bound %.3f)", m.count(), judged) : "", floorF1));
      }
      Metrics before = currentOnCorpus.get(domain);
      if (before != null) {
        double was = oneClass ? before.accuracy() : before.f1();
        metrics.put((oneClass ? "accuracy." : "f1.") + domain + ".current", was);
        if (value < was - maxRegression) {
          failures.add(String.format(Locale.ROOT, "%s %.3f on %s falls more than %.2f below the model in service's %.3f", measure, value, domain,
              maxRegression, was));
        }
      }
    });
    metrics.put("f1.corpus", onCorpus.overall().f1());
    metrics.put("drifted.labels", (double) newLabels.size());
    if (candidateOnNew != null) {
      metrics.put("f1.drifted", candidateOnNew.f1());
      metrics.put("accuracy.drifted", candidateOnNew.accuracy());
    }
    String drifted = "no model in service to compare with";
    if (current != null) {
      if (candidateOnNew == null) {
        failures.add("too few live labels the model in service has not seen (" + newLabels.size() + ") to compare the two on");
        drifted = "not compared";
      } else {
        Metrics before = Evaluation.of(current, "drifted", newLabels).overall();
        metrics.put("f1.drifted.current", before.f1());
        metrics.put("accuracy.drifted.current", before.accuracy());
        boolean byF1 = !Double.isNaN(candidateOnNew.f1()) && !Double.isNaN(before.f1());
        String measure = byF1 ? "F1" : "accuracy";
        double now = byF1 ? candidateOnNew.f1() : candidateOnNew.accuracy();
        double was = byF1 ? before.f1() : before.accuracy();
        drifted = String.format(Locale.ROOT, "cross-validated %s %.3f on %d %s (model in service %.3f)", measure, now, newLabels.size(), whichLabels, was);
        if (now < was + minGain) {
          failures.add(String.format(Locale.ROOT, "%s does not beat the model in service", drifted));
        }
      }
    }
    if (failures.isEmpty()) {
      return new Decision(true, String.format(Locale.ROOT, "promoted: %s; every corpus domain at or above %.2f", drifted, floorF1), metrics);
    }
    return new Decision(false, "rejected: " + String.join("; ", failures), metrics);
  }

  /** How far a candidate's shortcut score may rise above the model in service's. */
  public static final double SHORTCUT_TOLERANCE = 0.05;

  /**
   * The generalization gate: the candidate must not lean more on corpus identity than the model
   * in service (its shortcut score may rise by {@link #SHORTCUT_TOLERANCE} at most) nor
   * generalize worse to a domain it lacks (each leave-one-domain-out score both models have may
   * fall by {@code maxRegression} at most). Metrics only one of them has are not compared, nor
   * shortcut scores diagnosed on different corpora.
   *
   * @param sameCorpora whether both models' training mixes drew on the same corpus domains
   * @return the failures in words; empty when the candidate passes
   */
  public List<String> generalizationFailures(Map<String, Double> candidate, Map<String, Double> current, boolean sameCorpora) {
    List<String> failures = new ArrayList<>();
    Double now = candidate.get(ModelTraining.SHORTCUT_SCORE);
    Double was = current.get(ModelTraining.SHORTCUT_SCORE);
    if (sameCorpora && now != null && was != null && now > was + SHORTCUT_TOLERANCE) {
      failures.add(String.format(Locale.ROOT, "its shortcut score %.3f rises more than %.2f above the model in service's %.3f (it leans more on corpus identity)",
          now, SHORTCUT_TOLERANCE, was));
    }
    candidate.forEach((name, value) -> {
      Double before = current.get(name);
      if (name.startsWith("lodo.") && before != null && !value.isNaN() && !before.isNaN() && value < before - maxRegression) {
        failures.add(String.format(Locale.ROOT, "leave-one-domain-out %s %.3f falls more than %.2f below the model in service's %.3f",
            name.substring("lodo.".length()), value, maxRegression, before));
      }
    });
    return failures;
  }

  /** The one-sided 95% Wilson upper bound of a proportion of {@code successes} in {@code n}. */
  static double wilsonUpperBound(int successes, int n) {
    if (n == 0) {
      return Double.NaN;
    }
    double z = 1.645;
    double p = (double) successes / n;
    double centre = p + z * z / (2.0 * n);
    double spread = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
    return Math.min(1, (centre + spread) / (1 + z * z / n));
  }
}
