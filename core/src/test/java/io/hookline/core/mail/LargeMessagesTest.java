package io.hookline.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Truncation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * Large legitimate mail in scripts whose characters take three or four bytes (CJK, emoji) parses
 * to a record under the configured budget, so it fits on a Kafka topic and gets a verdict; input
 * that is not mail at all is refused.
 */
class LargeMessagesTest {
  private static final MailParser PARSER = new MailParser();
  private static final int KAFKA_LIMIT = 1_000_000;

  @Test
  void an800KilobyteCjkNewsletterFitsTheRecordBudget() throws Exception {
    String paragraph = "本日のお知らせ：新しい製品のご案内とイベント情報をお届けします。詳しくはウェブサイトをご覧ください。\n";
    String text = paragraph.repeat(800_000 / paragraph.getBytes(StandardCharsets.UTF_8).length);
    String html = "<html><body><a href=\"https://example.jp/news\">ニュース</a><p>" + text.replace("\n", "</p><p>") + "</p></body></html>";
    byte[] raw = alternative("週刊ニュースレター", text, html, StandardCharsets.UTF_8);
    assertThat(raw.length).isGreaterThan(800_000);

    EmailMessage message = parse(raw);

    assertThat(encodedSize(message)).isLessThanOrEqualTo(MailLimits.DEFAULTS.maxRecordBytes()).isLessThan(KAFKA_LIMIT);
    assertThat(message.getTruncations()).contains(Truncation.BODY_LENGTH);
    assertThat(message.getSubject()).isEqualTo("週刊ニュースレター");
    assertThat(message.getTextBody()).startsWith(paragraph);
    assertThat(message.getLinks()).extracting(l -> l.getUrl()).contains("https://example.jp/news");
  }

  @Test
  void emojiAndManyLongLinksFitTheRecordBudget() throws Exception {
    String text = "🎉🎁🔥 Big sale 🛒💳✨ ".repeat(30_000);
    StringBuilder html = new StringBuilder("<html><body>");
    for (int i = 0; i < 500; i++) {
      html.append("<a href=\"https://shop.example.com/item/").append(i).append('/').append("x".repeat(1500)).append("\">🎁 offer ")
          .append(i).append("</a> ");
    }
    html.append("</body></html>");
    EmailMessage message = parse(alternative("🎉 Sale 🎉", text, html.toString(), StandardCharsets.UTF_8));

    assertThat(encodedSize(message)).isLessThanOrEqualTo(MailLimits.DEFAULTS.maxRecordBytes());
    assertThat(message.getTextBody()).startsWith("🎉🎁🔥 Big sale");
    assertThat(message.getTextBody().codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE)).isTrue();
    assertThat(message.getLinks()).isNotEmpty();
  }

  @Test
  void aSmallBudgetIsKeptWhateverTheMessageCarries() throws Exception {
    MailParser small = new MailParser(new MailLimits(16 << 20, 256, 16, 256 << 10, 64 << 10, 100_000, 500, 32 << 10));
    StringBuilder relays = new StringBuilder();
    for (int i = 0; i < 50; i++) { // each Received line is kept whole by the header limits; together they are over budget
      relays.append("Received: from relay").append(i).append(".example.net by mx.example.org; ").append("y".repeat(3000)).append("\r\n");
    }
    String raw = relays + "From: a@example.com\r\nTo: b@example.org\r\nSubject: long\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + "Ünïcödé body\r\n".repeat(5_000);
    EmailMessage message = small.parse(raw.getBytes(StandardCharsets.UTF_8), InboundContext.of("small", Instant.EPOCH));
    assertThat(encodedSize(message)).isLessThanOrEqualTo(32 << 10);
    assertThat(message.getTruncations()).contains(Truncation.BODY_LENGTH, Truncation.HEADER_BYTES);
    assertThat(message.getHeaders().getFrom()).isEqualTo("a@example.com");
    assertThat(message.getHeaders().getReceived()).isNotEmpty().hasSizeLessThan(50);
  }

  @Test
  void randomBytesAreNotMailButEightBitMailIs() throws Exception {
    Random random = new Random(65);
    for (int size : new int[] {100, 1_000, 64_000}) {
      byte[] noise = new byte[size];
      random.nextBytes(noise);
      assertThatThrownBy(() -> parse(noise)).isInstanceOfSatisfying(MailParseException.class,
          e -> assertThat(e.kind()).isEqualTo(MailParseException.Kind.BINARY));
    }
    Charset shiftJis = Charset.forName("Shift_JIS");
    String body = "お世話になっております。請求書を添付いたします。\n".repeat(100);
    byte[] eightBit = ("From: keiri@example.co.jp\r\nSubject: invoice\r\nContent-Type: text/plain; charset=Shift_JIS\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] raw = concat(eightBit, body.getBytes(shiftJis));
    assertThat(parse(raw).getTextBody()).contains("請求書を添付いたします");
  }

  private static EmailMessage parse(byte[] raw) throws MailParseException {
    return PARSER.parse(raw, InboundContext.of("large", Instant.EPOCH));
  }

  private static byte[] alternative(String subject, String text, String html, Charset charset) {
    String boundary = "b0undary";
    String encodedSubject = "=?UTF-8?B?" + Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8)) + "?=";
    String raw = "From: news@example.jp\r\nTo: reader@example.org\r\nSubject: " + encodedSubject + "\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n"
        + "--" + boundary + "\r\nContent-Type: text/plain; charset=" + charset.name() + "\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + Base64.getMimeEncoder().encodeToString(text.getBytes(charset)) + "\r\n"
        + "--" + boundary + "\r\nContent-Type: text/html; charset=" + charset.name() + "\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + Base64.getMimeEncoder().encodeToString(html.getBytes(charset)) + "\r\n"
        + "--" + boundary + "--\r\n";
    return raw.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static int encodedSize(EmailMessage message) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(EmailMessage.class).write(message, encoder);
    encoder.flush();
    return out.size();
  }
}
