package io.hookline.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.EmailMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The phishing-knowledge signals of feature spec fs-2, each raised by its attack and left alone by honest mail. */
class KnowledgeSignalsTest {
  private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(FeatureSpec.CURRENT, Brands.shipped());

  private static FeatureVector features(String from, String subject, String contentType, String body) throws Exception {
    EmailMessage message = FeatureExtractorTest.mail("From: " + from + "\r\nTo: anna@example.org\r\nSubject: " + subject
        + "\r\nMessage-ID: <1@x>\r\nDate: Mon, 1 Dec 2026 10:00:00 +0000\r\nContent-Type: " + contentType + "\r\n\r\n" + body);
    return EXTRACTOR.extract(message);
  }

  private static FeatureVector html(String from, String subject, String html) throws Exception {
    return features(from, subject, "text/html; charset=utf-8", html);
  }

  @Test
  void brandInTheSenderNameFromAnotherDomainIsImpersonation() throws Exception {
    FeatureVector fake = html("\"PayPal Service\" <service@secure-mail.ru>", "Your account", "<p>Hello</p>");
    FeatureVector real = html("\"PayPal\" <service@mail.paypal.com>", "Your account", "<p>Hello</p>");
    assertThat(fake.value(EngineeredFeature.BRAND_IMPERSONATION)).isEqualTo(1);
    assertThat(fake.evidence().get(EngineeredFeature.BRAND_IMPERSONATION)).contains("PayPal").contains("secure-mail.ru");
    assertThat(real.value(EngineeredFeature.BRAND_IMPERSONATION)).isZero();
  }

  @Test
  void brandInTheSubjectCountsOnlyWithCredentialRequestsAndInItsOwnCase() throws Exception {
    assertThat(html("Alerts <a@notice-center.net>", "Netflix: verify your account", "<p>Sign in to confirm your password</p>")
        .value(EngineeredFeature.BRAND_IMPERSONATION)).isEqualTo(1);
    assertThat(html("News <a@weekly-news.com>", "Netflix shows to watch this week", "<p>Our picks</p>")
        .value(EngineeredFeature.BRAND_IMPERSONATION)).isZero();
    assertThat(html("Coach <a@club.example>", "We chase the deadline: verify your schedule", "<p>Log in please</p>")
        .value(EngineeredFeature.BRAND_IMPERSONATION)).isZero();
  }

  @Test
  void lookAlikeLinksAreNamedWithWhatTheyImitate() throws Exception {
    for (String host : List.of("paypa1.com", "rnicrosoft.com", "paypal-login.com", "paypal.com.account-check.net", "micrsoft.com",
        "xn--pypal-4ve.com", "amazzon.com", "paypa1-account-verify.example")) {
      FeatureVector v = html("a@b.example", "hi", "<a href=\"https://" + host + "/login\">log in</a>");
      assertThat(v.value(EngineeredFeature.URL_LOOKALIKE)).as(host).isEqualTo(1);
    }
    assertThat(html("a@b.example", "hi", "<a href=\"https://paypa1.com/x\">x</a>").evidence().get(EngineeredFeature.URL_LOOKALIKE))
        .isEqualTo("paypa1.com looks like paypal.com");
  }

  @Test
  void honestDomainsThatResembleABrandByChanceAreNotLookAlikes() throws Exception {
    for (String host : List.of("www.paypal.com", "finance.com", "cooking.com", "stream.com", "applied.org", "example.org", "github.com",
        "chaser.net", "mail.google.com", "amazon.co.uk", "slack.net", "messenger.msn.com", "yahoo.com.au", "outlook.4team.biz")) {
      FeatureVector v = html("a@b.example", "hi", "<a href=\"https://" + host + "/\">x</a>");
      assertThat(v.value(EngineeredFeature.URL_LOOKALIKE)).as(host).isZero();
    }
  }

  @Test
  void aSenderImitatingTheRecipientsOwnDomainIsALookAlike() throws Exception {
    FeatureVector v = html("CEO <ceo@examp1e.org>", "hi", "<p>Are you available?</p>");
    assertThat(v.value(EngineeredFeature.URL_LOOKALIKE)).isEqualTo(1);
    assertThat(v.evidence().get(EngineeredFeature.URL_LOOKALIKE)).isEqualTo("sender examp1e.org looks like example.org");
    assertThat(html("Colleague <c@example.org>", "hi", "<p>Lunch?</p>").value(EngineeredFeature.URL_LOOKALIKE)).isZero();
    assertThat(html("Partner <p@example.net>", "hi", "<p>Same name, another suffix</p>").value(EngineeredFeature.URL_LOOKALIKE)).isZero();
  }

