package io.hookline.gateway.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.Label;
import io.hookline.avro.ModelRef;
import io.hookline.avro.Reason;
import io.hookline.avro.Verdict;
import io.hookline.core.config.ConfigException;
import io.hookline.core.config.ConfigSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionTest {

  private static Verdict verdict(Label label, double score, Reason... reasons) {
    return Verdict.newBuilder().setMessageId("m-1").setScore(score).setLabel(label).setThreshold(0.5)
        .setModel(new ModelRef("phish", "v3")).setDecidedAt(Instant.EPOCH).setReasons(List.of(reasons)).build();
  }

  private static CheckOutcome scored(Verdict verdict) {
    return new CheckOutcome("m-1", CheckOutcome.Status.SCORED, verdict, Duration.ofMillis(12));
  }

  private static Map<String, String> headers(Decision decision) {
    Map<String, String> byName = new java.util.LinkedHashMap<>();
    decision.headers().forEach(h -> byName.put(h.name(), h.value()));
    return byName;
  }

  @Test
  void aPhishingVerdictGetsThePolicysActionAndSpamAssassinStyleHeadersWithTheReasonsThatPushedItThere() {
    Verdict phishing = verdict(Label.PHISHING, 0.973,
        new Reason("url.lookalike_domain", "url", 2.1, "a link goes to a look-alike of paypal.com (pаypal.com)"),
        new Reason("text.mismatch", "url", -1.1, "the link texts match their targets"),
        new Reason("lexicon.threat", "token", 0.8, "threatens to close the account\r\nBcc: victim@example.com"));

    Decision decision = Decision.of(scored(phishing), Policy.from(ConfigSource.of(Map.of("gateway.action.phishing", "reject"))));

    assertThat(decision.action()).isEqualTo(Action.REJECT);
    assertThat(decision.smtpReply()).startsWith("550 5.7.1 ");
    assertThat(decision.score()).isEqualTo(9.73);
    assertThat(decision.requiredScore()).isEqualTo(5.0);
    Map<String, String> headers = headers(decision);
    assertThat(headers.get("X-Spam-Flag")).isEqualTo("YES");
    assertThat(headers.get("X-Spam-Status"))
        .isEqualTo("Yes, score=9.73 required=5.00 tests=HOOKLINE_PHISHING,HL_URL_LOOKALIKE_DOMAIN,HL_LEXICON_THREAT version=Hookline");
    assertThat(headers.get("X-Hookline-Model")).isEqualTo("phish/v3");
    assertThat(headers.get("X-Hookline-Id")).isEqualTo("m-1");
    assertThat(headers.get("X-Hookline-Reasons"))
        .as("only reasons towards the verdict, one line of ASCII: no header injection")
        .isEqualTo("a link goes to a look-alike of paypal.com (p?ypal.com); threatens to close the account Bcc: victim@example.com")
        .doesNotContain("\n", "\r");
    assertThat(decision.symbols().keySet()).containsExactly("HOOKLINE_PHISHING", "HL_URL_LOOKALIKE_DOMAIN", "HL_TEXT_MISMATCH", "HL_LEXICON_THREAT");
    assertThat(decision.symbols().get("HL_TEXT_MISMATCH").score()).isEqualTo(-1.1);
  }

  @Test
  void aLegitimateVerdictIsAcceptedWithFlagNo() {
    Decision decision = Decision.of(scored(verdict(Label.LEGITIMATE, 0.02)), Policy.defaults());

    assertThat(decision.action()).isEqualTo(Action.ACCEPT);
    assertThat(headers(decision)).containsEntry("X-Spam-Flag", "NO").containsKey("X-Hookline-Verdict");
    assertThat(headers(decision).get("X-Spam-Status")).startsWith("No, score=0.20 required=5.00");
  }

  @Test
  void withoutAVerdictThePolicyDecides() {
    CheckOutcome timedOut = new CheckOutcome("m-2", CheckOutcome.Status.TIMED_OUT, null, Duration.ofSeconds(10));

    Decision tempfail = Decision.of(timedOut, Policy.defaults());
    assertThat(tempfail.action()).isEqualTo(Action.TEMPFAIL);
    assertThat(tempfail.action().rspamdName()).isEqualTo("soft reject");
    assertThat(tempfail.smtpReply()).startsWith("451 4.7.1");
    assertThat(tempfail.headers()).isEmpty();

    Decision marked = Decision.of(timedOut, Policy.from(ConfigSource.of(Map.of("gateway.action.timeout", "accept-with-header"))));
    assertThat(marked.action()).isEqualTo(Action.ACCEPT);
    assertThat(headers(marked)).containsEntry("X-Hookline-Status", "unscanned (no verdict in time)");

    Decision quiet = Decision.of(timedOut, Policy.from(ConfigSource.of(Map.of("gateway.action.timeout", "accept"))));
    assertThat(quiet.action()).isEqualTo(Action.ACCEPT);
    assertThat(quiet.headers()).isEmpty();

    Decision notMail = Decision.of(new CheckOutcome("m-3", CheckOutcome.Status.NOT_MAIL, null, Duration.ZERO), Policy.defaults());
    assertThat(notMail.action()).as("what is not mail is the MTA's business").isEqualTo(Action.ACCEPT);
  }

  @Test
  void aWrongPolicySettingIsRefusedWithItsKey() {
    assertThatThrownBy(() -> Policy.from(ConfigSource.of(Map.of("gateway.action.phishing", "discard"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.action.phishing");
    assertThatThrownBy(() -> Policy.from(ConfigSource.of(Map.of("gateway.reject.message", "a\r\nb"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("one line");
  }
}
