package io.hookline.core.model.encoder;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.core.features.FeatureFamily;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.model.Attribution;
import io.hookline.core.model.AttributionNames;
import io.hookline.core.model.Explanation;
import io.hookline.core.model.ModelIntegrityException;
import io.hookline.core.model.ModelMetadata;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.Score;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fine-tuned sequence classifier served as it is: its log-odds of phishing on the message's text
 * are the logit, read through the calibration and threshold fitted on labelled mail. Explanations
 * start from the empty text: the text's term is the logit minus the empty text's, and a detailed
 * explanation splits it among words by Partition SHAP ({@link WordLevel}).
 */
public final class ClassifierModel implements PhishingModel {
  static final String FILE = "classifier.json";
  /** The attribution of the message's text as a whole. */
  public static final String TEXT = AttributionNames.CLASSIFIED_TEXT;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@link #FILE} holds: the classifier by name and SHA-256, and its log-odds on the empty text. */
  record Reference(String classifier, String classifierSha256, double emptyTextLogOdds) {}

  private final ModelMetadata metadata;
  private final SequenceClassifier classifier;
  private final Reference reference;
  private final boolean ownsRuntime;

  ClassifierModel(ModelMetadata metadata, SequenceClassifier classifier, Reference reference) {
    this(metadata, classifier, reference, false);
  }

  /** @param ownsRuntime whether closing the model closes its classifier: a GPU copy's own; the CPU one is shared */
  private ClassifierModel(ModelMetadata metadata, SequenceClassifier classifier, Reference reference, boolean ownsRuntime) {
    this.metadata = metadata;
    this.classifier = classifier;
    this.reference = reference;
    this.ownsRuntime = ownsRuntime;
  }

  static ClassifierModel read(Path directory, ModelMetadata metadata) throws IOException {
    Reference reference = JSON.readValue(directory.resolve(FILE).toFile(), Reference.class);
    SequenceClassifier classifier = Classifiers.named(reference.classifier());
    if (!classifier.sha256().equalsIgnoreCase(reference.classifierSha256())) {
      throw new ModelIntegrityException("model " + metadata.name() + " " + metadata.version() + " was calibrated on classifier " + reference.classifier()
          + " with SHA-256 " + reference.classifierSha256() + ", but the one here has " + classifier.sha256());
    }
    return new ClassifierModel(metadata, classifier, reference);
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  @Override
  public List<Score> predict(List<FeatureVector> vectors) {
    return metadata.scores(classifier.logOdds(vectors.stream().map(FeatureVector::text).toList()));
  }

  @Override
  public Explanation explain(FeatureVector vector, int namedTokens) {
    return explain(List.of(vector), namedTokens).get(0);
  }

  @Override
  public List<Explanation> explain(List<FeatureVector> vectors, int namedTokens) {
    double[] logOdds = classifier.logOdds(vectors.stream().map(FeatureVector::text).toList());
    double base = reference.emptyTextLogOdds();
    List<Explanation> explanations = new ArrayList<>(logOdds.length);
    for (double logit : logOdds) {
      Attribution text = new Attribution(TEXT, FeatureFamily.TOKEN, logit - base, "the message's wording, as the classifier reads it", false);
      explanations.add(new Explanation(base, logit, List.of(text), Math.abs(logit - base)));
    }
    return explanations;
  }

  /** Down to words: some {@value WordLevel#BUDGET} classifier passes per message. */
  @Override
  public Explanation explainInDetail(FeatureVector vector, int namedTokens) {
    return WordLevel.explain(explain(vector, namedTokens), TEXT, vector.text(), classifier::logOdds,
        "the rest of the message's wording, as the classifier reads it");
  }

  /**
   * On a GPU device, a copy whose classifier runs there through ONNX Runtime's CUDA provider (the
   * detector's {@code detector.device=gpu}); on the CPU, this model itself.
   *
   * @throws IllegalStateException saying what to install, where ONNX Runtime cannot use the GPU
   */
  @Override
  public PhishingModel placedOn(Device device) {
    if (!device.isGpu()) {
      return this;
    }
    try {
      return new ClassifierModel(metadata, classifier.onGpu(device.getDeviceId()), reference, true);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public PhishingModel withMetadata(ModelMetadata newMetadata) {
    return new ClassifierModel(newMetadata, classifier, reference, ownsRuntime);
  }

  @Override
  public void writeTo(Path directory) throws IOException {
    JSON.writeValue(directory.resolve(FILE).toFile(), reference);
  }

  @Override
  public void close() {
    if (ownsRuntime) {
      classifier.close();
    }
  }
}
