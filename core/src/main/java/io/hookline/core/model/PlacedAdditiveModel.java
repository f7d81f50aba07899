package io.hookline.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.hookline.core.features.FeatureVector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AdditiveModel} whose weights live on a DJL device. A batch's SHAP terms (one per
 * present token bucket and per signal) are computed there in one pass of gathers and products;
 * only ranking and naming the strongest ones happens on the host, with the same code as the host
 * model, so both give the same explanations up to float rounding.
 */
final class PlacedAdditiveModel implements PhishingModel {
  private final AdditiveModel host;
  private final Device device;
  private final NDManager manager;
  private final NDArray tokenWeights;
  private final NDArray tokenMean;
  private final NDArray signalWeights;

  PlacedAdditiveModel(AdditiveModel host, Device device) {
    DjlRuntime.configure();
    this.host = host;
    this.device = device;
    this.manager = NDManager.newBaseManager(device);
    NDList weights = host.weights(manager);
    this.tokenWeights = weights.get(0);
    this.tokenMean = weights.get(1);
    this.signalWeights = weights.get(2);
  }

  @Override
  public ModelMetadata metadata() {
    return host.metadata();
  }

  @Override
  public List<Score> predict(List<FeatureVector> vectors) {
    List<Score> scores = new ArrayList<>(vectors.size());
    for (Explanation explanation : explain(vectors, 0)) {
      scores.add(metadata().score(explanation.logit()));
    }
    return scores;
  }

  @Override
  public Explanation explain(FeatureVector vector, int namedTokens) {
    return explain(List.of(vector), namedTokens).get(0);
  }

  @Override
  public List<Explanation> explain(List<FeatureVector> vectors, int namedTokens) {
    if (vectors.isEmpty()) {
      return List.of();
    }
    int rows = vectors.size();
    List<DistinctBuckets> present = new ArrayList<>(rows);
    int width = 1;
    for (FeatureVector vector : vectors) {
      DistinctBuckets buckets = host.buckets(vector);
      present.add(buckets);
      width = Math.max(width, buckets.size);
    }
    long[] ids = new long[rows * width];
    float[] values = new float[rows * width];
    float[] mask = new float[rows * width]; // padding gathers bucket 0: the mask keeps it out
    float[] standardized = new float[rows * host.signals()];
    for (int r = 0; r < rows; r++) {
      DistinctBuckets row = present.get(r);
      for (int c = 0; c < row.size; c++) {
        ids[r * width + c] = row.buckets[c];
        values[r * width + c] = row.values[c];
        mask[r * width + c] = 1f;
      }
      double[] x = vectors.get(r).engineered();
      for (int k = 0; k < host.signals(); k++) {
        standardized[r * host.signals() + k] = (float) host.standardized(k, x[k]);
      }
    }
    float[] tokenTerms;
    float[] presentExpected;
    float[] tokenLogits;
    float[] signalTerms;
    try (NDManager batch = manager.newSubManager()) {
      NDArray index = batch.create(ids, new Shape(rows, width));
      NDArray v = batch.create(values, new Shape(rows, width));
      NDArray m = batch.create(mask, new Shape(rows, width));
      NDArray w = tokenWeights.take(batch, index);
      NDArray mean = tokenMean.take(batch, index);
      tokenTerms = w.mul(v.sub(mean)).mul(m).toFloatArray();
      presentExpected = w.mul(mean).mul(m).sum(new int[] {1}).toFloatArray();
      tokenLogits = w.mul(v).sum(new int[] {1}).toFloatArray();
      signalTerms = batch.create(standardized, new Shape(rows, host.signals())).mul(signalWeights).toFloatArray();
    }
    List<Explanation> explanations = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      DistinctBuckets row = present.get(r);
      double[] tokens = new double[row.size];
      for (int c = 0; c < row.size; c++) {
        tokens[c] = tokenTerms[r * width + c];
      }
      double[] signals = new double[host.signals()];
      for (int k = 0; k < host.signals(); k++) {
        signals[k] = signalTerms[r * host.signals() + k];
      }
      var terms = new AdditiveModel.Terms(row, tokens, presentExpected[r], tokenLogits[r], signals);
      explanations.add(host.explanation(vectors.get(r), terms, namedTokens));
    }
    return explanations;
  }

  @Override
  public PhishingModel placedOn(Device other) {
    return host.placedOn(other);
  }

  @Override
  public PhishingModel withMetadata(ModelMetadata metadata) {
    return new PlacedAdditiveModel(host.withMetadata(metadata), device);
  }

  @Override
  public void writeTo(Path directory) throws IOException {
    host.writeTo(directory);
  }

  @Override
  public void close() {
    manager.close();
  }

  @Override
  public String toString() {
    return "AdditiveModel " + metadata().version() + " on " + device;
  }
}
