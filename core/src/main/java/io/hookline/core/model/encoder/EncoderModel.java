package io.hookline.core.model.encoder;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.core.features.EngineeredFeature;
import io.hookline.core.features.FeatureFamily;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.model.Attribution;
import io.hookline.core.model.AttributionNames;
import io.hookline.core.model.Explanation;
import io.hookline.core.model.ModelIntegrityException;
import io.hookline.core.model.ModelMetadata;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.ReasonText;
import io.hookline.core.model.Score;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A head on a pretrained sentence encoder: the logit is a bias, plus a weight vector on the
 * message's embedding, plus one weight per standardized engineered signal (kept at {@code w >= 0},
 * as in the additive family: a signal can only argue for phishing). Its SHAP values against the
 * mean training message are exact: one term for the text (the embedding's weighted distance from
 * the mean embedding) and one per signal.
 */
public final class EncoderModel implements PhishingModel {
  static final String HEAD_FILE = "encoder-head.json";
  /** The attribution of the message's text as a whole. */
  public static final String TEXT = AttributionNames.ENCODED_TEXT;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Masked texts one word-level explanation runs through the encoder. */
  public static final int WORD_BUDGET = WordLevel.BUDGET;

  /** What {@link #HEAD_FILE} holds. */
  record Head(String encoder, String encoderSha256, float[] embeddingWeights, float[] embeddingMean, float[] signalWeights, double[] signalMean,
      double[] signalScale, double bias) {}

  private final ModelMetadata metadata;
  private final SentenceEncoder encoder;
  private final Head head;
  private final boolean ownsRuntime;

  EncoderModel(ModelMetadata metadata, SentenceEncoder encoder, Head head) {
    this(metadata, encoder, head, false);
  }

  /** @param ownsRuntime whether closing the model closes its encoder: a GPU copy's own; the CPU one is shared */
  private EncoderModel(ModelMetadata metadata, SentenceEncoder encoder, Head head, boolean ownsRuntime) {
    this.metadata = metadata;
    this.encoder = encoder;
    this.head = head;
    this.ownsRuntime = ownsRuntime;
  }

  static EncoderModel read(Path directory, ModelMetadata metadata) throws IOException {
    Head head = JSON.readValue(directory.resolve(HEAD_FILE).toFile(), Head.class);
    SentenceEncoder encoder = Encoders.named(head.encoder());
    if (!encoder.sha256().equalsIgnoreCase(head.encoderSha256())) {
      throw new ModelIntegrityException("model " + metadata.name() + " " + metadata.version() + " was trained on encoder " + head.encoder() + " with SHA-256 "
          + head.encoderSha256() + ", but the one here has " + encoder.sha256());
    }
    return new EncoderModel(metadata, encoder, head);
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  /** The encoder this head reads. */
  public SentenceEncoder encoder() {
    return encoder;
  }

  @Override
  public List<Score> predict(List<FeatureVector> vectors) {
    List<float[]> embeddings = Encoders.embed(encoder, vectors.stream().map(FeatureVector::text).toList());
    List<Score> scores = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      scores.add(metadata.score(logit(embeddings.get(i), vectors.get(i).engineered())));
    }
    return scores;
  }

  /** The encoder's embeddings of the messages' texts (from the cache where scoring put them). */
  @Override
  public List<float[]> embeddings(List<FeatureVector> vectors) {
    return Encoders.embed(encoder, vectors.stream().map(FeatureVector::text).toList());
  }

  double logit(float[] embedding, double[] signals) {
    double logit = head.bias();
    for (int d = 0; d < embedding.length; d++) {
      logit += head.embeddingWeights()[d] * embedding[d];
    }
    for (int k = 0; k < head.signalWeights().length; k++) {
      logit += head.signalWeights()[k] * standardized(k, signals[k]);
    }
    return logit;
  }

  private double standardized(int k, double value) {
    return (value - head.signalMean()[k]) / head.signalScale()[k];
  }

  /**
   * One message explained down to its words ({@link WordLevel}): a word-level explanation costs
   * some {@value #WORD_BUDGET} encoder passes, so {@link #explain} keeps the text as one term.
   */
  @Override
  public Explanation explainInDetail(FeatureVector vector, int namedTokens) {
    return WordLevel.explain(explain(vector, namedTokens), TEXT, vector.text(), this::textTerms, "the rest of the message's wording, as the encoder reads it");
  }

  @Override
  public Explanation explain(FeatureVector vector, int namedTokens) {
    return explain(List.of(vector), namedTokens).get(0);
  }

  /** The head's text term for each text, without the mean embedding's. */
  private double[] textTerms(List<String> texts) {
    List<float[]> embeddings = encoder.embed(texts); // not cached: a masked text is seen once
    double[] terms = new double[texts.size()];
    for (int k = 0; k < terms.length; k++) {
      for (int d = 0; d < embeddings.get(k).length; d++) {
        terms[k] += head.embeddingWeights()[d] * embeddings.get(k)[d];
      }
    }
    return terms;
  }

  @Override
  public List<Explanation> explain(List<FeatureVector> vectors, int namedTokens) {
    List<float[]> embeddings = Encoders.embed(encoder, vectors.stream().map(FeatureVector::text).toList());
    double base = head.bias();
    for (int d = 0; d < head.embeddingMean().length; d++) {
      base += head.embeddingWeights()[d] * head.embeddingMean()[d];
    }
    EngineeredFeature[] signals = EngineeredFeature.values();
    List<Explanation> explanations = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      FeatureVector vector = vectors.get(i);
      float[] e = embeddings.get(i);
      double text = 0;
      for (int d = 0; d < e.length; d++) {
        text += head.embeddingWeights()[d] * (e[d] - head.embeddingMean()[d]);
      }
      List<Attribution> attributions = new ArrayList<>();
      attributions.add(new Attribution(TEXT, FeatureFamily.TOKEN, text, "the message's wording, as the encoder reads it", false));
      double logit = base + text;
      double[] x = vector.engineered();
      for (int k = 0; k < head.signalWeights().length; k++) {
        double value = head.signalWeights()[k] * standardized(k, x[k]);
        logit += value;
        if (value != 0) {
          attributions.add(new Attribution(signals[k].featureName(), signals[k].family(), value, ReasonText.of(signals[k], x[k], vector.evidence().get(signals[k])),
              x[k] > 0));
        }
      }
      attributions.sort(Comparator.comparingDouble((Attribution a) -> -Math.abs(a.value())));
      explanations.add(new Explanation(base, logit, attributions, Math.abs(text)));
    }
    return explanations;
  }

  /**
   * On a GPU device, a copy whose encoder runs there through ONNX Runtime's CUDA provider (the
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
      return new EncoderModel(metadata, encoder.onGpu(device.getDeviceId()), head, true);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public PhishingModel withMetadata(ModelMetadata newMetadata) {
    return new EncoderModel(newMetadata, encoder, head, ownsRuntime);
  }

  @Override
  public void writeTo(Path directory) throws IOException {
    JSON.writeValue(directory.resolve(HEAD_FILE).toFile(), head);
  }

  @Override
  public void close() {
    if (ownsRuntime) {
      encoder.close();
    }
  }
}
