package io.hookline.core.features;

/**
 * The versioned definition of the features: a model trained on one version must be fed that
 * version. Changing tokenization, hashing or the engineered signals means a new version.
 *
 * @param version stored in model metadata and every inference record
 * @param hashBits token hashes map to {@code 2^hashBits} weights
 * @param maxBodyChars characters of the body tokenized
 * @param maxLinks links examined
 * @param signals how many of the {@link EngineeredFeature}s, in their order, a model of this
 *     version weighs: later versions add signals at the end, so an older model reads the same
 *     tokens and the signals it knows and ignores the rest
 */
public record FeatureSpec(String version, int hashBits, int maxBodyChars, int maxLinks, int signals) {
  /** The 33 signals up to authentication results and attachments. */
  public static final FeatureSpec V1 = new FeatureSpec("fs-1", 18, 20_000, 50, 33);
  /** Adds the phishing knowledge: brands, look-alikes, script links, redirects, QR codes, BEC and threat language. */
  public static final FeatureSpec V2 = new FeatureSpec("fs-2", 18, 20_000, 50, EngineeredFeature.values().length);
  /** The version new models train on. */
  public static final FeatureSpec CURRENT = V2;

  public FeatureSpec {
    if (hashBits < 8 || hashBits > 26) {
      throw new IllegalArgumentException("hashBits must be in 8..26, was " + hashBits);
    }
    if (signals < 1 || signals > EngineeredFeature.values().length) {
      throw new IllegalArgumentException("signals must be in 1.." + EngineeredFeature.values().length + ", was " + signals);
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
    for (FeatureSpec known : new FeatureSpec[] {V1, V2}) {
      if (known.version.equals(version)) {
        return known;
      }
    }
    throw new IllegalArgumentException("unknown feature spec version '" + version + "'; this build knows " + V1.version + " and " + V2.version);
  }
}
