package io.hookline.core.model;

import ai.djl.Device;
import io.hookline.core.features.FeatureVector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model as the services use it: score and explain batches of messages, and save itself
 * as an artifact. Implementations are thread-safe for scoring and explaining.
 */
public interface PhishingModel extends AutoCloseable {

  ModelMetadata metadata();

  /** Scores in the order of the vectors. */
  List<Score> predict(List<FeatureVector> vectors);

  /**
   * Exact attributions for one message.
   *
   * @param namedTokens how many of the strongest token attributions get their words spelled out;
   *     the rest are named by bucket, which costs nothing
   */
  Explanation explain(FeatureVector vector, int namedTokens);

  /**
   * One message explained as finely as the model can, at whatever it costs: for a family whose
   * {@link #explain} is already exact term by term (the additive one), the same; for one that
   * reads text as a whole, down to words and phrases: an explanation that holds a whole-text term
   * ({@link AttributionNames#wholeText}) is one this would split. For a reason shown to a person,
   * not for every message of a stream.
   */
  default Explanation explainInDetail(FeatureVector vector, int namedTokens) {
    return explain(vector, namedTokens);
  }

  /**
   * The model's own vector of each message's text (a sentence encoder's embedding), in order, for
   * the monitor's embedding drift; empty where the family reads no text as a vector for every
   * message.
   */
  default List<float[]> embeddings(List<FeatureVector> vectors) {
    return List.of();
  }

  /** Explanations of a batch, in the order of the vectors; a model placed on a device computes them there in one call. */
  default List<Explanation> explain(List<FeatureVector> vectors, int namedTokens) {
    List<Explanation> explanations = new ArrayList<>(vectors.size());
    for (FeatureVector vector : vectors) {
      explanations.add(explain(vector, namedTokens));
    }
    return explanations;
  }

  /**
   * A copy of this model whose batch calls run on a DJL device (a GPU, or DJL's CPU engine). The
   * caller closes the copy, which frees its device memory; the original stays usable.
   */
  PhishingModel placedOn(Device device);

  /** The same model under other metadata, for example with its evaluation's metrics added. */
  PhishingModel withMetadata(ModelMetadata metadata);

  /** Writes the model's files into an empty directory; {@link ModelParts} adds its metadata, the model store the manifest. */
  void writeTo(Path directory) throws IOException;

  @Override
  default void close() {}
}
