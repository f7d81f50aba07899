package io.hookline.core.model;

import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;

/**
 * The distinct weight buckets a message's tokens fall in, each with its value {@code log(1 + n)}
 * for the n occurrences of its tokens, and the first token that landed there (to name it in
 * explanations). Tokens whose hashes collide share one bucket, in training and in scoring alike.
 * Uses a per-thread bit set, cleared after use.
 */
final class DistinctBuckets {
  private static final ThreadLocal<long[]> SEEN = new ThreadLocal<>();
  private static final float[] LOG1P = new float[65];

  static {
    for (int n = 0; n < LOG1P.length; n++) {
      LOG1P[n] = (float) Math.log1p(n);
    }
  }

  final int[] buckets;
  final float[] values;
  final int[] firstToken;
  final int size;

  private DistinctBuckets(int[] buckets, float[] values, int[] firstToken, int size) {
    this.buckets = buckets;
    this.values = values;
    this.firstToken = firstToken;
    this.size = size;
  }

  /** Every field counted fully. */
  static DistinctBuckets of(FeatureVector vector, FeatureSpec spec) {
    return of(vector, spec, null);
  }

  /**
   * @param fieldScales per {@link io.hookline.core.features.TokenField} ordinal, what a token of
   *     that field counts for: 0 leaves it out, below 1 shrinks its value; null counts all fully.
   *     A bucket takes the scale of the first token that lands in it.
   */
  static DistinctBuckets of(FeatureVector vector, FeatureSpec spec, float[] fieldScales) {
    long[] seen = SEEN.get();
    if (seen == null || seen.length * 64 < spec.buckets()) {
      seen = new long[Math.max(1, spec.buckets() / 64)];
      SEEN.set(seen);
    }
    long[] hashes = vector.tokenHashes();
    int[] counts = vector.tokenCounts();
    int[] buckets = new int[hashes.length];
    int[] first = new int[hashes.length];
    float[] values = new float[hashes.length];
    float[] scales = fieldScales == null ? null : new float[hashes.length];
    int size = 0;
    for (int i = 0; i < hashes.length; i++) {
      float scale = fieldScales == null || vector.field(i) == null ? 1f : fieldScales[vector.field(i).ordinal()];
      if (scale == 0f) {
        continue;
      }
      int bucket = spec.bucket(hashes[i]);
      long bit = 1L << (bucket & 63);
      if ((seen[bucket >>> 6] & bit) == 0) {
        seen[bucket >>> 6] |= bit;
        buckets[size] = bucket;
        first[size] = i;
        values[size] = counts[i];
        if (scales != null) {
          scales[size] = scale;
        }
        size++;
      } else {
        for (int j = 0; j < size; j++) {
          if (buckets[j] == bucket) {
            values[j] += counts[i];
            break;
          }
        }
      }
    }
    for (int i = 0; i < size; i++) {
      seen[buckets[i] >>> 6] = 0;
      int n = (int) values[i];
      values[i] = (n < LOG1P.length ? LOG1P[n] : (float) Math.log1p(n)) * (scales == null ? 1f : scales[i]);
    }
    return new DistinctBuckets(buckets, values, first, size);
  }
}
