package io.hookline.core.model.encoder;

import io.hookline.core.features.FeatureSpec;
import io.hookline.core.model.DecisionFit;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.model.ModelFamily;
import io.hookline.core.model.ModelMetadata;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One's own fine-tuned sequence classifier ({@link SequenceClassifier}, found through {@link
 * Classifiers}) as a model family. The network is not trained here, it was fine-tuned elsewhere;
 * "training" fits what Hookline decides with, the calibration and the threshold, on every labelled
 * example given (none of them was used to fit the network), so the detector, the monitor, the
 * trainer's retraining on live labels and {@code hookline evaluate} treat it as any family. The
 * artifact names the classifier with its SHA-256, checked at load; the classifier is not copied.
 */
public final class ClassifierFamily implements ModelFamily {
  public static final String NAME = "onnx-classifier";

  private final FeatureSpec spec;

  /** Registers the family with {@link ModelFamilies}. */
  public static final class Provider extends ModelFamilies.Named {
    public Provider() {
      super(NAME, ClassifierFamily::new);
    }
  }

  public ClassifierFamily(FeatureSpec spec) {
    this.spec = spec;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PhishingModel load(Path directory, ModelMetadata metadata) throws IOException {
    return ClassifierModel.read(directory, metadata);
  }

  @Override
  public PhishingModel train(List<TrainingExample> train, List<TrainingExample> validation, TrainingConfig config, TrainingProgress progress) {
    List<TrainingExample> labelled = new ArrayList<>(train);
    labelled.addAll(validation);
    if (labelled.isEmpty()) {
      throw new IllegalArgumentException("no labelled examples to calibrate the classifier on");
    }
    long started = System.nanoTime();
    SequenceClassifier classifier;
    try {
      classifier = Classifiers.preferred();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    double[] logOdds = classifier.logOdds(labelled.stream().map(e -> e.vector().text()).toList());
    DecisionFit decision = DecisionFit.on(labelled, logOdds);
    ClassifierModel.Reference reference = new ClassifierModel.Reference(classifier.name(), classifier.sha256(), classifier.logOdds(List.of(""))[0]);
    String engine = "ONNX Runtime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion() + ", classifier " + classifier.name() + " "
        + classifier.sha256().substring(0, 12);
    ModelMetadata metadata = ModelMetadata.trained(config, NAME, spec.version(), decision, engine, (System.nanoTime() - started) / 1e9);
    return new ClassifierModel(metadata, classifier, reference);
  }
}
