package io.hookline.core.model;

import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;

/**
 * The distinct weight buckets a message's tokens fall in, and for each the first token that
 * landed there (to name it in explanations). Tokens whose hashes collide share one bucket and
 * count once, in training and in scoring alike. Uses a per-thread bit set, cleared after use.
 */
final class DistinctBuckets {
  private static final ThreadLocal<long[]> SEEN = new ThreadLocal<>();

  final int[] buckets;
  final int[] firstToken;
  final int size;

  private DistinctBuckets(int[] buckets, int[] firstToken, int size) {
    this.buckets = buckets;
    this.firstToken = firstToken;
    this.size = size;
  }

  static DistinctBuckets of(FeatureVector vector, FeatureSpec spec) {
    long[] seen = SEEN.get();
    if (seen == null || seen.length * 64 < spec.buckets()) {
      seen = new long[Math.max(1, spec.buckets() / 64)];
      SEEN.set(seen);
    }
    long[] hashes = vector.tokenHashes();
    int[] buckets = new int[hashes.length];
    int[] first = new int[hashes.length];
    int size = 0;
    for (int i = 0; i < hashes.length; i++) {
      int bucket = spec.bucket(hashes[i]);
      long bit = 1L << (bucket & 63);
      if ((seen[bucket >>> 6] & bit) == 0) {
        seen[bucket >>> 6] |= bit;
        buckets[size] = bucket;
        first[size] = i;
        size++;
      }
    }
    for (int i = 0; i < size; i++) {
      seen[buckets[i] >>> 6] = 0;
    }
    return new DistinctBuckets(buckets, first, size);
  }
}
