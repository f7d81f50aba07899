package io.hookline.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenSampleTest {

  @Test
  void keepsTheAdvertisedShareOfTokensAndTheSameOnesEveryTime() {
    SplittableRandom random = new SplittableRandom(7);
    TokenSample quarter = new TokenSample(2);
    int kept = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      long hash = random.nextLong();
      boolean in = quarter.contains(hash);
      assertThat(quarter.contains(hash)).isEqualTo(in);
      kept += in ? 1 : 0;
    }
    assertThat((double) kept / n).isCloseTo(quarter.fraction(), within(0.005));
    assertThat(quarter.fraction()).isEqualTo(0.25);
  }

  @Test
  void doesNotFollowTheWeightBuckets() {
    // hashes that differ only in their high bits share a bucket; the sample must still split them
    TokenSample half = new TokenSample(1);
    int kept = 0;
    for (long high = 0; high < 1000; high++) {
      kept += half.contains((high << 40) | 12345L) ? 1 : 0;
    }
    assertThat(kept).isBetween(400, 600);
  }

  @Test
  void zeroBitsKeepsEverythingAndOutOfRangeIsRefused() {
    assertThat(TokenSample.ALL.contains(-1L)).isTrue();
    assertThat(TokenSample.ALL.contains(0L)).isTrue();
    assertThatThrownBy(() -> new TokenSample(17)).hasMessageContaining("0..16");
  }
}
