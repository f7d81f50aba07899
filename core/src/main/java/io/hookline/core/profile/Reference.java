package io.hookline.core.profile;

/**
 * What the drift monitor compares a model's live traffic with: its reference profile, the sorted
 * token hashes of its training vocabulary, the same vocabulary and the profile's top tokens as
 * hash sets for the per-token lookups of live traffic, and the profile's sampled messages as
 * signal ranks (see {@link SignalRanks}; empty for profiles without a sample), computed once.
 */
public record Reference(ReferenceProfile profile, long[] vocabulary, TokenHashSet vocabularySet, TokenHashSet topTokenHashes, double[][] sampleRanks) {

  public Reference(ReferenceProfile profile, long[] vocabulary) {
    this(profile, vocabulary, new TokenHashSet(vocabulary),
        new TokenHashSet(profile.topTokens().stream().mapToLong(ReferenceProfile.TokenFrequency::hash).toArray()),
        profile.sample() == null ? new double[0][] : profile.sample().stream().map(m -> SignalRanks.of(profile.signals(), m.signals())).toArray(double[][]::new));
  }
}
