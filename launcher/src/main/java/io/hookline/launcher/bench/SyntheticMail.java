package io.hookline.launcher.bench;

import io.hookline.avro.Attachment;
import io.hookline.avro.AuthResult;
import io.hookline.avro.AuthenticationVerdicts;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.Envelope;
import io.hookline.avro.Link;
import io.hookline.avro.MailHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Parsed messages of realistic size and shape (headers, a few kilobytes of text and HTML,
 * links, sometimes an attachment) for benchmarks that measure transport, not detection. The same
 * seed gives the same messages.
 */
final class SyntheticMail {
  private static final String[] WORDS = {
    "account", "invoice", "meeting", "please", "verify", "update", "quarterly", "report", "password",
    "shipment", "schedule", "attached", "review", "urgent", "team", "project", "deadline", "security",
    "payment", "confirm", "thanks", "regards", "tomorrow", "client", "budget", "draft", "access"
  };

  private final Random random;

  SyntheticMail(long seed) {
    this.random = new Random(seed);
  }

  List<EmailMessage> generate(int count, String idPrefix) {
    List<EmailMessage> messages = new ArrayList<>(count);
    Instant start = Instant.parse("2026-11-27T08:00:00Z");
    for (int i = 0; i < count; i++) {
      messages.add(message(idPrefix + i, start.plusMillis(i)));
    }
    return messages;
  }

  private EmailMessage message(String id, Instant receivedAt) {
    String sender = word() + "." + word() + "@" + word() + ".example";
    String text = sentences(20 + random.nextInt(40));
    String url = "https://" + word() + ".example/" + word() + "/" + random.nextInt(100_000);
    List<Attachment> attachments =
        random.nextInt(5) == 0
            ? List.of(new Attachment(word() + ".pdf", "application/pdf", 10_000L + random.nextInt(500_000), hex(64)))
            : List.of();
    return EmailMessage.newBuilder()
        .setMessageId(id)
        .setTenant("example.org")
        .setReceivedAt(receivedAt)
        .setEnvelope(new Envelope(sender, List.of("user" + random.nextInt(500) + "@example.org"), "203.0.113." + random.nextInt(255), "mx." + word() + ".example"))
        .setHeaders(
            MailHeaders.newBuilder()
                .setFrom("\"" + word() + " " + word() + "\" <" + sender + ">")
                .setTo(List.of("user@example.org"))
                .setMessageIdHeader("<" + hex(24) + "@" + word() + ".example>")
                .setDate("Fri, 27 Nov 2026 08:00:00 +0000")
                .setReceived(List.of("from mx." + word() + ".example by mx.example.org; Fri, 27 Nov 2026 08:00:00 +0000"))
                .setAuthenticationResults(List.of("mx.example.org; spf=pass; dkim=pass; dmarc=pass"))
                .setContentType("multipart/alternative")
                .build())
        .setSubject(sentences(1))
        .setTextBody(text)
        .setHtmlBody("<html><body><p>" + text + "</p><a href=\"" + url + "\">" + word() + "</a></body></html>")
        .setLinks(List.of(new Link(url, word())))
        .setAttachments(attachments)
        .setAuthentication(new AuthenticationVerdicts(AuthResult.PASS, AuthResult.PASS, AuthResult.PASS))
        .setSizeBytes(2L * text.length() + 1_500)
        .build();
  }

  private String sentences(int count) {
    StringBuilder text = new StringBuilder();
    for (int s = 0; s < count; s++) {
      int words = 6 + random.nextInt(10);
      for (int w = 0; w < words; w++) {
        text.append(w == 0 ? capitalized(word()) : word()).append(w == words - 1 ? ". " : " ");
      }
    }
    return text.toString().trim();
  }

  private String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private String hex(int length) {
    StringBuilder hex = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      hex.append(Character.forDigit(random.nextInt(16), 16));
    }
    return hex.toString();
  }
}
