package io.hookline.core.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Link;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MailParserTest {
  private final MailParser parser = new MailParser();

  private EmailMessage parse(String raw) throws MailParseException {
    return parse(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  private EmailMessage parse(byte[] raw) throws MailParseException {
    return parser.parse(raw, InboundContext.of("m-1", Instant.parse("2026-11-27T08:00:00Z")));
  }

  @Test
  void decodesEncodedWordsInHeaders() throws Exception {
    EmailMessage message = parse(
        "From: =?UTF-8?B?UGF5UGFsIFNlcnZpY2U=?= <service@paypa1.example>\r\n"
            + "Subject: =?ISO-8859-1?Q?Ihr_Konto_wurde_gesperrt_=FC?= =?UTF-8?B?4pyU?=\r\n\r\nbody\r\n");

    assertThat(message.getHeaders().getFrom()).isEqualTo("PayPal Service <service@paypa1.example>");
    assertThat(message.getSubject()).isEqualTo("Ihr Konto wurde gesperrt ü✔");
  }

  @Test
  void readsRawUtf8AndWindows1252Headers() throws Exception {
    byte[] utf8 = "Subject: Café ☕\r\n\r\nx".getBytes(StandardCharsets.UTF_8);
    byte[] latin = "Subject: Se\u00f1or\r\n\r\nx".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(parse(utf8).getSubject()).isEqualTo("Café ☕");
    assertThat(parse(latin).getSubject()).isEqualTo("Señor");
  }

  @Test
  void decodesBase64AndQuotedPrintableBodies() throws Exception {
    String b64 = Base64.getEncoder().encodeToString("Grüße aus Köln".getBytes(StandardCharsets.UTF_8));
    EmailMessage message = parse(
        "Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n"
            + "--a\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n"
            + "--a\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "<p>Gr=FC=DFe <a href=3D\"http://185.23.4.5/login\">www.paypal.com</a></p>\r\n--a--\r\n");

    assertThat(message.getTextBody()).isEqualTo("Grüße aus Köln");
    assertThat(message.getHtmlText()).isEqualTo("Grüße www.paypal.com");
    assertThat(message.getLinks()).containsExactly(new Link("http://185.23.4.5/login", "www.paypal.com"));
  }

  @Test
  void fallsBackWhenTheDeclaredCharsetIsWrongOrUnknown() throws Exception {
    byte[] utf8DeclaredLatin1 = concat("Content-Type: text/plain; charset=iso-8859-1\r\n\r\n", "Crème brûlée".getBytes(StandardCharsets.UTF_8));
    byte[] latin1DeclaredUtf8 = concat("Content-Type: text/plain; charset=utf-8\r\n\r\n", "Crème brûlée".getBytes(StandardCharsets.ISO_8859_1));
    byte[] unknown = concat("Content-Type: text/plain; charset=x-unheard-of\r\n\r\n", "Crème brûlée".getBytes(StandardCharsets.UTF_8));
    byte[] koi8 = concat("Content-Type: text/plain; charset=koi8-r\r\n\r\n", "Привет".getBytes(java.nio.charset.Charset.forName("KOI8-R")));

    assertThat(parse(utf8DeclaredLatin1).getTextBody()).isEqualTo("Crème brûlée");
    assertThat(parse(latin1DeclaredUtf8).getTextBody()).isEqualTo("Crème brûlée");
    assertThat(parse(unknown).getTextBody()).isEqualTo("Crème brûlée");
    assertThat(parse(koi8).getTextBody()).isEqualTo("Привет");
  }

  @Test
  void visibleHtmlTextLeavesOutHiddenElementsAndScripts() throws Exception {
    EmailMessage message = parse(
        "Content-Type: text/html\r\n\r\n<html><head><title>t</title><style>p{}</style></head><body>"
            + "<p>Verify your account</p><div style=\"display: none\">ham words for the filter</div>"
            + "<span style='visibility:hidden'>more</span><script>var x = 'hidden';</script>"
            + "<form action=\"http://198.51.100.7/collect\"><input name=p></form></body></html>\r\n");

    assertThat(message.getHtmlText()).isEqualTo("Verify your account");
    assertThat(message.getHtmlBody()).contains("<form");
    assertThat(message.getTextBody()).isNull();
  }

  @Test
  void keepsAttachmentMetadataButNotContent() throws Exception {
    byte[] content = "%PDF-1.4 pretend invoice".getBytes(StandardCharsets.US_ASCII);
    EmailMessage message = parse(
        "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
            + "--m\r\nContent-Type: application/pdf; name=\"=?UTF-8?Q?Rechnung_=C3=BCber.pdf?=\"\r\n"
            + "Content-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getEncoder().encodeToString(content) + "\r\n--m--\r\n");

    assertThat(message.getAttachments()).singleElement().satisfies(a -> {
      assertThat(a.getFileName()).isEqualTo("Rechnung über.pdf");
      assertThat(a.getMediaType()).isEqualTo("application/pdf");
      assertThat(a.getSizeBytes()).isEqualTo(content.length);
      assertThat(a.getSha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    });
    assertThat(message.getTextBody()).isEqualTo("see attached");
  }

  @Test
  void readsRfc2231FileNames() throws Exception {
    EmailMessage message = parse(HostileMailTest.sample("attachment-2231.eml"));

    assertThat(message.getAttachments()).singleElement().satisfies(a -> assertThat(a.getFileName()).isEqualTo("Rechnung über.pdf.exe"));
  }

  @Test
  void keepsTheHeadersThatMatter() throws Exception {
    EmailMessage message = parse(
        "From mbox-separator Mon Jan  1 00:00:00 2002\n"
            + "Return-Path: <bounce@lists.example>\r\nReceived: from b by c; Mon, 1 Jan 2002\r\nReceived: from a by b;\r\n\tMon, 1 Jan 2002\r\n"
            + "Authentication-Results: mx.example.org; spf=fail smtp.mailfrom=paypa1.example\r\n"
            + "From: \"PayPal\" <service@paypa1.example>\r\nReply-To: collect@elsewhere.example\r\n"
            + "To: Alice <alice@example.org>, bob@example.org\r\nCc: carol@example.org\r\n"
            + "Message-ID: <abc@paypa1.example>\r\nDate: Mon, 1 Jan 2002 00:00:00 +0000\r\nX-Mailer: Outlook\r\n"
            + "Subject: hi\r\n\r\nbody\r\n");

    var h = message.getHeaders();
    assertThat(h.getReturnPath()).isEqualTo("<bounce@lists.example>");
    assertThat(h.getReceived()).containsExactly("from b by c; Mon, 1 Jan 2002", "from a by b; Mon, 1 Jan 2002");
    assertThat(h.getAuthenticationResults()).singleElement().asString().contains("spf=fail");
    assertThat(h.getReplyTo()).isEqualTo("collect@elsewhere.example");
    assertThat(h.getTo()).containsExactly("alice@example.org", "bob@example.org");
    assertThat(h.getCc()).containsExactly("carol@example.org");
    assertThat(h.getMessageIdHeader()).isEqualTo("<abc@paypa1.example>");
    assertThat(h.getDate()).isEqualTo("Mon, 1 Jan 2002 00:00:00 +0000");
    assertThat(h.getXMailer()).isEqualTo("Outlook");
    assertThat(message.getSubject()).isEqualTo("hi");
  }

  @Test
  void findsBareUrlsInPlainText() throws Exception {
    EmailMessage message = parse("Subject: x\r\n\r\nGo to https://secure-login.example/verify?id=7, or www.example.org. Not xwww.nope.example\r\n");

    assertThat(message.getLinks()).extracting(Link::getUrl)
        .containsExactly("https://secure-login.example/verify?id=7", "www.example.org");
  }

  @Test
  void carriesTheGatewayContext() throws Exception {
    EmailMessage message = parser.parse("Subject: x\r\n\r\ny".getBytes(StandardCharsets.US_ASCII), InboundContext.of("gw-42", Instant.ofEpochSecond(7)));

    assertThat(message.getMessageId()).isEqualTo("gw-42");
    assertThat(message.getReceivedAt()).isEqualTo(Instant.ofEpochSecond(7));
    assertThat(message.getSizeBytes()).isEqualTo(15);
  }

  private static byte[] concat(String head, byte[] body) {
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = java.util.Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }
}
