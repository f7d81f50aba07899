package io.hookline.core.profile;

/**
 * What the drift monitor compares a model's live traffic with: its reference profile, the sorted
 * token hashes of its training vocabulary, and the same vocabulary and the profile's top tokens as
 * hash sets for the per-token lookups of live traffic.
 */
public record Reference(ReferenceProfile profile, long[] vocabulary, TokenHashSet vocabularySet, TokenHashSet topTokenHashes) {

  public Reference(ReferenceProfile profile, long[] vocabulary) {
    this(profile, vocabulary, new TokenHashSet(vocabulary),
        new TokenHashSet(profile.topTokens().stream().mapToLong(ReferenceProfile.TokenFrequency::hash).toArray()));
  }
}
