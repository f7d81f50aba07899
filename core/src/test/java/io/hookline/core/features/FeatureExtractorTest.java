package io.hookline.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.EmailMessage;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {
  private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(FeatureSpec.CURRENT);

  static EmailMessage mail(String raw) throws Exception {
    return new MailParser().parse(raw.getBytes(StandardCharsets.UTF_8), InboundContext.of("m", Instant.EPOCH));
  }

  private static final String PHISH =
      "From: \"service@paypal.com\" <alerts@secure-paypa1.example>\r\n"
          + "Reply-To: collect@elsewhere.example\r\n"
          + "Return-Path: <bounce@bulk.example>\r\n"
          + "Authentication-Results: mx.example.org; spf=fail smtp.mailfrom=secure-paypa1.example; dkim=none\r\n"
          + "Subject: URGENT: verify your account\r\n"
          + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
          + "--b\r\nContent-Type: text/html\r\n\r\n"
          + "<p>Your account will be suspended within 24 hours!</p>"
          + "<a href=\"http://185.23.4.5:8080/login\">www.paypal.com</a> <a href=\"http://xn--pypal-4ve.com/\">x</a>"
          + "<form action=\"http://185.23.4.5/collect\"><input name=password></form>\r\n"
          + "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"invoice.pdf.exe\"\r\n"
          + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getEncoder().encodeToString(new byte[] {77, 90}) + "\r\n--b--\r\n";

  @Test
  void readsThePhishingSignals() throws Exception {
    FeatureVector v = EXTRACTOR.extract(mail(PHISH));

    assertThat(v.value(EngineeredFeature.URL_IP_LITERAL)).isEqualTo(1);
    assertThat(v.value(EngineeredFeature.URL_PUNYCODE)).isEqualTo(1);
    assertThat(v.value(EngineeredFeature.URL_UNUSUAL_PORT)).isEqualTo(1);
    assertThat(v.value(EngineeredFeature.URL_TEXT_TARGET_MISMATCH)).isEqualTo(Math.log1p(1));
    assertThat(v.evidence().get(EngineeredFeature.URL_TEXT_TARGET_MISMATCH)).isEqualTo("www.paypal.com -> 185.23.4.5");
    assertThat(v.value(EngineeredFeature.HEADER_REPLY_TO_MISMATCH)).isEqualTo(1);
    assertThat(v.value(EngineeredFeature.HEADER_RETURN_PATH_MISMATCH)).isEqualTo(1);
    assertThat(v.value(EngineeredFeature.HEADER_DISPLAY_NAME_SPOOF)).isEqualTo(1);
    assertThat(v.value(EngineeredFeature.AUTH_SPF_FAIL)).isEqualTo(1);
    assertThat(v.value(EngineeredFeature.AUTH_DKIM_FAIL)).isZero();
    assertThat(v.value(EngineeredFeature.STYLE_HTML_ONLY)).isEqualTo(1);
    assertThat(v.value(EngineeredFeature.STYLE_HTML_FORM)).isEqualTo(1);
    assertThat(v.value(EngineeredFeature.ATTACHMENT_EXECUTABLE)).isEqualTo(1);
    assertThat(v.value(EngineeredFeature.ATTACHMENT_DOUBLE_EXTENSION)).isEqualTo(1);
    assertThat(v.value(EngineeredFeature.LEXICON_URGENCY)).isGreaterThan(0);
    assertThat(v.value(EngineeredFeature.LEXICON_CREDENTIALS)).isGreaterThan(0);
    assertThat(v.value(EngineeredFeature.STYLE_SUBJECT_CAPITALS)).isBetween(0.2, 0.6);
  }

  @Test
  void anOrdinaryMessageRaisesNoFlags() throws Exception {
    FeatureVector v = EXTRACTOR.extract(mail(
        "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nMessage-ID: <1@example.org>\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
            + "Subject: lunch tomorrow\r\n\r\nShall we meet at noon? The menu is at https://www.example.org/menu\r\n"));

    for (EngineeredFeature flag : new EngineeredFeature[] {
        EngineeredFeature.URL_IP_LITERAL, EngineeredFeature.URL_TEXT_TARGET_MISMATCH, EngineeredFeature.HEADER_REPLY_TO_MISMATCH,
        EngineeredFeature.HEADER_DISPLAY_NAME_SPOOF, EngineeredFeature.HEADER_MISSING_MESSAGE_ID, EngineeredFeature.AUTH_SPF_FAIL,
        EngineeredFeature.STYLE_HTML_ONLY, EngineeredFeature.ATTACHMENT_COUNT}) {
      assertThat(v.value(flag)).as(flag.featureName()).isZero();
    }
    assertThat(v.value(EngineeredFeature.URL_COUNT)).isEqualTo(Math.log1p(1));
  }

  @Test
  void isDeterministicAndKeepsFieldsApart() throws Exception {
    EmailMessage message = mail("Subject: verify\r\n\r\nverify\r\n");
    FeatureVector first = EXTRACTOR.extract(message);
    FeatureVector second = EXTRACTOR.extract(message);

    assertThat(first).isEqualTo(second);
    assertThat(first.tokenHashes()).contains(TokenHash.of(TokenField.SUBJECT, "verify"), TokenHash.of(TokenField.BODY, "verify"));
    assertThat(TokenHash.of(TokenField.SUBJECT, "verify")).isNotEqualTo(TokenHash.of(TokenField.BODY, "verify"));
    assertThat(first.tokenHashes()).doesNotHaveDuplicates();
  }

  @Test
  void namesATokenForAReason() throws Exception {
    FeatureVector v = EXTRACTOR.extract(mail("Subject: Verify Now\r\n\r\nhello\r\n"));

    assertThat(v.tokenTexts().describe(0)).isEqualTo("'verify' in the subject");
  }

  @Test
  void findsRegistrableDomains() {
    assertThat(Domains.registrable("login.secure.paypal.co.uk")).isEqualTo("paypal.co.uk");
    assertThat(Domains.registrable("a.b.example.com")).isEqualTo("example.com");
    assertThat(Domains.host("http://paypal.com@198.51.100.7:81/x")).isEqualTo("198.51.100.7");
    assertThat(Domains.hasUserInfo("http://paypal.com@198.51.100.7/x")).isTrue();
    assertThat(Domains.shownIn("Click here")).isNull();
    assertThat(Domains.shownIn("PayPal.com/login")).isEqualTo("paypal.com");
  }
}