  @Test
  void scriptAndDataLinksRedirectsAndAbusedTopLevelDomains() throws Exception {
    FeatureVector v = html("a@b.example", "hi", "<a href=\"javascript:steal()\">open</a> <a href=\"https://t.example/r?u=https%3A%2F%2Fevil.example%2F\">go</a>"
        + " <a href=\"https://login-portal.top/\">here</a>");
    assertThat(v.value(EngineeredFeature.URL_SCRIPT_SCHEME)).isEqualTo(1);
    assertThat(v.value(EngineeredFeature.URL_REDIRECT)).isGreaterThan(0);
    assertThat(v.value(EngineeredFeature.URL_ABUSED_TLD)).isEqualTo(1);
    FeatureVector plain = html("a@b.example", "hi", "<a href=\"https://docs.example.com/guide?page=2\">guide</a>");
    assertThat(plain.value(EngineeredFeature.URL_SCRIPT_SCHEME) + plain.value(EngineeredFeature.URL_REDIRECT) + plain.value(EngineeredFeature.URL_ABUSED_TLD))
        .isZero();
  }

  @Test
  void aPasswordFieldInTheMailItself() throws Exception {
    assertThat(html("a@b.example", "hi", "<form action=\"https://x.example\"><input TYPE=\"password\" name=p></form>")
        .value(EngineeredFeature.STYLE_PASSWORD_FIELD)).isEqualTo(1);
    assertThat(html("a@b.example", "hi", "<form><input type=\"text\" name=q></form>").value(EngineeredFeature.STYLE_PASSWORD_FIELD)).isZero();
  }

  @Test
  void paymentChangeAndThreatsInSeveralLanguages() throws Exception {
    assertThat(features("a@b.example", "Invoice", "text/plain", "Please note our new bank details for the outstanding invoice. Keep this confidential.")
        .value(EngineeredFeature.LEXICON_PAYMENT_CHANGE)).isGreaterThan(1);
    assertThat(features("a@b.example", "Quick favor", "text/plain", "Are you available? I need you to buy gift cards for a client.")
        .value(EngineeredFeature.LEXICON_PAYMENT_CHANGE)).isGreaterThan(1);
    for (String threat : List.of("Ihr Konto wurde gesperrt.", "Votre compte sera suspendu dans les 24 heures.", "Su cuenta ha sido bloqueada.",
        "Il tuo account è stato sospeso.", "Uw account is geblokkeerd.", "Your account will be closed within 24 hours.")) {
      assertThat(features("a@b.example", "Konto", "text/plain; charset=utf-8", threat).value(EngineeredFeature.LEXICON_THREAT)).as(threat).isGreaterThan(0);
    }
    FeatureVector honest = features("a@b.example", "Minutes", "text/plain", "Thanks for the meeting notes; the release ships on Tuesday.");
    assertThat(honest.value(EngineeredFeature.LEXICON_PAYMENT_CHANGE) + honest.value(EngineeredFeature.LEXICON_THREAT)).isZero();
  }

  @Test
  void htmlAndSvgAttachmentsAreFlagged() throws Exception {
    String mixed = "multipart/mixed; boundary=\"b\"";
    String body = "--b\r\nContent-Type: text/plain\r\n\r\nSee the attached remittance.\r\n--b\r\nContent-Type: text/html; name=\"Remittance.htm\"\r\n"
        + "Content-Disposition: attachment; filename=\"Remittance.htm\"\r\n\r\n<form><input type=password></form>\r\n--b--\r\n";
    FeatureVector v = features("a@b.example", "Payment", mixed, body);
    assertThat(v.value(EngineeredFeature.ATTACHMENT_HTML)).isEqualTo(1);
    assertThat(v.evidence().get(EngineeredFeature.ATTACHMENT_HTML)).isEqualTo("Remittance.htm");
  }

  @Test
  void mailThatIsOnlyAnImageIsFlagged() throws Exception {
    assertThat(html("a@b.example", "Document", "<img src=\"cid:1\">").value(EngineeredFeature.STYLE_IMAGE_ONLY)).isEqualTo(1);
    assertThat(html("a@b.example", "Newsletter", "<img src=\"cid:1\"><p>" + "Our autumn programme has talks, walks and a book fair. ".repeat(3) + "</p>")
        .value(EngineeredFeature.STYLE_IMAGE_ONLY)).isZero();
  }

  @Test
  void anOperatorsBrandListReplacesTheShippedOneAndABadLineIsRefused() {
    Brands own = Brands.parse(List.of("# ours", "Hookbank\tHook Bank\thookbank.example"), "test");
    assertThat(own.namedIn("Hook Bank Support", true).domains()).containsExactly("hookbank.example");
    assertThat(own.namedIn("PayPal", true)).isNull();
    assertThatThrownBy(() -> Brands.parse(List.of("Broken line without tabs"), "brands.tsv"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brands.tsv line 1");
  }

  @Test
  void olderSpecsWeighOnlyTheirOwnSignals() {
    assertThat(FeatureSpec.V1.signals()).isEqualTo(33);
    assertThat(FeatureSpec.byVersion("fs-1")).isEqualTo(FeatureSpec.V1);
    assertThat(FeatureSpec.CURRENT.signals()).isEqualTo(EngineeredFeature.values().length);
    assertThat(EngineeredFeature.values()[FeatureSpec.V1.signals() - 1]).isEqualTo(EngineeredFeature.ATTACHMENT_DOUBLE_EXTENSION);
  }
}
