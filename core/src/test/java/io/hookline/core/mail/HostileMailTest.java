package io.hookline.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Truncation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile-input corpus ({@code src/test/resources/hostile/}) and generated monsters: the
 * parser returns a message or a {@link MailParseException}, quickly, and keeps what it can.
 */
class HostileMailTest {
  private static final MailParser PARSER = new MailParser();

  static byte[] sample(String name) throws IOException {
    try (InputStream in = HostileMailTest.class.getResourceAsStream("/hostile/" + name)) {
      assertThat(in).as("test resource hostile/%s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  static EmailMessage parse(byte[] raw) throws MailParseException {
    return PARSER.parse(raw, InboundContext.of("hostile", Instant.EPOCH));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "attachment-2231.eml", "broken-encoded-words.eml", "deeply-nested.eml", "duplicated-headers.eml",
      "header-injection.eml", "headers-only.eml", "invalid-base64.eml", "missing-headers.eml",
      "mixed-line-endings.eml", "multipart-without-boundary.eml", "nul-bytes.eml", "unknown-charset.eml",
      "unterminated-multipart.eml"})
  void everySampleParsesQuickly(String name) throws Exception {
    long start = System.nanoTime();
    EmailMessage message = parse(sample(name));
    assertThat(message.getMessageId()).isEqualTo("hostile");
    assertThat(System.nanoTime() - start).as("parse time of %s", name).isLessThan(2_000_000_000L);
  }

  @Test
  void emptyAndBinaryInputAreTypedErrors() throws IOException {
    assertThatThrownBy(() -> parse(sample("empty.eml")))
        .isInstanceOfSatisfying(MailParseException.class, e -> assertThat(e.kind()).isEqualTo(MailParseException.Kind.EMPTY));
    assertThatThrownBy(() -> parse("\r\n  \r\n".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOfSatisfying(MailParseException.class, e -> assertThat(e.kind()).isEqualTo(MailParseException.Kind.EMPTY));
    assertThatThrownBy(() -> parse(sample("binary.eml")))
        .isInstanceOfSatisfying(MailParseException.class, e -> assertThat(e.kind()).isEqualTo(MailParseException.Kind.BINARY))
        .hasMessageContaining("control bytes");
  }

  @Test
  void followsDeepNestingToTheText() throws Exception {
    EmailMessage message = parse(sample("deeply-nested.eml"));

    assertThat(message.getTruncations()).contains(Truncation.NESTING_DEPTH);
    assertThat(message.getSubject()).isEqualTo("nested");
  }

  @Test
  void survivesTenThousandNestedMultipartsWithinTheDepthLimit() throws Exception {
    StringBuilder s = new StringBuilder("From: a@example.com\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
    int depth = 10_000;
    for (int i = 0; i < depth; i++) {
      s.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i + 1).append("\"\r\n\r\n");
    }
    EmailMessage message = parse(s.toString().getBytes(StandardCharsets.US_ASCII));

    assertThat(message.getHeaders().getFrom()).isEqualTo("a@example.com");
    assertThat(message.getTruncations()).contains(Truncation.NESTING_DEPTH);
    assertThat(message.getTextBody()).isNull();
  }

  @Test
  void cutsATenMegabyteSingleLine() throws Exception {
    byte[] head = "From: a@example.com\r\nSubject: long\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] raw = Arrays.copyOf(head, head.length + 10_000_000);
    Arrays.fill(raw, head.length, raw.length, (byte) 'A');

    EmailMessage message = parse(raw);

    assertThat(message.getTruncations()).containsExactly(Truncation.LINE_LENGTH);
    assertThat(message.getTextBody()).hasSize(MailLimits.DEFAULTS.maxLineLength());
    assertThat(message.getSizeBytes()).isEqualTo(raw.length);
  }

  @Test
  void cutsAMessageOverTheByteLimit() throws Exception {
    MailParser small = new MailParser(new MailLimits(4_096, 10, 5, 2_048, 998, 1_000, 10, 16_384));
    StringBuilder raw = new StringBuilder("From: a@example.com\r\nSubject: big\r\n\r\n");
    while (raw.length() < 20_000) {
      raw.append("line of body text\r\n");
    }
    EmailMessage message = small.parse(raw.toString().getBytes(StandardCharsets.US_ASCII), InboundContext.of("m", Instant.EPOCH));

    assertThat(message.getTruncations()).contains(Truncation.MESSAGE_BYTES, Truncation.BODY_LENGTH);
    assertThat(message.getTextBody()).hasSizeLessThanOrEqualTo(1_000);
  }

  @Test
  void ignoresHeaderBytesBeyondTheLimit() throws Exception {
    StringBuilder raw = new StringBuilder("From: a@example.com\r\n");
    for (int i = 0; i < 20_000; i++) {
      raw.append("X-Filler-").append(i).append(": padding padding padding\r\n");
    }
    raw.append("Subject: after the flood\r\n\r\nbody\r\n");

    EmailMessage message = parse(raw.toString().getBytes(StandardCharsets.US_ASCII));

    assertThat(message.getTruncations()).contains(Truncation.HEADER_BYTES);
    assertThat(message.getHeaders().getFrom()).isEqualTo("a@example.com");
    assertThat(message.getSubject()).isEmpty();
    assertThat(message.getTextBody()).isEqualTo("body\r\n");
  }

  @Test
  void countsOnlyTheFirstPartsBeyondTheLimit() throws Exception {
    StringBuilder raw = new StringBuilder("From: a@example.com\r\nContent-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
    for (int i = 0; i < 1_000; i++) {
      raw.append("--p\r\nContent-Type: application/octet-stream\r\n\r\npart ").append(i).append("\r\n");
    }
    raw.append("--p--\r\n");

    EmailMessage message = parse(raw.toString().getBytes(StandardCharsets.US_ASCII));

    assertThat(message.getTruncations()).contains(Truncation.PART_COUNT);
    assertThat(message.getAttachments()).hasSize(MailLimits.DEFAULTS.maxParts());
  }

  @Test
  void keepsAtMostTheLinkLimit() throws Exception {
    StringBuilder raw = new StringBuilder("From: a@example.com\r\n\r\n");
    for (int i = 0; i < 2_000; i++) {
      raw.append("http://example.com/").append(i).append("\r\n");
    }
    EmailMessage message = parse(raw.toString().getBytes(StandardCharsets.US_ASCII));

    assertThat(message.getLinks()).hasSize(MailLimits.DEFAULTS.maxLinks());
    assertThat(message.getTruncations()).contains(Truncation.LINK_COUNT);
  }

  @Test
  void neutralisesHeaderInjection() throws Exception {
    EmailMessage message = parse(sample("header-injection.eml"));

    assertThat(message.getSubject()).doesNotContain("\r").doesNotContain("\n").startsWith("hello");
    assertThat(List.of(message.getHeaders().getReplyTo(), message.getHeaders().getXMailer()))
        .allSatisfy(v -> assertThat(v).doesNotContain("\r").doesNotContain("\n"));
  }

  @Test
  void keepsTheFirstOfDuplicatedSingletonHeadersAndTheRestAside() throws Exception {
    EmailMessage message = parse(sample("duplicated-headers.eml"));

    assertThat(message.getHeaders().getFrom()).isEqualTo("\"PayPal\" <service@paypal.com>");
    assertThat(message.getSubject()).isEqualTo("one");
    assertThat(message.getHeaders().getOther())
        .anySatisfy(f -> assertThat(f.getValue()).isEqualTo("attacker@evil.example"))
        .anySatisfy(f -> assertThat(f.getValue()).isEqualTo("two"));
  }

  @Test
  void dropsNulBytesFromTextAndHeaders() throws Exception {
    EmailMessage message = parse(sample("nul-bytes.eml"));

    assertThat(message.getTextBody()).doesNotContain("\0").contains("nul").contains("bytes");
    assertThat(message.getSubject()).doesNotContain("\0");
  }

  @Test
  void readsABodyWithoutHeadersAsBody() throws Exception {
    EmailMessage message = parse(sample("missing-headers.eml"));

    assertThat(message.getHeaders().getFrom()).isNull();
    assertThat(message.getTextBody()).contains("Just a body");
    assertThat(message.getLinks()).extracting(l -> l.getUrl()).containsExactly("http://198.51.100.7/login");
  }

  @Test
  void decodesWhatItCanOfInvalidBase64() throws Exception {
    EmailMessage message = parse(sample("invalid-base64.eml"));

    assertThat(message.getTextBody()).startsWith("Hello ");
  }
}
