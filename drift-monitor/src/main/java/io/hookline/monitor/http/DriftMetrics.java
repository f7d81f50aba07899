package io.hookline.monitor.http;

import io.hookline.avro.DriftReport;
import io.hookline.avro.FeatureShift;
import io.hookline.core.features.FeatureFamily;
import io.hookline.monitor.alerting.Finding;
import io.hookline.monitor.alerting.WindowJudge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The latest window's measures as Prometheus gauges. Labels are bounded: the model name (not the
 * version, which changes with every retrain; it is in {@code hookline_drift_model_info}), the
 * feature family (seven) and the heuristic (a fixed set). No mail content is ever a label.
 * Shares in [0, 1] end in {@code _ratio}, as Prometheus names them.
 */
public final class DriftMetrics implements Consumer<WindowJudge.Judged> {
  static final List<String> HEURISTICS = List.of("feature_shift", "token_novelty", "prediction_drift", "domain_classifier", "estimated_performance",
      "measured_performance", "attribution_ranking", "shortcut_family", "explanation_shift", "embedding_shift",
      "sequential_change");

  private final MeterRegistry registry;
  private final double psiThreshold;
  private final Map<String, Map<String, Double>> latest = new ConcurrentHashMap<>();
  private final Set<String> models = ConcurrentHashMap.newKeySet();

  /** @param psiThreshold the PSI from which a feature counts as drifting (the heuristics' threshold) */
  public DriftMetrics(MeterRegistry registry, double psiThreshold) {
    this.registry = registry;
    this.psiThreshold = psiThreshold;
  }

  @Override
  public void accept(WindowJudge.Judged judged) {
    DriftReport report = judged.report();
    String model = report.getModel().getName();
    Map<String, Double> values = latest.computeIfAbsent(model, m -> new ConcurrentHashMap<>());
    double maxPsi = report.getFeatureShifts().stream().mapToDouble(FeatureShift::getPsi).max().orElse(0);
    long drifting = report.getFeatureShifts().stream().filter(s -> s.getPsi() >= psiThreshold).count();
    values.put("max_feature_psi", maxPsi);
    values.put("drifting_features", (double) drifting);
    values.put("unseen_tokens_ratio", report.getTokens().getOovRate());
    values.put("top_token_shift", report.getTokens().getTopTokenShift());
    values.put("phishing_verdicts_ratio", report.getPrediction().getPositiveRate());
    values.put("score_psi", report.getPrediction().getScorePsi());
    values.put("estimated_f1", report.getEstimated() == null ? Double.NaN : report.getEstimated().getF1());
    values.put("shift_aware_f1", report.getShiftAware() == null ? Double.NaN : report.getShiftAware().getF1());
    values.put("domain_auc", report.getDomainClassifier() == null ? Double.NaN : report.getDomainClassifier().getAuc());
    values.put("measured_f1", report.getMeasured() == null ? Double.NaN : report.getMeasured().getF1());
    values.put("attribution_ndcg", report.getAttribution().getNdcg());
    values.put("explanation_shift", report.getAttribution().getExplanationShift());
    // the embedding's distance in units of what sampling alone gives; NaN for families that embed no text
    values.put("embedding_shift", report.getEmbedding() == null || report.getEmbedding().getNoise() <= 0 ? Double.NaN
        : report.getEmbedding().getDistance() / report.getEmbedding().getNoise());
    values.put("window_events", (double) report.getWindow().getEvents());
    values.put("alert_active", judged.next().incident().activeAlertId() == null ? 0.0 : 1.0);
    for (FeatureFamily family : FeatureFamily.values()) {
      values.put("family_share:" + family.label(), report.getAttribution().getFamilyShares().getOrDefault(family.label(), 0.0));
    }
    List<String> fired = judged.findings().stream().map(Finding::heuristic).toList();
    for (String heuristic : HEURISTICS) {
      values.put("signal:" + heuristic, fired.contains(heuristic) ? 1.0 : 0.0);
    }
    if (models.add(model)) {
      register(model);
    }
    Counter.builder("hookline_drift_windows").description("Windows the monitor judged, by model").tag("model", model).register(registry).increment();
    if (judged.step().alert() != null) {
      Counter.builder("hookline_drift_alerts").description("Drift alert transitions, by model and state").tag("model", model).tag("state", judged.step().alert().getState().name().toLowerCase()).register(registry).increment();
    }
    if (judged.step().retrain() != null) {
      Counter.builder("hookline_drift_retrain_requests").description("Retrain requests the monitor made, by model").tag("model", model).register(registry).increment();
    }
  }

  private void register(String model) {
    Map<String, Double> values = latest.get(model);
    // one gauge per measure accept() records; family shares and signals have labels of their own
    for (String measure : values.keySet().stream().filter(k -> !k.contains(":")).sorted().toList()) {
      Gauge.builder("hookline_drift_" + measure, values, v -> v.getOrDefault(measure, Double.NaN))
          .tag("model", model).description("Latest closed window: " + measure.replace('_', ' ')).register(registry);
    }
    for (FeatureFamily family : FeatureFamily.values()) {
      Gauge.builder("hookline_drift_family_share_ratio", values, v -> v.getOrDefault("family_share:" + family.label(), Double.NaN))
          .tags("model", model, "family", family.label()).description("Share of |SHAP| per feature family in the latest window").register(registry);
    }
    for (String heuristic : HEURISTICS) {
      Gauge.builder("hookline_drift_signal", values, v -> v.getOrDefault("signal:" + heuristic, 0.0))
          .tags("model", model, "heuristic", heuristic).description("1 when the heuristic found a failure signal in the latest window").register(registry);
    }
  }
}
