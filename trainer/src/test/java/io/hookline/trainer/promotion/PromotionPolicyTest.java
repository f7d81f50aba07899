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

  @Test
  void aCandidateThatLeansMoreOnCorpusIdentityOrGeneralizesWorseIsHeldBack() {
    PromotionPolicy policy = new PromotionPolicy(0.0, 0.85, 0.05);
    java.util.Map<String, Double> serving = java.util.Map.of("shortcut.score", 0.30, "lodo.accuracy.hard-ham-1", 0.80, "lodo.f1.spam-2", 0.90);

    assertThat(policy.generalizationFailures(java.util.Map.of("shortcut.score", 0.34, "lodo.accuracy.hard-ham-1", 0.78), serving, true)).isEmpty();
    assertThat(policy.generalizationFailures(java.util.Map.of("shortcut.score", 0.40), serving, true))
        .singleElement().asString().contains("shortcut score 0.400").contains("0.300");
    assertThat(policy.generalizationFailures(java.util.Map.of("shortcut.score", 0.30, "lodo.f1.spam-2", 0.70), serving, true))
        .singleElement().asString().contains("leave-one-domain-out f1.spam-2 0.700");
    assertThat(policy.generalizationFailures(java.util.Map.of("lodo.f1.easy-ham-2", 0.10), serving, true)).as("nothing to compare it with").isEmpty();
    assertThat(policy.generalizationFailures(java.util.Map.of("shortcut.score", 0.90), serving, false)).as("diagnosed on other corpora").isEmpty();
  }
}
