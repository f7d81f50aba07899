package io.hookline.core.model;

import io.hookline.core.features.TokenField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a model artifact says about itself: identity, family, the feature spec it needs, its
 * decision threshold and calibration, what it was trained on, how it scored, and its provenance.
 *
 * @param domains the style domains of the training mix
 * @param trainingCounts examples per domain and label ({@code easy-ham-1/LEGITIMATE -> 2000})
 * @param metrics evaluation metrics by name ({@code validation.f1}, ...)
 */
public record ModelMetadata(
    String name,
    String version,
    String family,
    String featureSpec,
    double threshold,
    Calibration calibration,
    String trainingMix,
    List<String> domains,
    Map<String, Integer> trainingCounts,
    Map<String, Double> metrics,
    Provenance provenance) {

  /** Where and how the model was made. */
  public record Provenance(
      String createdAt,
      String hooklineVersion,
      String java,
      String os,
      String engine,
      long seed,
      int epochs,
      int batchSize,
      double learningRate,
      double l2,
      double trainSeconds,
      String shortcutPolicy,
      Map<String, Double> tokenFieldScales) {

    /** Provenance without shortcut handling: every token field counted fully. */
    public Provenance(String createdAt, String hooklineVersion, String java, String os, String engine, long seed, int epochs, int batchSize,
        double learningRate, double l2, double trainSeconds) {
      this(createdAt, hooklineVersion, java, os, engine, seed, epochs, batchSize, learningRate, l2, trainSeconds, "report", Map.of());
    }

    /**
     * How much each token field counts, by {@link TokenField} ordinal: 1 unless training scaled
     * it down (models written before shortcut handling name none).
     */
    public float[] fieldScales() {
      float[] scales = new float[TokenField.values().length];
      Arrays.fill(scales, 1f);
      if (tokenFieldScales != null) {
        tokenFieldScales.forEach((prefix, scale) -> {
          TokenField field = TokenField.byPrefix(prefix);
          if (field != null) {
            scales[field.ordinal()] = scale.floatValue();
          }
        });
      }
      return scales;
    }
  }

  /**
   * The metadata of a model a family just trained: identity and mix from the training config,
   * the decision fitted on held-out mail, and provenance (time, versions, engine, settings).
   */
  public static ModelMetadata trained(TrainingConfig config, String family, String featureSpec, DecisionFit decision, String engine,
      double trainSeconds) {
    Map<String, Double> byPrefix = new java.util.TreeMap<>();
    config.tokenFieldScales().forEach((field, scale) -> byPrefix.put(field.prefix(), scale));
    return new ModelMetadata(
        config.modelName(), config.version(), family, featureSpec, decision.threshold(), decision.calibration(), config.trainingMix(), config.domains(),
        config.trainingCounts(), Map.of(),
        new Provenance(
            java.time.Instant.now().toString(),
            String.valueOf(ModelMetadata.class.getPackage().getImplementationVersion()),
            System.getProperty("java.version"),
            System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            engine,
            config.seed(), config.epochs(), config.batchSize(), config.learningRate(), config.l2(), trainSeconds,
            config.shortcutPolicy(), byPrefix));
  }

  /** A raw logit as the model's decision reads it: the logit and its calibrated probability. */
  public Score score(double logit) {
    return new Score(logit, calibration.probability(logit));
  }

  /** Each raw logit as {@link #score(double)} reads it, in order. */
  public List<Score> scores(double[] logits) {
    List<Score> scores = new ArrayList<>(logits.length);
    for (double logit : logits) {
      scores.add(score(logit));
    }
    return scores;
  }

  /** The verdict's rule, the one place it is written: PHISHING from the threshold up, in calibrated probability. */
  public boolean phishing(double probability) {
    return probability >= threshold;
  }

  /** The same metadata with the decision threshold and calibration of another fit. */
  public ModelMetadata withDecision(double newThreshold, Calibration newCalibration) {
    return new ModelMetadata(name, version, family, featureSpec, newThreshold, newCalibration, trainingMix, domains, trainingCounts, metrics, provenance);
  }

  public ModelMetadata withMetrics(Map<String, Double> more) {
    Map<String, Double> merged = new java.util.TreeMap<>(metrics);
    merged.putAll(more);
    return new ModelMetadata(name, version, family, featureSpec, threshold, calibration, trainingMix, domains, trainingCounts, merged, provenance);
  }
}
