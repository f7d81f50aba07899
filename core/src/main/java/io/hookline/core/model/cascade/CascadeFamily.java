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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cascade for CPUs: the additive family scores every message, the encoder family, reading
 * the text alone ({@link EncoderFamily#textOnly}: the first part already reads the signals), gives
 * a second opinion on the messages the first is unsure of and on those unlike the training mail.
 * Both are trained on the same examples. Unlike: more of its tokens unseen in training than in
 * {@value #NOVELTY_QUANTILE} of the held-out mail. The band of escalation is chosen on the
 * held-out examples, the narrowest that reaches the best weighted F1 among those that escalate at
 * most {@value #MAX_ESCALATED} of it (escalation costs an encoder pass), and recorded with the F1 of every band tried and the share it escalated in the model's
 * metrics. The cascade is calibrated on the held-out mail and decides where the weighed opinions
 * balance.
 */
public final class CascadeFamily implements ModelFamily {
  public static final String NAME = "cascade";
  /** Bands tried, in calibrated probability around the fast model's threshold. */
  static final double[] BANDS = {0, 0.05, 0.1, 0.2, 0.3, 0.45};
  /** How much the slow part counts where it is asked: alone, or as much as the fast one. */
  static final double[] SLOW_SHARES = {1, 0.5};
  /**
   * The share of held-out mail of the training era at least as familiar as a message the second
   * opinion is not asked for: a twentieth of that mail is asked for it too, and of mail of
   * another era, as much more as it is unfamiliar.
   */
  static final double NOVELTY_QUANTILE = 0.95;
  /**
   * The largest share of held-out mail a rule may hand to the encoder: beyond it the cascade costs
   * on a CPU what the encoder alone costs, whatever a message or two of held-out mail says.
   */
  static final double MAX_ESCALATED = 0.2;
  /** Fewer training examples than this, without held-out ones, are all trained on and judged on. */
  private static final int MIN_TO_HOLD_OUT = 50;

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

  /**
   * Without held-out examples the rule and each part's decision would be read off the training
   * examples themselves, which every part has learned: the rule is chosen on every fifth example
   * instead, with the parts trained on the rest; then each part learns from every example and
   * keeps the decision the held-out fifth gave it.
   */
  @Override
  public PhishingModel train(List<TrainingExample> train, List<TrainingExample> validation, TrainingConfig config, TrainingProgress progress) {
    if (!validation.isEmpty() || train.size() < MIN_TO_HOLD_OUT) {
      return judged(train, validation, config, progress);
    }
    List<TrainingExample> fit = new ArrayList<>();
    List<TrainingExample> heldOut = new ArrayList<>();
    for (int i = 0; i < train.size(); i++) {
      (i % 5 == 4 ? heldOut : fit).add(train.get(i));
    }
    CascadeModel judged = judged(fit, heldOut, config, progress);
    return judged.withParts(refit(judged.fast(), ModelFamilies.named(AdditiveFamily.NAME, spec), train, config),
        refit(judged.slow(), EncoderFamily.textOnly(spec), train, config));
  }

  /** {@code family} trained on every example, deciding as {@code judged} does. */
  private static PhishingModel refit(PhishingModel judged, ModelFamily family, List<TrainingExample> train, TrainingConfig config) {
    PhishingModel all = family.train(train, List.of(), config, TrainingProgress.SILENT);
    return all.withMetadata(all.metadata().withDecision(judged.metadata().threshold(), judged.metadata().calibration()));
  }

  private CascadeModel judged(List<TrainingExample> train, List<TrainingExample> validation, TrainingConfig config, TrainingProgress progress) {
    long started = System.nanoTime();
    PhishingModel fast = ModelFamilies.named(AdditiveFamily.NAME, spec).train(train, validation, config, progress);
    PhishingModel slow = EncoderFamily.textOnly(spec).train(train, validation, config, TrainingProgress.SILENT);
    List<TrainingExample> heldOut = validation.isEmpty() ? train : validation;
    List<Score> fastScores = fast.predict(heldOut.stream().map(TrainingExample::vector).toList());
    List<Score> slowScores = slow.predict(heldOut.stream().map(TrainingExample::vector).toList());
    FamiliarTokens familiar = FamiliarTokens.of(train);
    double[] novelty = heldOut.stream().mapToDouble(e -> familiar.unseenShare(e.vector())).toArray();
    double[] ranked = novelty.clone();
    Arrays.sort(ranked);
    // without held-out mail there is nothing to say what unfamiliar is: no novelty rule
    Double noveltyCut = validation.isEmpty() ? null : ranked[(int) Math.min(ranked.length - 1, Math.floor(NOVELTY_QUANTILE * ranked.length))];
    Map<String, Double> metrics = new LinkedHashMap<>();
    CascadeModel.Rule rule = new CascadeModel.Rule(0, 1, noveltyCut);
    double bestF1 = -1;
    for (double slowShare : SLOW_SHARES) {
      for (double band : BANDS) {
        CascadeModel.Rule tried = new CascadeModel.Rule(band, slowShare, noveltyCut);
        double[] shared = new double[heldOut.size()];
        int escalated = 0;
        for (int i = 0; i < shared.length; i++) {
          double share = CascadeModel.slowShare(tried, fast.metadata().threshold(), fastScores.get(i), novelty[i]);
          escalated += share > 0 ? 1 : 0;
          shared[i] = share * CascadeModel.shared(slow, slowScores.get(i)) + (1 - share) * CascadeModel.shared(fast, fastScores.get(i));
        }
        double f1 = weightedF1(heldOut, shared);
        String key = String.format(Locale.ROOT, "cascade.band.%.2f.slow.%.1f", band, slowShare);
        metrics.put(key + ".f1", f1);
        metrics.put(key + ".escalated", escalated / (double) Math.max(1, shared.length));
        if (escalated <= MAX_ESCALATED * shared.length && f1 > bestF1 + 1e-9) {
          bestF1 = f1;
          rule = tried;
        }
      }
    }
    metrics.put("cascade.band", rule.band());
    metrics.put("cascade.slow_share", rule.slowShare());
    metrics.put("cascade.escalated", metrics.get(String.format(Locale.ROOT, "cascade.band.%.2f.slow.%.1f.escalated", rule.band(), rule.slowShare())));
    if (noveltyCut != null) {
      metrics.put("cascade.novelty_cut", noveltyCut);
    }
    String engine = "cascade of " + fast.metadata().provenance().engine() + " and " + slow.metadata().provenance().engine();
    double seconds = (System.nanoTime() - started) / 1e9;
    CascadeModel draft = new CascadeModel(ModelMetadata.trained(config, NAME, spec.version(), new DecisionFit(Calibration.IDENTITY, 0.5), engine, seconds),
        fast, slow, rule, noveltyCut == null ? null : familiar);
    DecisionFit fitted = DecisionFit.on(heldOut, draft.combined(heldOut.stream().map(TrainingExample::vector).toList()));
    // calibrated on the held-out mail, but deciding where the weighed opinions balance (0 on the shared scale, each part's
    // own fitted boundary): a threshold fitted again on mail the fast part nearly always decides alone, and that it nearly
    // always gets right, lands anywhere in a wide gap, and says nothing of the escalated mail
    DecisionFit decision = new DecisionFit(fitted.calibration(), fitted.calibration().probability(0));
    return (CascadeModel) draft.withMetadata(ModelMetadata.trained(config, NAME, spec.version(), decision, engine, seconds).withMetrics(metrics));
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
