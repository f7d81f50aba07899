package io.hookline.core.features;

import java.util.Arrays;
import java.util.Map;

/**
 * One message as the model sees it: the distinct tokens it contains (as 64-bit hashes, with
 * their text kept for explanations) and the engineered signals in {@link EngineeredFeature} order.
 *
 * @param tokenHashes distinct token hashes, in order of first appearance
 * @param tokenCounts how often each token occurs, same order
 * @param tokenTexts the token behind each hash, built only when an explanation asks for it
 * @param engineered values indexed by {@link EngineeredFeature#ordinal()}
 * @param evidence for some signals, what triggered them, for a reason's wording
 * @param tokenFields the {@link TokenField} of each token, same order; null when not known
 * @param text the message's words as a reader meets them (subject, then body, at most {@link
 *     #TEXT_CHARS} characters), for model families that read text; empty when not known
 */
public record FeatureVector(long[] tokenHashes, int[] tokenCounts, TokenTexts tokenTexts, double[] engineered, Map<EngineeredFeature, String> evidence,
    TokenField[] tokenFields, String text) {

  /** Text kept per message: more than any encoder reads (256 word pieces are some 1,000 characters). */
  public static final int TEXT_CHARS = 2_000;

  /** A vector whose tokens' fields are not known (every field counts alike). */
  public FeatureVector(long[] tokenHashes, int[] tokenCounts, TokenTexts tokenTexts, double[] engineered, Map<EngineeredFeature, String> evidence) {
    this(tokenHashes, tokenCounts, tokenTexts, engineered, evidence, null, "");
  }

  /** A vector without the message's text. */
  public FeatureVector(long[] tokenHashes, int[] tokenCounts, TokenTexts tokenTexts, double[] engineered, Map<EngineeredFeature, String> evidence,
      TokenField[] tokenFields) {
    this(tokenHashes, tokenCounts, tokenTexts, engineered, evidence, tokenFields, "");
  }

  /** The field of a token, or null when not known. */
  public TokenField field(int index) {
    return tokenFields == null ? null : tokenFields[index];
  }

  /** The text of a token by its index, as "the word 'verify' in the subject". */
  @FunctionalInterface
  public interface TokenTexts {
    String describe(int index);
  }

  public int tokenCount() {
    return tokenHashes.length;
  }

  public double value(EngineeredFeature feature) {
    return engineered[feature.ordinal()];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureVector v
        && Arrays.equals(tokenHashes, v.tokenHashes)
        && Arrays.equals(tokenCounts, v.tokenCounts)
        && Arrays.equals(engineered, v.engineered)
        && evidence.equals(v.evidence);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(tokenHashes) + Arrays.hashCode(engineered);
  }

  @Override
  public String toString() {
    return "FeatureVector[" + tokenHashes.length + " tokens, engineered=" + Arrays.toString(engineered) + "]";
  }
}
