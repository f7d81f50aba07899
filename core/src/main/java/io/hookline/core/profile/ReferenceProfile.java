package io.hookline.core.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a model's training data looked like, kept with the model so the drift monitor can compare
 * live traffic with it: per-signal quantile bins, the token vocabulary, the score distribution,
 * and which features and families the model leaned on (mean |SHAP|).
 *
 * <p>Stored as {@code profile.json} plus {@code vocabulary.bin} (the sorted token hashes of the
 * training data, too many for JSON).
 *
 * @param signals per engineered signal
 * @param topTokens the most frequent tokens: hash and share of training messages containing it
 * @param vocabularySize distinct token hashes in the training data
 * @param referenceOovRate share of a message's distinct tokens missing from the training
 *     vocabulary, pooled over held-out messages
 * @param scoreHistogram share of training messages per calibrated-score bin of width 1/length
 * @param positiveRate share of training messages scored PHISHING at the model's threshold
 * @param meanAbsAttribution mean |SHAP| per feature name (engineered signals and token.*)
 * @param familyShares share of total mean |SHAP| per feature family
 * @param attributionQuantiles per explained feature (every signal and {@code token.absent}), the
 *     SHAP value at each percentile 0..100, for the explanation shift
 * @param scoredExamples how many held-out messages the score histogram, positive rate and SHAP
 *     figures rest on (0 in profiles written before it was recorded), for telling a shift from
 *     sampling noise
 * @param sample a bounded random sample of those held-out messages, one row each, for the
 *     multivariate comparisons a window's marginal distributions cannot make (a domain classifier
 *     and the performance estimate weighted by it); null in profiles written before it was kept
 * @param embedding where the family embeds text, the held-out messages' projected embeddings
 *     (their mean and spread), for the embedding drift; null otherwise
 */
public record ReferenceProfile(
    String featureSpec,
    int examples,
    List<SignalProfile> signals,
    List<TokenFrequency> topTokens,
    int vocabularySize,
    double referenceOovRate,
    double[] scoreHistogram,
    double positiveRate,
    Map<String, Double> meanAbsAttribution,
    Map<String, Double> familyShares,
    Map<String, double[]> attributionQuantiles,
    int scoredExamples,
    List<SampledMessage> sample,
    EmbeddingProfile embedding) {

  /** Percentiles 0, 1, ..., 100: the resolution of the stored distributions. */
  public static final int PERCENTILES = 101;

  public static final String PROFILE_FILE = "profile.json";
  public static final String VOCABULARY_FILE = "vocabulary.bin";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One signal's distribution: the upper edges of its quantile bins and the share of training
   * messages in each (values above the last edge fall in the last bin), and its value at each
   * percentile 0..100.
   */
  public record SignalProfile(String name, String family, double mean, double std, double[] binEdges, double[] binShares, double[] percentiles) {}

  public record TokenFrequency(long hash, double documentShare) {}

  /**
   * Held-out messages' text embeddings, projected ({@link io.hookline.core.model.EmbeddingProjection}):
   * their mean, and their spread, the mean squared distance from it, which tells how far the mean
   * of a window of n familiar messages strays by sampling alone (sqrt(spread / n)).
   */
  public record EmbeddingProfile(double[] mean, double spread, int examples) {}

  /**
   * One held-out message as the monitor sees live mail: its engineered signal values (in {@link
   * io.hookline.core.features.EngineeredFeature} order), its calibrated score, the verdict the
   * model gave it and its true label.
   */
  public record SampledMessage(double[] signals, double score, boolean predictedPhishing, boolean phishing) {}

  public void write(Path directory, long[] vocabulary) throws IOException {
    JSON.writeValue(directory.resolve(PROFILE_FILE).toFile(), this);
    try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(directory.resolve(VOCABULARY_FILE))))) {
      out.writeInt(vocabulary.length);
      for (long hash : vocabulary) {
        out.writeLong(hash);
      }
    }
  }

  public static ReferenceProfile read(Path directory) throws IOException {
    return JSON.readValue(directory.resolve(PROFILE_FILE).toFile(), ReferenceProfile.class);
  }

  /** The sorted token hashes of the training data; {@link Arrays#binarySearch} tells membership. */
  public static long[] readVocabulary(Path directory) throws IOException {
    try (InputStream raw = Files.newInputStream(directory.resolve(VOCABULARY_FILE));
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
      int size = in.readInt();
      if (size < 0 || size > 50_000_000) {
        throw new IOException("vocabulary file claims " + size + " entries");
      }
      long[] vocabulary = new long[size];
      for (int i = 0; i < size; i++) {
        vocabulary[i] = in.readLong();
      }
      return vocabulary;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReferenceProfile p
        && featureSpec.equals(p.featureSpec) && examples == p.examples && signals.size() == p.signals.size()
        && vocabularySize == p.vocabularySize && Arrays.equals(scoreHistogram, p.scoreHistogram)
        && meanAbsAttribution.equals(p.meanAbsAttribution);
  }

  @Override
  public int hashCode() {
    return featureSpec.hashCode() * 31 + examples;
  }
}
