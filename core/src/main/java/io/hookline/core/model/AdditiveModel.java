package io.hookline.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.hookline.core.features.EngineeredFeature;
import io.hookline.core.features.FeatureFamily;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The default model: a logit that is a sum of one term per token bucket present, {@code w v} with
 * {@code v = log(1 + occurrences)}, one term per standardized engineered signal, and a bias.
 * Because it is additive, its SHAP values are exact and cost O(tokens): for a present bucket
 * {@code w(v - m)}, with {@code m} the bucket's mean value in training; for all absent buckets
 * together {@code -sum(w m)} over them; for a signal {@code w z}. The base value is {@code bias +
 * sum(w m)} over all buckets.
 *
 * <p>Weights live in plain arrays once trained or loaded, so scoring and explaining are
 * thread-safe and allocation-light; the artifact stores them in DJL's NDList format.
 */
public final class AdditiveModel implements PhishingModel {
  static final String WEIGHTS_FILE = "weights.ndlist";
  static final String ABSENT_TOKENS = AttributionNames.TOKEN_ABSENT;
  static final String OTHER_TOKENS = AttributionNames.TOKEN_OTHER;

  private final ModelMetadata metadata;
  private final FeatureSpec spec;
  private final float[] tokenWeights;
  private final float[] tokenMean;
  private final float[] signalWeights;
  private final double[] signalMean;
  private final double[] signalScale;
  private final double bias;
  private final double expectedTokenTerm;
  /** What each token field counts for, from the metadata: shortcut fields dropped or shrunk in training stay so. */
  private final float[] fieldScales;

