package io.hookline.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenHashSetTest {

  @Test
  void answersLikeAJavaSetForMembersAndStrangers() {
    SplittableRandom random = new SplittableRandom(3);
    long[] members = new long[50_000];
    Set<Long> expected = new HashSet<>();
    for (int i = 0; i < members.length; i++) {
      members[i] = i % 10 == 0 ? i : random.nextLong(); // structured small values, zero among them
      expected.add(members[i]);
    }
    TokenHashSet set = new TokenHashSet(members);
    for (long member : members) {
      assertThat(set.contains(member)).isTrue();
    }
    int wrong = 0;
    for (int i = 0; i < 100_000; i++) {
      long stranger = i % 2 == 0 ? random.nextLong() : i * 10L + 5;
      wrong += set.contains(stranger) != expected.contains(stranger) ? 1 : 0;
    }
    assertThat(wrong).isZero();
    assertThat(set.size()).isEqualTo(expected.size());
    assertThat(new TokenHashSet(new long[0]).contains(0L)).isFalse();
    assertThat(new TokenHashSet(new long[] {5, 5, 5}).size()).isEqualTo(1);
  }
}
