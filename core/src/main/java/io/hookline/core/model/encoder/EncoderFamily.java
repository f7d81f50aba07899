package io.hookline.core.model.encoder;

import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
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
import java.util.List;

/**
 * The encoder family: a frozen pretrained sentence encoder reads the message's text, and a
 * logistic head is trained on [embedding ‖ standardized engineered signals] (full-batch Adam,
 * weighted log loss, L2 on the embedding weights, signal weights kept at {@code w >= 0}), then
 * calibrated and thresholded on held-out mail as every family is ({@link DecisionFit}). The
 * encoder is not copied into the artifact: it is named there with its SHA-256, checked at load.
 */
public final class EncoderFamily implements ModelFamily {
  public static final String NAME = "encoder";
  /** Full-batch steps of the head: the loss has flattened well before on the shipped corpora. */
  static final int STEPS = 300;
  private static final double LEARNING_RATE = 0.05;

  private final FeatureSpec spec;
  private final boolean readsSignals;

  /** Registers the family with {@link ModelFamilies}. */
  public static final class Provider extends ModelFamilies.Named {
    public Provider() {
      super(NAME, EncoderFamily::new);
    }
  }

  public EncoderFamily(FeatureSpec spec) {
    this(spec, true);
  }

  private EncoderFamily(FeatureSpec spec, boolean readsSignals) {
    this.spec = spec;
    this.readsSignals = readsSignals;
  }

  /**
   * A head on the embedding alone, its signal weights 0: the text's own opinion, for a second
   * opinion beside a model that already reads the signals (the signals separate the classes of
   * one era so well that a head given both leans on them, and misjudges the legitimate mail of
   * another era as the first model does).
   */
  public static EncoderFamily textOnly(FeatureSpec spec) {
    return new EncoderFamily(spec, false);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PhishingModel load(Path directory, ModelMetadata metadata) throws IOException {
    return EncoderModel.read(directory, metadata);
  }

  @Override
  public PhishingModel train(List<TrainingExample> train, List<TrainingExample> validation, TrainingConfig config, TrainingProgress progress) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    long started = System.nanoTime();
    SentenceEncoder encoder;
    try {
      encoder = Encoders.preferred();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<float[]> embeddings = Encoders.embed(encoder, train.stream().map(e -> e.vector().text()).toList());
    int dims = encoder.dimensions();
    int signals = readsSignals ? spec.signals() : 0;
    double[] signalMean = new double[signals];
    double[] signalScale = new double[signals];
    standardization(train, signalMean, signalScale);
    float[] embeddingMean = new float[dims];
    for (float[] e : embeddings) {
      for (int d = 0; d < dims; d++) {
        embeddingMean[d] += e[d] / embeddings.size();
      }
    }
    int n = train.size();
    int width = dims + signals;
    double[][] x = new double[n][width];
    double[] y = new double[n];
    double[] weight = new double[n];
    double meanWeight = train.stream().mapToDouble(TrainingExample::weight).average().orElse(1);
    for (int i = 0; i < n; i++) {
      float[] e = embeddings.get(i);
      for (int d = 0; d < dims; d++) {
        x[i][d] = e[d];
      }
      double[] raw = train.get(i).vector().engineered();
      for (int k = 0; k < signals; k++) {
        x[i][dims + k] = (raw[k] - signalMean[k]) / signalScale[k];
      }
      y[i] = train.get(i).phishing();
      weight[i] = train.get(i).weight() / meanWeight;
    }
    double[] w = new double[width];
    double bias = 0;
    double[] m = new double[width + 1];
    double[] v = new double[width + 1];
    // deterministic without a seed: full batches from zero weights
    for (int step = 1; step <= STEPS; step++) {
      double[] gradient = new double[width + 1];
      double loss = 0;
      for (int i = 0; i < n; i++) {
        double z = bias;
        for (int j = 0; j < width; j++) {
          z += w[j] * x[i][j];
        }
        double p = 1 / (1 + Math.exp(-z));
        double error = (p - y[i]) * weight[i] / n;
        for (int j = 0; j < width; j++) {
          gradient[j] += error * x[i][j];
        }
        gradient[width] += error;
        loss += weight[i] * (Math.max(z, 0) - z * y[i] + Math.log1p(Math.exp(-Math.abs(z)))) / n;
      }
      for (int d = 0; d < dims; d++) {
        gradient[d] += 2 * config.l2() * w[d];
      }
      for (int j = 0; j <= width; j++) {
        m[j] = 0.9 * m[j] + 0.1 * gradient[j];
        v[j] = 0.999 * v[j] + 0.001 * gradient[j] * gradient[j];
        double update = LEARNING_RATE * (m[j] / (1 - Math.pow(0.9, step))) / (Math.sqrt(v[j] / (1 - Math.pow(0.999, step))) + 1e-8);
        if (j == width) {
          bias -= update;
        } else {
          w[j] -= update;
        }
      }
      for (int k = 0; k < signals; k++) {
        w[dims + k] = Math.max(0, w[dims + k]); // a signal only ever argues for phishing
      }
      if (step % 30 == 0) {
        progress.epochDone(step / 30, STEPS / 30, loss);
      }
    }
    float[] embeddingWeights = new float[dims];
    float[] signalWeights = new float[signals];
    for (int d = 0; d < dims; d++) {
      embeddingWeights[d] = (float) w[d];
    }
    for (int k = 0; k < signals; k++) {
      signalWeights[k] = (float) w[dims + k];
    }
    EncoderModel.Head head = new EncoderModel.Head(encoder.name(), encoder.sha256(), embeddingWeights, embeddingMean, signalWeights, signalMean,
        signalScale, bias);
    String engine = "ONNX Runtime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion() + ", encoder " + encoder.name() + " "
        + encoder.sha256().substring(0, 12);
    double seconds = (System.nanoTime() - started) / 1e9;
    ModelMetadata draft = ModelMetadata.trained(config, NAME, spec.version(), new DecisionFit(io.hookline.core.model.Calibration.IDENTITY, 0.5), engine, seconds);
    EncoderModel uncalibrated = new EncoderModel(draft, encoder, head);
    List<TrainingExample> heldOut = validation.isEmpty() ? train : validation;
    List<float[]> heldOutEmbeddings = Encoders.embed(encoder, heldOut.stream().map(e -> e.vector().text()).toList());
    double[] logits = new double[heldOut.size()];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = uncalibrated.logit(heldOutEmbeddings.get(i), heldOut.get(i).vector().engineered());
    }
    DecisionFit decision = DecisionFit.on(heldOut, logits);
    return uncalibrated.withMetadata(ModelMetadata.trained(config, NAME, spec.version(), decision, engine, seconds));
  }

  private static void standardization(List<TrainingExample> train, double[] mean, double[] scale) {
    for (TrainingExample example : train) {
      FeatureVector vector = example.vector();
      for (int k = 0; k < mean.length; k++) {
        mean[k] += vector.engineered()[k] / train.size();
      }
    }
    for (TrainingExample example : train) {
      for (int k = 0; k < mean.length; k++) {
        double d = example.vector().engineered()[k] - mean[k];
        scale[k] += d * d / train.size();
      }
    }
    for (int k = 0; k < scale.length; k++) {
      scale[k] = scale[k] > 1e-12 ? Math.sqrt(scale[k]) : 1;
    }
  }
}