  AdditiveModel(ModelMetadata metadata, float[] tokenWeights, float[] tokenMean, float[] signalWeights,
      double[] signalMean, double[] signalScale, double bias) {
    this.metadata = metadata;
    this.spec = FeatureSpec.byVersion(metadata.featureSpec());
    if (tokenWeights.length != spec.buckets() || tokenMean.length != spec.buckets()
        || signalWeights.length != spec.signals() || signalMean.length != spec.signals() || signalScale.length != spec.signals()) {
      throw new IllegalArgumentException("weights do not match feature spec " + spec.version());
    }
    this.tokenWeights = tokenWeights;
    this.tokenMean = tokenMean;
    this.signalWeights = signalWeights;
    this.signalMean = signalMean;
    this.signalScale = signalScale;
    this.bias = bias;
    double expected = 0;
    for (int i = 0; i < tokenWeights.length; i++) {
      expected += (double) tokenWeights[i] * tokenMean[i];
    }
    this.expectedTokenTerm = expected;
    this.fieldScales = metadata.provenance() == null ? null : metadata.provenance().fieldScales();
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  @Override
  public AdditiveModel withMetadata(ModelMetadata other) {
    return new AdditiveModel(other, tokenWeights, tokenMean, signalWeights, signalMean, signalScale, bias);
  }

  @Override
  public List<Score> predict(List<FeatureVector> vectors) {
    List<Score> scores = new ArrayList<>(vectors.size());
    for (FeatureVector vector : vectors) {
      double logit = logit(vector);
      scores.add(metadata.score(logit));
    }
    return scores;
  }

  double logit(FeatureVector vector) {
    DistinctBuckets present = DistinctBuckets.of(vector, spec, fieldScales);
    double logit = bias;
    for (int i = 0; i < present.size; i++) {
      logit += tokenWeights[present.buckets[i]] * present.values[i];
    }
    double[] x = vector.engineered();
    for (int k = 0; k < signalWeights.length; k++) {
      logit += signalWeights[k] * standardized(k, x[k]);
    }
    return logit;
  }

  /** The expected logit over the training data: the SHAP base value. */
  public double baseValue() {
    return bias + expectedTokenTerm;
  }

  @Override
  public Explanation explain(FeatureVector vector, int namedTokens) {
    DistinctBuckets present = DistinctBuckets.of(vector, spec, fieldScales);
    double presentExpected = 0;
    double tokenLogit = 0;
    double[] tokenValues = new double[present.size];
    for (int i = 0; i < present.size; i++) {
      int bucket = present.buckets[i];
      tokenValues[i] = tokenWeights[bucket] * ((double) present.values[i] - tokenMean[bucket]);
      presentExpected += (double) tokenWeights[bucket] * tokenMean[bucket];
      tokenLogit += tokenWeights[bucket] * present.values[i];
    }
    double[] x = vector.engineered();
    double[] signalValues = new double[signalWeights.length];
    for (int k = 0; k < signalWeights.length; k++) {
      signalValues[k] = signalWeights[k] * standardized(k, x[k]);
    }
    return explanation(vector, new Terms(present, tokenValues, presentExpected, tokenLogit, signalValues), namedTokens);
  }

  /**
   * Every SHAP term of one message before ranking and naming: one value per present bucket, the
   * expected token term of the present buckets, their logit contribution, one value per signal.
   */
  record Terms(DistinctBuckets present, double[] tokenValues, double presentExpected, double tokenLogit, double[] signalValues) {}

  /** Ranks and names the terms: the strongest tokens one by one, the rest as aggregates, every signal. */
  Explanation explanation(FeatureVector vector, Terms terms, int namedTokens) {
    DistinctBuckets present = terms.present();
    double[] tokenValues = terms.tokenValues();
    double logit = bias + terms.tokenLogit();
    double magnitude = 0;
    for (double value : tokenValues) {
      magnitude += Math.abs(value);
    }
    List<Attribution> attributions = new ArrayList<>(namedTokens + signalWeights.length + 2);
    // the strongest tokens by selection: k passes over the tokens, no sort of all of them
    boolean[] named = new boolean[present.size];
    double rest = 0;
    for (int k = 0; k < Math.min(namedTokens, present.size); k++) {
      int strongest = -1;
      for (int i = 0; i < present.size; i++) {
        if (!named[i] && tokenValues[i] != 0 && (strongest < 0 || Math.abs(tokenValues[i]) > Math.abs(tokenValues[strongest]))) {
          strongest = i;
        }
      }
      if (strongest < 0) {
        break;
      }
      named[strongest] = true;
      String described = vector.tokenTexts().describe(present.firstToken[strongest]);
      attributions.add(new Attribution(AttributionNames.NAMED_TOKEN_PREFIX + described, FeatureFamily.TOKEN, tokenValues[strongest],
          "the word " + described.replaceAll("\\s+", " "), true)); // a phrase may span lines: one line of text
    }
    for (int i = 0; i < present.size; i++) {
      if (!named[i]) {
        rest += tokenValues[i];
      }
    }
    if (rest != 0) {
      attributions.add(new Attribution(OTHER_TOKENS, FeatureFamily.TOKEN, rest, "the message's other words", false));
    }
    double absent = -(expectedTokenTerm - terms.presentExpected());
    if (absent != 0) {
      attributions.add(new Attribution(ABSENT_TOKENS, FeatureFamily.TOKEN, absent, "words this message does not use", false));
    }
    double[] x = vector.engineered();
    EngineeredFeature[] signals = EngineeredFeature.values();
    for (int k = 0; k < signalWeights.length; k++) {
      double value = terms.signalValues()[k];
      logit += value;
      if (value != 0) {
        attributions.add(new Attribution(signals[k].featureName(), signals[k].family(), value,
            ReasonText.of(signals[k], x[k], vector.evidence().get(signals[k])), x[k] > 0));
      }
    }
    attributions.sort(Comparator.comparingDouble((Attribution a) -> -Math.abs(a.value())));
    return new Explanation(baseValue(), logit, attributions, magnitude);
  }

  @Override
  public PhishingModel placedOn(Device device) {
    return new PlacedAdditiveModel(this, device);
  }

  FeatureSpec spec() {
    return spec;
  }

  /** The tokens this model counts, as it counts them. */
  DistinctBuckets buckets(FeatureVector vector) {
    return DistinctBuckets.of(vector, spec, fieldScales);
  }

  /** The weights as DJL arrays of one manager: token weights, token means, signal weights, signal means, signal scales. */
  NDList weights(NDManager manager) {
    return new NDList(manager.create(tokenWeights), manager.create(tokenMean), manager.create(signalWeights),
        manager.create(signalMean), manager.create(signalScale));
  }

  /** How many signals the model weighs: those of its feature spec. */
  int signals() {
    return signalWeights.length;
  }

  double standardized(int k, double value) {
    return (value - signalMean[k]) / signalScale[k];
  }

  @Override
  public void writeTo(Path directory) throws IOException {
    DjlRuntime.configure();
    try (NDManager manager = NDManager.newBaseManager();
        OutputStream out = Files.newOutputStream(directory.resolve(WEIGHTS_FILE))) {
      NDList list = weights(manager);
      list.add(manager.create(new double[] {bias}));
      list.encode(out);
    }
  }

  static AdditiveModel read(Path directory, ModelMetadata metadata) throws IOException {
    DjlRuntime.configure();
    try (NDManager manager = NDManager.newBaseManager();
        InputStream in = Files.newInputStream(directory.resolve(WEIGHTS_FILE))) {
      NDList list = NDList.decode(manager, in);
      if (list.size() != 6) {
        throw new IOException("weights file holds " + list.size() + " arrays, expected 6");
      }
      return new AdditiveModel(metadata, list.get(0).toFloatArray(), list.get(1).toFloatArray(), list.get(2).toFloatArray(),
          list.get(3).toDoubleArray(), list.get(4).toDoubleArray(), list.get(5).toDoubleArray()[0]);
    }
  }
}
