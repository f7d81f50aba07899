package io.hookline.core.mail;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Link;
import io.hookline.avro.MailHeaders;
import io.hookline.avro.Truncation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Parses raw RFC 822 / MIME bytes into an {@link EmailMessage}: headers decoded, bodies decoded
 * (base64, quoted-printable, charsets with fallback), HTML reduced to what a reader sees, every
 * link with its anchor text, attachment metadata (name, type, size, SHA-256; never the content).
 *
 * <p>Input beyond the {@link MailLimits} is cut and flagged in {@code truncations}, never refused.
 * The only failure is input that is not mail at all ({@link MailParseException}). Thread-safe;
 * one instance serves any number of threads.
 */
public final class MailParser {
  /** The anchor text of a link read from a QR code in an image attachment. */
  public static final String QR_CODE_ANCHOR = "[QR code]";

  private final MailLimits limits;
  private final MimeConfig mimeConfig;

  public MailParser(MailLimits limits) {
    this.limits = limits;
    // Limits are enforced here and by RawInput, as truncation, rather than by mime4j, which throws.
    this.mimeConfig =
        MimeConfig.custom()
            .setStrictParsing(false)
            .setMaxLineLen(-1)
            .setMaxHeaderCount(-1)
            .setMaxHeaderLen(-1)
            .setMaxContentLen(-1)
            .setMalformedHeaderStartsBody(true)
            .build();
  }

  public MailParser() {
    this(MailLimits.DEFAULTS);
  }

  /**
   * @param raw the message as received
   * @param context what the gateway knows besides the bytes
   * @throws MailParseException if the bytes are empty, binary, or defeat the MIME parser
   */
  public EmailMessage parse(byte[] raw, InboundContext context) throws MailParseException {
    RawInput input = RawInput.of(raw, limits);
    if (input.isBlank()) {
      throw new MailParseException(MailParseException.Kind.EMPTY, "message is empty (" + raw.length + " bytes of whitespace)", null);
    }
    if (input.looksBinary()) {
      throw new MailParseException(MailParseException.Kind.BINARY, "message is binary: its first kilobyte has too many control bytes, or NUL or mostly non-ASCII bytes without a header field", null);
    }
    MimeStreamParser parser =
        new MimeStreamParser(
            mimeConfig, DecodeMonitor.SILENT, new DefaultBodyDescriptorBuilder(null, LenientFieldParser.getParser(), DecodeMonitor.SILENT));
    PartCollector collector = new PartCollector(limits, parser, input.truncations);
    parser.setContentDecoding(true);
    parser.setRecurse();
    parser.setContentHandler(collector);
    try {
      parser.parse(new ByteArrayInputStream(input.bytes, input.offset, input.length));
    } catch (MimeException | IOException | RuntimeException e) {
      throw new MailParseException(
          MailParseException.Kind.MALFORMED, "MIME structure could not be parsed: " + e.getClass().getSimpleName(), e);
    } catch (StackOverflowError e) {
      // Depth is bounded above; this is the last guard, so one hostile message cannot kill a worker.
      throw new MailParseException(MailParseException.Kind.MALFORMED, "MIME structure nests too deeply to parse", null);
    }
    return build(collector, raw.length, context);
  }

  private EmailMessage build(PartCollector parts, int rawSize, InboundContext context) {
    Map<String, List<String>> f = parts.topFields;
    String textBody = parts.text.length() == 0 ? null : parts.text.toString();
    String htmlBody = parts.html.length() == 0 ? null : parts.html.toString();
    List<Link> links = new ArrayList<>();
    String htmlText = null;
    if (htmlBody != null) {
      HtmlContent html = HtmlContent.of(htmlBody, limits.maxLinks());
      links.addAll(html.links);
      htmlText = cut(html.visibleText, parts.truncations);
    }
    for (String address : parts.qrAddresses) {
      links.add(0, new Link(address, QR_CODE_ANCHOR)); // first, so the link limit never drops them
    }
    PlainTextLinks.addTo(links, textBody, limits.maxLinks());
    if (links.size() > limits.maxLinks()) {
      parts.truncations.add(Truncation.LINK_COUNT);
      links = new ArrayList<>(links.subList(0, limits.maxLinks()));
    }
    MailHeaders headers =
        MailHeaders.newBuilder()
            .setFrom(first(f, "from"))
            .setReplyTo(first(f, "reply-to"))
            .setReturnPath(first(f, "return-path"))
            .setTo(HeaderValues.addresses(first(f, "to")))
            .setCc(HeaderValues.addresses(first(f, "cc")))
            .setMessageIdHeader(first(f, "message-id"))
            .setDate(first(f, "date"))
            .setXMailer(first(f, "x-mailer") != null ? first(f, "x-mailer") : first(f, "user-agent"))
            .setReceived(f.getOrDefault("received", List.of()))
            .setAuthenticationResults(f.getOrDefault("authentication-results", List.of()))
            .setContentType(first(f, "content-type"))
            .setOther(parts.otherFields)
            .build();
    String subject = first(f, "subject");
    EmailMessage message = EmailMessage.newBuilder()
        .setMessageId(context.messageId())
        .setTenant(context.tenant())
        .setReceivedAt(context.receivedAt())
        .setEnvelope(context.envelope())
        .setHeaders(headers)
        .setSubject(subject == null ? "" : subject)
        .setTextBody(textBody)
        .setHtmlBody(htmlBody)
        .setHtmlText(htmlText)
        .setLinks(links)
        .setAttachments(parts.attachments)
        .setAuthentication(context.authentication())
        .setSizeBytes(rawSize)
        .setTruncations(List.copyOf(parts.truncations))
        .setOrigin(context.origin())
        .build();
    return RecordBudget.fit(message, limits.maxRecordBytes());
  }

  private String cut(String text, Set<Truncation> truncations) {
    if (text.length() <= limits.maxBodyChars()) {
      return text;
    }
    truncations.add(Truncation.BODY_LENGTH);
    return text.substring(0, limits.maxBodyChars());
  }

  private static String first(Map<String, List<String>> fields, String name) {
    List<String> values = fields.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
