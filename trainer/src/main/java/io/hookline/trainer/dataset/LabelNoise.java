package io.hookline.trainer.dataset;

import io.hookline.core.model.ModelFamily;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.Score;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import java.util.ArrayList;
import java.util.List;

/**
 * Flags likely mislabelled training examples by cross-validated disagreement: each example is
 * scored by a model trained on the other folds, and one the model confidently calls the other
 * class ({@code confidence} or more) is suspect. Public phishing corpora carry label noise, and a
 * mislabelled message teaches the model the wrong thing twice: in training and in the
 * threshold's calibration.
 */
public final class LabelNoise {

  /** The examples kept, the ones flagged, and how many were checked. */
  public record Screened(List<TrainingExample> kept, List<TrainingExample> flagged) {
    public double flaggedShare() {
      int total = kept.size() + flagged.size();
      return total == 0 ? 0 : (double) flagged.size() / total;
    }
  }

  private final ModelFamily family;
  private final int folds;
  private final double confidence;

  public LabelNoise(ModelFamily family, int folds, double confidence) {
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, was " + folds);
    }
    this.family = family;
    this.folds = folds;
    this.confidence = confidence;
  }

  public Screened screen(List<TrainingExample> examples, TrainingConfig config) {
    List<TrainingExample> kept = new ArrayList<>();
    List<TrainingExample> flagged = new ArrayList<>();
    for (int fold = 0; fold < folds; fold++) {
      List<TrainingExample> train = new ArrayList<>();
      List<TrainingExample> held = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++) {
        (i % folds == fold ? held : train).add(examples.get(i));
      }
      if (held.isEmpty()) {
        continue;
      }
      PhishingModel model = family.train(train, List.of(), config, TrainingProgress.SILENT);
      List<Score> scores = model.predict(held.stream().map(TrainingExample::vector).toList());
      for (int i = 0; i < held.size(); i++) {
        double p = scores.get(i).probability();
        double disagreement = held.get(i).phishing() == 1 ? 1 - p : p;
        (disagreement >= confidence ? flagged : kept).add(held.get(i));
      }
    }
    return new Screened(kept, flagged);
  }
}
