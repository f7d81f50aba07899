package io.hookline.core.profile;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the drift monitor compares a model's live traffic with: its reference profile and the
 * sorted token hashes of its training vocabulary.
 */
public record Reference(ReferenceProfile profile, long[] vocabulary, Set<Long> topTokenHashes) {

  public Reference(ReferenceProfile profile, long[] vocabulary) {
    this(profile, vocabulary, profile.topTokens().stream().map(ReferenceProfile.TokenFrequency::hash).collect(Collectors.toUnmodifiableSet()));
  }
}
