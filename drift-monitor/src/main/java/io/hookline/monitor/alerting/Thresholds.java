package io.hookline.monitor.alerting;

import io.hookline.core.config.ConfigSource;

/**
 * When a drift measure counts as a failure signal, and how signals become an incident, from
 * {@code monitor.heuristics.*} keys (defaults in parentheses): a window needs {@code min-events}
 * (200) to be judged; a feature drifts at {@code psi} (0.25, the usual "significant shift"
 * level, raised for small windows to what sampling alone would not reach: see {@link
 * io.hookline.monitor.drift.Divergences#psiNoise}) and the window trips when {@code drifting-features} (3) do; token novelty trips when the
 * out-of-vocabulary rate exceeds the reference's by {@code oov-increase} (0.05) or the top-token
 * distance reaches {@code top-token-shift} (0.2); predictions trip when the positive rate moves
 * by {@code positive-rate-change} (0.20) or the score PSI reaches {@code score-psi} (0.25, raised likewise);
 * the domain classifier trips when its cross-validated AUC reaches {@code domain-auc} (0.75, raised
 * likewise); estimated F1 below {@code estimated-f1} (0.75, for the shift-aware estimate: its
 * whole band below); measured F1 below {@code measured-f1} (0.80), its whole 90% band,
 * on at least {@code measured-min-support} (30) labels (critical); attribution trips when nDCG
 * falls below {@code ndcg} (0.9, SageMaker Clarify's level), a family's share grows by {@code
 * family-share-increase} (0.15) or the explanation shift reaches {@code explanation-shift}
 * (0.3); for a family that embeds text, the embeddings trip when the window's mean lies {@code
 * embedding-shift} (4) times as far from the reference's as sampling alone puts it; a sequential
 * change detector counts as one signal. A window fails with {@code
 * min-signals} (2) signals; {@code windows-to-fire} (2) failing windows in a row raise an alert,
 * {@code windows-to-resolve} (2) clean ones resolve it, and {@code cooldown-windows} (3) must
 * pass before the next alert; while an alert stays active and failing, a retrain is asked for again
 * every {@code retrain-interval} (10m).
 */
public record Thresholds(
    long minEvents,
    double psi,
    int driftingFeatures,
    double oovIncrease,
    double topTokenShift,
    double positiveRateChange,
    double scorePsi,
    double domainAuc,
    double estimatedF1,
    double measuredF1,
    long measuredMinSupport,
    double ndcg,
    double familyShareIncrease,
    double explanationShift,
    double embeddingShift,
    int minSignals,
    int windowsToFire,
    int windowsToResolve,
    int cooldownWindows,
    java.time.Duration retrainInterval) {

  public Thresholds {
    if (retrainInterval.isNegative() || retrainInterval.isZero()) {
      throw new IllegalArgumentException("monitor.heuristics.retrain-interval must be positive, was " + retrainInterval);
    }
    if (minSignals < 1 || windowsToFire < 1 || windowsToResolve < 1 || cooldownWindows < 0 || driftingFeatures < 1) {
      throw new IllegalArgumentException("monitor.heuristics: min-signals, windows-to-fire, windows-to-resolve and drifting-features "
          + "must be at least 1 and cooldown-windows at least 0");
    }
  }

  /** The same thresholds, asking again at another interval (a scenario compresses time). */
  public Thresholds withRetrainInterval(java.time.Duration interval) {
    return new Thresholds(minEvents, psi, driftingFeatures, oovIncrease, topTokenShift, positiveRateChange, scorePsi, domainAuc, estimatedF1,
        measuredF1, measuredMinSupport, ndcg, familyShareIncrease, explanationShift, embeddingShift, minSignals, windowsToFire, windowsToResolve,
        cooldownWindows, interval);
  }

  public static Thresholds defaults() {
    return from(ConfigSource.of(java.util.Map.of()));
  }

  public static Thresholds from(ConfigSource c) {
    String p = "monitor.heuristics.";
    return new Thresholds(
        c.integer(p + "min-events", 200),
        c.decimal(p + "psi", 0.25),
        c.integer(p + "drifting-features", 3),
        c.decimal(p + "oov-increase", 0.05),
        c.decimal(p + "top-token-shift", 0.2),
        c.decimal(p + "positive-rate-change", 0.20),
        c.decimal(p + "score-psi", 0.25),
        c.decimal(p + "domain-auc", 0.75),
        c.decimal(p + "estimated-f1", 0.75),
        c.decimal(p + "measured-f1", 0.80),
        c.integer(p + "measured-min-support", 30),
        c.decimal(p + "ndcg", 0.9),
        c.decimal(p + "family-share-increase", 0.15),
        c.decimal(p + "explanation-shift", 0.3),
        c.decimal(p + "embedding-shift", 4.0),
        c.integer(p + "min-signals", 2),
        c.integer(p + "windows-to-fire", 2),
        c.integer(p + "windows-to-resolve", 2),
        c.integer(p + "cooldown-windows", 3),
        c.duration(p + "retrain-interval", java.time.Duration.ofMinutes(10)));
  }
}
