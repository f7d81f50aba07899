package io.hookline.trainer.promotion;

import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingExample;
import io.hookline.trainer.evaluation.Evaluation;
import io.hookline.trainer.evaluation.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a candidate replaces the model in service: it must do at least as well on the drifted
 * traffic (labelled live mail held out from its training), by {@code minGain}, and stay at or
 * above {@code floorF1} in every corpus domain it is tested on, so fixing one style does not
 * break another. With no model in service, only the floors apply.
 */
public final class PromotionPolicy {

  /** The decision, its reason in words, and the numbers it rests on. */
  public record Decision(boolean promote, String reason, Map<String, Double> metrics) {}

  private final double minGain;
  private final double floorF1;

  public PromotionPolicy(double minGain, double floorF1) {
    this.minGain = minGain;
    this.floorF1 = floorF1;
  }

  public Decision decide(PhishingModel candidate, PhishingModel current, List<TrainingExample> drifted, List<TrainingExample> corpusTest) {
    Map<String, Double> metrics = new java.util.TreeMap<>();
    List<String> failures = new ArrayList<>();
    Evaluation onCorpus = Evaluation.of(candidate, "corpus held-out", corpusTest);
    onCorpus.perDomain().forEach((domain, m) -> {
      metrics.put("f1." + domain, m.f1());
      if (m.truePositives() + m.falseNegatives() > 0 && m.f1() < floorF1) {
        failures.add(String.format(Locale.ROOT, "F1 %.3f on %s is under the floor %.2f", m.f1(), domain, floorF1));
      } else if (m.truePositives() + m.falseNegatives() == 0 && m.accuracy() < floorF1) {
        failures.add(String.format(Locale.ROOT, "accuracy %.3f on %s (no phishing there) is under the floor %.2f", m.accuracy(), domain, floorF1));
      }
    });
    metrics.put("f1.corpus", onCorpus.overall().f1());
    if (!drifted.isEmpty()) {
      Metrics candidateDrifted = Evaluation.of(candidate, "drifted", drifted).overall();
      metrics.put("f1.drifted", candidateDrifted.f1());
      if (current != null) {
        Metrics currentDrifted = Evaluation.of(current, "drifted", drifted).overall();
        metrics.put("f1.drifted.current", currentDrifted.f1());
        if (candidateDrifted.f1() < currentDrifted.f1() + minGain) {
          failures.add(String.format(Locale.ROOT, "F1 %.3f on the drifted traffic does not beat the current model's %.3f", candidateDrifted.f1(), currentDrifted.f1()));
        }
      }
    }
    if (failures.isEmpty()) {
      return new Decision(true, String.format(Locale.ROOT, "promoted: F1 %.3f on drifted traffic (current %.3f), every domain at or above %.2f",
          metrics.getOrDefault("f1.drifted", Double.NaN), metrics.getOrDefault("f1.drifted.current", Double.NaN), floorF1), metrics);
    }
    return new Decision(false, "rejected: " + String.join("; ", failures), metrics);
  }
}
