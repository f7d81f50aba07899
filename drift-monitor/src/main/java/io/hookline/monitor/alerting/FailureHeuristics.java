package io.hookline.monitor.alerting;

import io.hookline.avro.ChangeSignal;
import io.hookline.avro.EmbeddingShift;
import io.hookline.avro.DomainSeparation;
import io.hookline.avro.DriftReport;
import io.hookline.avro.Evidence;
import io.hookline.avro.FeatureShift;
import io.hookline.avro.Performance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a window's report and names the failure signals in it: which measures crossed their
 * thresholds, with the numbers. Each heuristic looks at one kind of evidence, so an operator
 * sees not only that the model drifts but where: inputs, vocabulary, outputs, performance, or
 * reasoning.
 */
public final class FailureHeuristics {
  private final Thresholds t;

  public FailureHeuristics(Thresholds thresholds) {
    this.t = thresholds;
  }

  public Thresholds thresholds() {
    return t;
  }

  /** The failure signals of a window; empty when it is too small to judge. */
  public List<Finding> evaluate(DriftReport report) {
    List<Finding> findings = new ArrayList<>();
    if (report.getWindow().getEvents() < t.minEvents()) {
      return findings;
    }
    List<Evidence> drifting = new ArrayList<>();
    for (FeatureShift shift : report.getFeatureShifts()) {
      double threshold = Math.max(t.psi(), shift.getPsiNoise());
      if (shift.getPsi() >= threshold) {
        drifting.add(new Evidence("psi", shift.getFeature(), shift.getPsi(), threshold));
      }
    }
    if (drifting.size() >= t.driftingFeatures()) {
      findings.add(new Finding("feature_shift", false,
          drifting.size() + " features shifted (PSI >= " + t.psi() + "), most " + drifting.get(0).getSubject(), top(drifting)));
    }

    var tokens = report.getTokens();
    double oovIncrease = tokens.getOovRate() - tokens.getReferenceOovRate();
    if (oovIncrease >= t.oovIncrease() || tokens.getTopTokenShift() >= t.topTokenShift()) {
      findings.add(new Finding("token_novelty", false,
          String.format(Locale.ROOT, "unseen tokens %.0f%% (reference %.0f%%), top-token distance %.2f",
              100 * tokens.getOovRate(), 100 * tokens.getReferenceOovRate(), tokens.getTopTokenShift()),
          List.of(new Evidence("oov_rate", "tokens", tokens.getOovRate(), tokens.getReferenceOovRate() + t.oovIncrease()),
              new Evidence("top_token_shift", "tokens", tokens.getTopTokenShift(), t.topTokenShift()))));
    }

    var prediction = report.getPrediction();
    double rateChange = Math.abs(prediction.getPositiveRate() - prediction.getReferencePositiveRate());
    double scorePsi = Math.max(t.scorePsi(), prediction.getScorePsiNoise());
    if (rateChange >= t.positiveRateChange() || prediction.getScorePsi() >= scorePsi) {
      findings.add(new Finding("prediction_drift", false,
          String.format(Locale.ROOT, "phishing rate %.0f%% against %.0f%% in training, score PSI %.2f",
              100 * prediction.getPositiveRate(), 100 * prediction.getReferencePositiveRate(), prediction.getScorePsi()),
          List.of(new Evidence("positive_rate", "score", prediction.getPositiveRate(), prediction.getReferencePositiveRate()),
              new Evidence("psi", "score", prediction.getScorePsi(), scorePsi))));
    }

    DomainSeparation separation = report.getDomainClassifier();
    if (separation != null && separation.getAuc() >= Math.max(t.domainAuc(), separation.getAucNoise())) {
      findings.add(new Finding("domain_classifier", false,
          String.format(Locale.ROOT, "a classifier tells the window's mail from the reference's (AUC %.2f on all signals)", separation.getAuc()),
          List.of(new Evidence("domain_auc", "signals", separation.getAuc(), Math.max(t.domainAuc(), separation.getAucNoise())))));
    }

    Performance estimated = report.getEstimated();
    Performance shiftAware = report.getShiftAware();
    // the shift-aware estimate counts only when its whole band lies below: it rests on a few hundred reference messages
    boolean shiftAwareLow = shiftAware != null && shiftAware.getF1High() != null && shiftAware.getF1High() < t.estimatedF1();
    if (estimated != null && estimated.getF1() < t.estimatedF1() || shiftAwareLow) {
      findings.add(new Finding("estimated_performance", false,
          String.format(Locale.ROOT, "estimated F1 %.2f from confidence, %.2f weighted like the window, without labels",
              estimated == null ? Double.NaN : estimated.getF1(), shiftAware == null ? Double.NaN : shiftAware.getF1()),
          List.of(new Evidence("estimated_f1", "score", estimated == null ? Double.NaN : estimated.getF1(), t.estimatedF1()),
              new Evidence("shift_aware_f1", "reference", shiftAware == null ? Double.NaN : shiftAware.getF1(), t.estimatedF1()))));
    }
    Performance measured = report.getMeasured();
    // like the shift-aware estimate, it counts only when its whole band lies below: few labels, or labels asked for where the model was unsure, are no proof
    boolean measuredLow = measured != null && measured.getSupport() >= t.measuredMinSupport() && measured.getF1() < t.measuredF1()
        && (measured.getF1High() == null || measured.getF1High() < t.measuredF1());
    if (measuredLow) {
      findings.add(new Finding("measured_performance", true,
          String.format(Locale.ROOT, "measured F1 %.2f (90%% band up to %.2f) on %d labelled messages", measured.getF1(),
              measured.getF1High() == null ? measured.getF1() : measured.getF1High(), measured.getSupport()),
          List.of(new Evidence("measured_f1", "score", measured.getF1(), t.measuredF1()))));
    }

    var attribution = report.getAttribution();
    if (attribution.getNdcg() < t.ndcg()) {
      findings.add(new Finding("attribution_ranking", false,
          String.format(Locale.ROOT, "the model ranks its reasons differently (nDCG %.2f)", attribution.getNdcg()),
          withMoved(new Evidence("ndcg", "mean_abs_shap", attribution.getNdcg(), t.ndcg()), attribution.getTopFeatures())));
    }
    for (Map.Entry<String, Double> share : attribution.getFamilyShares().entrySet()) {
      double before = attribution.getReferenceFamilyShares().getOrDefault(share.getKey(), 0.0);
      if (share.getValue() - before >= t.familyShareIncrease()) {
        findings.add(new Finding("shortcut_family", false,
            String.format(Locale.ROOT, "the model leans on %s features: %.0f%% of its attribution, %.0f%% in training",
                share.getKey(), 100 * share.getValue(), 100 * before),
            List.of(new Evidence("family_share", share.getKey(), share.getValue(), before + t.familyShareIncrease()))));
      }
    }
    if (attribution.getExplanationShift() >= t.explanationShift()) {
      findings.add(new Finding("explanation_shift", false,
          String.format(Locale.ROOT, "SHAP values shifted (mean KS %.2f)", attribution.getExplanationShift()),
          withMoved(new Evidence("explanation_shift", "shap", attribution.getExplanationShift(), t.explanationShift()), attribution.getTopFeatures())));
    }
    EmbeddingShift embedding = report.getEmbedding();
    if (embedding != null && embedding.getNoise() > 0 && embedding.getDistance() >= t.embeddingShift() * embedding.getNoise()) {
      findings.add(new Finding("embedding_shift", false,
          String.format(Locale.ROOT, "the text reads differently to the encoder: mean embedding %.1f times as far from training's as sampling puts it",
              embedding.getDistance() / embedding.getNoise()),
          List.of(new Evidence("embedding_distance", "text", embedding.getDistance(), t.embeddingShift() * embedding.getNoise()))));
    }

    List<Evidence> changes = new ArrayList<>();
    for (ChangeSignal change : report.getChanges()) {
      if (change.getChanged()) {
        changes.add(new Evidence(change.getDetector(), change.getStream(), change.getStatistic(), null));
      }
    }
    if (!changes.isEmpty()) {
      findings.add(new Finding("sequential_change", false, "a change detector fired on the " + changes.get(0).getSubject() + " stream", changes));
    }
    return findings;
  }

  /** Whether a window's findings make it a failing window. */
  public boolean failing(List<Finding> findings) {
    return findings.size() >= t.minSignals() || findings.stream().anyMatch(Finding::critical);
  }

  private static List<Evidence> top(List<Evidence> evidence) {
    List<Evidence> sorted = new ArrayList<>(evidence);
    sorted.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    return List.copyOf(sorted.subList(0, Math.min(5, sorted.size())));
  }

  private static List<Evidence> withMoved(Evidence headline, List<Evidence> moved) {
    List<Evidence> all = new ArrayList<>();
    all.add(headline);
    all.addAll(moved);
    return all;
  }
}
