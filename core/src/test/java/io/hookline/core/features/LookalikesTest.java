package io.hookline.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LookalikesTest {
  private final Brands brands = Brands.shipped();

  @Test
  void brandJoinedToOtherWordsIsALookalikeEvenWhenAWordRepeats() {
    assertThat(Lookalikes.imitated("paypal-login-paypal.com", brands, null)).isEqualTo("paypal.com");
    assertThat(Lookalikes.imitated("secure-paypal.net", brands, null)).isEqualTo("paypal.com");
    assertThat(Lookalikes.imitated("mail-box-mail.example.org", brands, null)).isNull();
  }

  @Test
  void brandDomainInsideAnotherHostCountsOnlyAtALabelBoundary() {
    assertThat(Lookalikes.imitated("paypal.com.account-check.net", brands, null)).isEqualTo("paypal.com");
    assertThat(Lookalikes.imitated("login.paypal.com.x-secure.info", brands, null)).isEqualTo("paypal.com");
    assertThat(Lookalikes.imitated("www.notpaypal.com.example.org", brands, null)).isNull();
    // a later occurrence at a boundary counts even when the first is inside a word
    assertThat(Lookalikes.imitated("xpaypal.com.paypal.com.evil.net", brands, null)).isEqualTo("paypal.com");
  }

  @Test
  void confusableLettersInTheHostAreFoldedBeforeLookingForTheDomain() {
    assertThat(Lookalikes.imitated("paypa1.com.verify.net", brands, null)).isEqualTo("paypal.com");
    assertThat(Lookalikes.imitated("www.paypal.com", brands, null)).isNull();
  }
}
