package io.hookline.trainer.training;

import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.model.ModelFamily;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.profile.ProfileBuilder;
import io.hookline.trainer.dataset.DataMix;
import io.hookline.core.features.TokenField;
import io.hookline.trainer.dataset.Featurizer;
import io.hookline.trainer.feedback.RecentFeedback;
import io.hookline.trainer.shortcuts.ShortcutDiagnosis;
import io.hookline.trainer.shortcuts.ShortcutPolicy;
import io.hookline.trainer.shortcuts.Shortcuts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Trains one model on one mix, all from one seed: holds out a stratified fifth, trains on the
 * rest, fits the calibration and the threshold on the fifth; then trains again on everything and
 * keeps that calibration and threshold, so no labelled message is wasted.
 *
 * <p>Every model is then diagnosed for shortcuts ({@link ShortcutDiagnosis}); under the {@code
 * penalize} or {@code drop} policy, token fields that identify a corpus are shrunk or left out and
 * the model is trained again without them. The policy and the field scales go into the model's
 * provenance, its shortcut score into its metrics.
 */
public final class ModelTraining {
  private static final double VALIDATION_SHARE = 0.2;
  /**
   * A token field whose own probe names the corpus this much better than chance is a shortcut
   * field. Text fields name their corpus too (about 0.5 on the shipped corpora: words change with
   * era and list) but carry most of the content; header fields such as relays score 0.8 and more.
   */
  public static final double SHORTCUT_FIELD = 0.7;

  private final Featurizer featurizer;
  private final ModelFamily family;
  private final ShortcutPolicy shortcuts;
  private final boolean domainValidated;

  public ModelTraining(Featurizer featurizer, ModelFamily family) {
    this(featurizer, family, ShortcutPolicy.REPORT, false);
  }

  /**
   * @param domainValidated whether a corpus mix is trained domain-balanced with its L2 chosen by
   *     leave-one-domain-out validation ({@link DomainValidation}); a few more models per training
   */
  public ModelTraining(Featurizer featurizer, ModelFamily family, ShortcutPolicy shortcuts, boolean domainValidated) {
    this.featurizer = featurizer;
    this.family = family;
    this.shortcuts = shortcuts;
    this.domainValidated = domainValidated;
  }

  /**
   * A trained model, its reference profile (inputs from its training data, outputs from its
   * held-out part) and its shortcut diagnosis.
   *
   * @param shortcutsBefore the diagnosis of the model trained with every field, when the policy
   *     then changed the fields; else the same as {@code shortcuts}
   */
  public record Trained(PhishingModel model, ProfileBuilder.Built profile, Shortcuts shortcuts, Shortcuts shortcutsBefore) {}

  public Trained train(DataMix mix, String name, String version, long seed, TrainingProgress progress) {
    return train(mix.train(), mix.name(), mix.domains(), mix.trainingCounts(), name, version, seed, progress);
  }

  public Trained train(List<CorpusExample> examples, String mixName, List<String> domains, Map<String, Integer> counts,
      String name, String version, long seed, TrainingProgress progress) {
    Map<String, List<CorpusExample>> strata = new LinkedHashMap<>();
    examples.stream().sorted(Comparator.comparing(CorpusExample::id))
        .forEach(e -> strata.computeIfAbsent(e.domain() + "/" + e.label(), k -> new ArrayList<>()).add(e));
    Random random = new Random(seed);
    List<CorpusExample> train = new ArrayList<>();
    List<CorpusExample> validation = new ArrayList<>();
    for (List<CorpusExample> stratum : strata.values()) {
      Collections.shuffle(stratum, random);
      int held = (int) Math.round(stratum.size() * VALIDATION_SHARE);
      validation.addAll(stratum.subList(0, held));
      train.addAll(stratum.subList(held, stratum.size()));
    }
    TrainingConfig config = TrainingConfig.defaults(name, version, mixName, seed).withMix(domains, counts);
    List<TrainingExample> trainVectors = featurizer.featurize(train);
    List<TrainingExample> validationVectors = featurizer.featurize(validation);
    if (!domainValidated) {
      return train(trainVectors, validationVectors, config, progress);
    }
    List<TrainingExample> everything = new ArrayList<>(trainVectors);
    everything.addAll(validationVectors);
    DomainValidation.Choice choice = new DomainValidation(family).chooseL2(everything, config);
    Trained trained = train(DomainValidation.balanced(trainVectors), DomainValidation.balanced(validationVectors), config.withL2(choice.l2()), progress);
    Map<String, Double> scores = new TreeMap<>();
    choice.meanByL2().forEach((l2, score) -> scores.put(String.format(java.util.Locale.ROOT, "lodo.mean.l2.%.0e", l2), score));
    PhishingModel model = trained.model().withMetadata(trained.model().metadata().withMetrics(scores));
    return new Trained(model, trained.profile(), trained.shortcuts(), trained.shortcutsBefore());
  }

