package io.hookline.trainer.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PromotionPolicyTest {

  @Test
  void aSmallDomainFailsItsFloorOnlyWhenItsUpperBoundDoes() {
    assertThat(PromotionPolicy.wilsonUpperBound(41, 50)).as("41 of 50").isCloseTo(0.892, within(0.002)).isGreaterThan(0.85);
    assertThat(PromotionPolicy.wilsonUpperBound(410, 500)).as("410 of 500: the same share, told by ten times the mail").isLessThan(0.85);
    assertThat(PromotionPolicy.wilsonUpperBound(50, 50)).isCloseTo(1.0, within(1e-9));
    assertThat(PromotionPolicy.wilsonUpperBound(0, 0)).isNaN();
  }
}
