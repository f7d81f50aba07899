package io.hookline.trainer.training;

import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.model.ModelFamily;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.profile.ProfileBuilder;
import io.hookline.trainer.dataset.DataMix;
import io.hookline.trainer.dataset.Featurizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Trains one model on one mix, all from one seed: holds out a stratified fifth, trains on the
 * rest, fits the calibration and the threshold on the fifth; then trains again on everything and
 * keeps that calibration and threshold, so no labelled message is wasted.
 */
public final class ModelTraining {
  private static final double VALIDATION_SHARE = 0.2;

  private final Featurizer featurizer;
  private final ModelFamily family;

  public ModelTraining(Featurizer featurizer, ModelFamily family) {
    this.featurizer = featurizer;
    this.family = family;
  }

  /** A trained model and its reference profile (inputs from its training data, outputs from its held-out part). */
  public record Trained(PhishingModel model, ProfileBuilder.Built profile) {}

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
    return train(featurizer.featurize(train), featurizer.featurize(validation), config, progress);
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
    PhishingModel calibrating = family.train(trainVectors, validationVectors, config, TrainingProgress.SILENT);
    List<TrainingExample> everything = new ArrayList<>(trainVectors);
    everything.addAll(validationVectors);
    PhishingModel fitted = family.train(everything, List.of(), config, progress);
    PhishingModel model = fitted.withMetadata(fitted.metadata().withDecision(calibrating.metadata().threshold(), calibrating.metadata().calibration()));
    double referenceOov = ProfileBuilder.oovRate(validationVectors, ProfileBuilder.vocabularyOf(trainVectors));
    // the reference's scores and explanations come from the held-out part, scored by the model fitted without it
    return new Trained(model, ProfileBuilder.build(model, expectedTraffic.apply(everything),
        new ProfileBuilder.HeldOut(calibrating, expectedTraffic.apply(validationVectors), referenceOov)));
  }
}
