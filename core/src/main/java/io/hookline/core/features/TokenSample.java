package io.hookline.core.features;

/**
 * A sample of the vocabulary that is the same for every message and every service: the tokens
 * whose remixed hash has its top {@code bits} bits clear, a {@code 2^-bits} share of all tokens.
 * The detector logs only these token hashes, which keeps the inference log small; the monitor
 * compares them with the same sample of the reference vocabulary, so rates such as the share of
 * unseen tokens are estimated without bias. The remix keeps the sample independent of the weight
 * buckets, which use the hash's low bits.
 */
public record TokenSample(int bits) {
  public static final TokenSample ALL = new TokenSample(0);

  public TokenSample {
    if (bits < 0 || bits > 16) {
      throw new IllegalArgumentException("token sample bits must be in 0..16, was " + bits);
    }
  }

  public boolean contains(long hash) {
    return bits == 0 || (remix(hash) >>> (64 - bits)) == 0;
  }

  /** The share of the vocabulary in the sample. */
  public double fraction() {
    return 1.0 / (1L << bits);
  }

  /** MurmurHash3's 64-bit finalizer: every input bit reaches every output bit. */
  private static long remix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb93fe53a87ebL;
    h ^= h >>> 33;
    return h;
  }
}
