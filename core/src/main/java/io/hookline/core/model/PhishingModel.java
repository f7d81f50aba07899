package io.hookline.core.model;

import io.hookline.core.features.FeatureVector;
import java.io.IOException;
import java.nio.file.Path;
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

  /** The same model under other metadata, for example with its evaluation's metrics added. */
  PhishingModel withMetadata(ModelMetadata metadata);

  /** Writes the model's files into an empty directory; {@link ModelArtifact} adds the manifest. */
  void writeTo(Path directory) throws IOException;

  @Override
  default void close() {}
}
