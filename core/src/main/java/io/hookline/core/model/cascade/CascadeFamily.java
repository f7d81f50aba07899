package io.hookline.core.model.cascade;

import io.hookline.core.features.FeatureSpec;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.Calibration;
import io.hookline.core.model.DecisionFit;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.model.ModelFamily;
import io.hookline.core.model.ModelMetadata;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.Score;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.model.encoder.EncoderFamily;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cascade for CPUs: the additive family scores every message, the encoder family gives a
 * second opinion on the messages the first is unsure of. Both are trained on the same examples;
 * the band of escalation is chosen on the held-out examples, the narrowest that reaches the best
 * weighted F1 (escalation costs an encoder pass), and recorded with the F1 of every band tried
 * and the share it escalated in the model's metrics.
 */
public final class CascadeFamily implements ModelFamily {
  public static final String NAME = "cascade";
  /** Bands tried, in calibrated probability around the fast model's threshold. */
  static final double[] BANDS = {0, 0.05, 0.1, 0.2, 0.3, 0.45};
  /** How much the slow part counts where it is asked: alone, or as much as the fast one. */
  static final double[] SLOW_SHARES = {1, 0.5};

  private final FeatureSpec spec;

  /** Registers the family with {@link ModelFamilies}. */
  public static final class Provider extends ModelFamilies.Named {
    public Provider() {
      super(NAME, CascadeFamily::new);
    }
  }

  public CascadeFamily(FeatureSpec spec) {
    this.spec = spec;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PhishingModel load(Path directory, ModelMetadata metadata) throws IOException {
    return CascadeModel.read(directory, metadata);
  }

  @Override
  public PhishingModel train(List<TrainingExample> train, List<TrainingExample> validation, TrainingConfig config, TrainingProgress progress) {
    long started = System.nanoTime();
    PhishingModel fast = ModelFamilies.named(AdditiveFamily.NAME, spec).train(train, validation, config, progress);
    PhishingModel slow = ModelFamilies.named(EncoderFamily.NAME, spec).train(train, validation, config, TrainingProgress.SILENT);
    List<TrainingExample> heldOut = validation.isEmpty() ? train : validation;
    List<Score> fastScores = fast.predict(heldOut.stream().map(TrainingExample::vector).toList());
    List<Score> slowScores = slow.predict(heldOut.stream().map(TrainingExample::vector).toList());
    Map<String, Double> metrics = new LinkedHashMap<>();
    CascadeModel.Rule rule = new CascadeModel.Rule(0, 1);
    double bestF1 = -1;
    for (double slowShare : SLOW_SHARES) {
      for (double band : BANDS) {
        double[] shared = new double[heldOut.size()];
        int escalated = 0;
        for (int i = 0; i < shared.length; i++) {
          boolean up = Math.abs(fastScores.get(i).probability() - fast.metadata().threshold()) < band;
          escalated += up ? 1 : 0;
          double first = CascadeModel.shared(fast, fastScores.get(i));
          shared[i] = up ? slowShare * CascadeModel.shared(slow, slowScores.get(i)) + (1 - slowShare) * first : first;
        }
        double f1 = weightedF1(heldOut, shared);
        String key = String.format(Locale.ROOT, "cascade.band.%.2f.slow.%.1f", band, slowShare);
        metrics.put(key + ".f1", f1);
        metrics.put(key + ".escalated", escalated / (double) Math.max(1, shared.length));
        if (f1 > bestF1 + 1e-9) {
          bestF1 = f1;
          rule = new CascadeModel.Rule(band, slowShare);
        }
      }
    }
    metrics.put("cascade.band", rule.band());
    metrics.put("cascade.slow_share", rule.slowShare());
    String engine = "cascade of " + fast.metadata().provenance().engine() + " and " + slow.metadata().provenance().engine();
    double seconds = (System.nanoTime() - started) / 1e9;
    CascadeModel draft = new CascadeModel(ModelMetadata.trained(config, NAME, spec.version(), new DecisionFit(Calibration.IDENTITY, 0.5), engine, seconds),
        fast, slow, rule);
    DecisionFit decision = DecisionFit.on(heldOut, draft.combined(heldOut.stream().map(TrainingExample::vector).toList()));
    return draft.withMetadata(ModelMetadata.trained(config, NAME, spec.version(), decision, engine, seconds).withMetrics(metrics));
  }

  /** F1 of deciding at 0 on the shared scale, each example counted by its weight. */
  private static double weightedF1(List<TrainingExample> examples, double[] shared) {
    double tp = 0;
    double fp = 0;
    double fn = 0;
    for (int i = 0; i < shared.length; i++) {
      boolean said = shared[i] >= 0;
      boolean was = examples.get(i).phishing() == 1;
      double w = examples.get(i).weight();
      tp += said && was ? w : 0;
      fp += said && !was ? w : 0;
      fn += !said && was ? w : 0;
    }
    return 2 * tp + fp + fn == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
  }
}
