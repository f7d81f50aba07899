package io.hookline.core.features;

/**
 * The versioned definition of the features: a model trained on one version must be fed that
 * version. Changing tokenization, hashing or the engineered signals means a new version.
 *
 * @param version stored in model metadata and every inference record
 * @param hashBits token hashes map to {@code 2^hashBits} weights
 * @param maxBodyChars characters of the body tokenized
 * @param maxLinks links examined
 */
public record FeatureSpec(String version, int hashBits, int maxBodyChars, int maxLinks) {
  public static final FeatureSpec V1 = new FeatureSpec("fs-1", 18, 20_000, 50);

  public FeatureSpec {
    if (hashBits < 8 || hashBits > 26) {
      throw new IllegalArgumentException("hashBits must be in 8..26, was " + hashBits);
    }
  }

  /** Number of token weights. */
  public int buckets() {
    return 1 << hashBits;
  }

  /** The weight index of a token hash. */
  public int bucket(long tokenHash) {
    return (int) (tokenHash ^ (tokenHash >>> 32)) & (buckets() - 1);
  }

  public static FeatureSpec byVersion(String version) {
    if (V1.version.equals(version)) {
      return V1;
    }
    throw new IllegalArgumentException("unknown feature spec version '" + version + "'; this build knows " + V1.version);
  }
}