  /**
   * Trains on featurized examples: fitted on {@code trainVectors} and calibrated (threshold and
   * Platt scaling) on {@code validationVectors}, then refitted on both with that calibration.
   */
  public Trained train(List<TrainingExample> trainVectors, List<TrainingExample> validationVectors, TrainingConfig config, TrainingProgress progress) {
    return train(trainVectors, validationVectors, config, progress, UnaryOperator.identity());
  }

  /**
   * @param expectedTraffic how the examples count in the reference profile (by default as in
   *     training): a repair can expect the live style more often than it trains on it
   */
  public Trained train(List<TrainingExample> trainVectors, List<TrainingExample> validationVectors, TrainingConfig config, TrainingProgress progress,
      UnaryOperator<List<TrainingExample>> expectedTraffic) {
    Trained first = fit(trainVectors, validationVectors, config.withShortcuts(shortcuts.configName(), Map.of()), progress, expectedTraffic);
    List<TrainingExample> corpus = new ArrayList<>();
    trainVectors.stream().filter(e -> !RecentFeedback.DOMAIN.equals(e.domain())).forEach(corpus::add);
    validationVectors.stream().filter(e -> !RecentFeedback.DOMAIN.equals(e.domain())).forEach(corpus::add);
    ShortcutDiagnosis diagnosis = new ShortcutDiagnosis(config.seed());
    Shortcuts found = diagnosis.diagnose(first.model(), corpus);
    Map<TokenField, Double> scales = found.fieldScales(shortcuts, SHORTCUT_FIELD);
    if (scales.isEmpty()) {
      return withScore(new Trained(first.model(), first.profile(), found, found));
    }
    Trained second = fit(trainVectors, validationVectors, config.withShortcuts(shortcuts.configName(), scales), progress, expectedTraffic);
    return withScore(new Trained(second.model(), second.profile(), diagnosis.diagnose(second.model(), corpus), found));
  }

  private static Trained withScore(Trained trained) {
    PhishingModel model = trained.model();
    if (trained.shortcuts().separable()) { // with one corpus per label there is no score to keep, not a score of 0
      model = model.withMetadata(model.metadata().withMetrics(Map.of(
          SHORTCUT_SCORE, trained.shortcuts().score(), "shortcut.identifiability", trained.shortcuts().identifiability())));
    }
    return new Trained(model, trained.profile(), trained.shortcuts(), trained.shortcutsBefore());
  }

  /** The metric under which a model's shortcut score is kept. */
  public static final String SHORTCUT_SCORE = "shortcut.score";

  private Trained fit(List<TrainingExample> trainVectors, List<TrainingExample> validationVectors, TrainingConfig config, TrainingProgress progress,
      UnaryOperator<List<TrainingExample>> expectedTraffic) {
    PhishingModel calibrating = family.train(trainVectors, validationVectors, config, TrainingProgress.SILENT);
    List<TrainingExample> everything = new ArrayList<>(trainVectors);
    everything.addAll(validationVectors);
    PhishingModel fitted = family.train(everything, List.of(), config, progress);
    PhishingModel model = fitted.withMetadata(fitted.metadata().withDecision(calibrating.metadata().threshold(), calibrating.metadata().calibration()));
    double referenceOov = ProfileBuilder.oovRate(validationVectors, ProfileBuilder.vocabularyOf(trainVectors));
    // the reference's scores and explanations come from the held-out part, scored by the model fitted without it
    return new Trained(model, ProfileBuilder.build(model, expectedTraffic.apply(everything),
        new ProfileBuilder.HeldOut(calibrating, expectedTraffic.apply(validationVectors), referenceOov)), null, null);
  }
}
