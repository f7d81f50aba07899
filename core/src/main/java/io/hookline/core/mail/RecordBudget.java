package io.hookline.core.mail;

import io.hookline.avro.Attachment;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.HeaderField;
import io.hookline.avro.Link;
import io.hookline.avro.MailHeaders;
import io.hookline.avro.Truncation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps a parsed message's record under a byte budget, so that every message the gateway accepts
 * fits on {@code mail.inbound} and gets a verdict. Character limits alone cannot: a body of
 * 100,000 CJK characters or emoji is 300–400 KB of UTF-8, and a message carries its text, its raw
 * HTML and the HTML's visible text.
 *
 * <p>Sizes are counted as Avro encodes them (UTF-8 bytes plus a length per string, an upper
 * bound). Over budget, what detection needs least goes first: the raw HTML (its links and visible
 * text are already extracted), then the plain-text body, then the visible HTML text, each cut to
 * a prefix; then links, Received lines, other header fields, recipients and attachments from the
 * end; last, single header values longer than 1,000 bytes. Every cut is flagged in {@code
 * truncations}.
 */
final class RecordBudget {
  private static final int PER_STRING = 5; // the longest length prefix (a long as a varint) plus a union index
  private static final int LONG_VALUE_BYTES = 1000;

  private RecordBudget() {}

  static EmailMessage fit(EmailMessage message, int budget) {
    long size = size(message);
    if (size <= budget) {
      return message;
    }
    Set<Truncation> cuts = EnumSet.noneOf(Truncation.class);
    cuts.addAll(message.getTruncations());
    EmailMessage.Builder out = EmailMessage.newBuilder(message);
    long over = size - budget;
    over = cutText(out.getHtmlBody(), over, out::setHtmlBody, cuts);
    over = cutText(out.getTextBody(), over, out::setTextBody, cuts);
    over = cutText(out.getHtmlText(), over, out::setHtmlText, cuts);
    if (over > 0) {
      List<Link> links = new ArrayList<>(out.getLinks());
      while (over > 0 && !links.isEmpty()) {
        Link last = links.remove(links.size() - 1);
        over -= bytes(last.getUrl()) + bytes(last.getAnchorText());
        cuts.add(Truncation.LINK_COUNT);
      }
      out.setLinks(links);
    }
    if (over > 0) {
      over = fitHeaders(out, over, cuts);
    }
    out.setTruncations(List.copyOf(cuts));
    return out.build();
  }

  private static long fitHeaders(EmailMessage.Builder out, long over, Set<Truncation> cuts) {
    MailHeaders.Builder headers = MailHeaders.newBuilder(out.getHeaders());
    List<String> received = new ArrayList<>(headers.getReceived());
    while (over > 0 && received.size() > 1) {
      over -= bytes(received.remove(received.size() - 1));
    }
    headers.setReceived(received);
    List<HeaderField> other = new ArrayList<>(headers.getOther());
    while (over > 0 && !other.isEmpty()) {
      HeaderField last = other.remove(other.size() - 1);
      over -= bytes(last.getName()) + bytes(last.getValue());
    }
    headers.setOther(other);
    over = dropFromEnd(headers.getTo(), over, headers::setTo);
    over = dropFromEnd(headers.getCc(), over, headers::setCc);
    over = dropFromEnd(headers.getAuthenticationResults(), over, headers::setAuthenticationResults);
    if (over > 0) {
      List<String> recipients = new ArrayList<>(out.getEnvelope().getRcptTo());
      while (over > 0 && recipients.size() > 1) {
        over -= bytes(recipients.remove(recipients.size() - 1));
      }
      out.getEnvelope().setRcptTo(recipients);
    }
    if (over > 0) {
      List<Attachment> attachments = new ArrayList<>(out.getAttachments());
      while (over > 0 && !attachments.isEmpty()) {
        Attachment last = attachments.remove(attachments.size() - 1);
        over -= bytes(last.getFileName()) + bytes(last.getMediaType()) + bytes(last.getSha256()) + 8;
      }
      out.setAttachments(attachments);
    }
    if (over > 0) {
      headers.setFrom(shorten(headers.getFrom()));
      headers.setReplyTo(shorten(headers.getReplyTo()));
      headers.setReturnPath(shorten(headers.getReturnPath()));
      headers.setMessageIdHeader(shorten(headers.getMessageIdHeader()));
      headers.setDate(shorten(headers.getDate()));
      headers.setXMailer(shorten(headers.getXMailer()));
      headers.setContentType(shorten(headers.getContentType()));
      out.setSubject(shorten(out.getSubject()));
      over = 0; // everything left is bounded: a few values of at most LONG_VALUE_BYTES each
    }
    cuts.add(Truncation.HEADER_BYTES);
    out.setHeaders(headers.build());
    return over;
  }

  private static long dropFromEnd(List<String> values, long over, java.util.function.Consumer<List<String>> set) {
    if (over <= 0 || values.isEmpty()) {
      return over;
    }
    List<String> kept = new ArrayList<>(values);
    while (over > 0 && !kept.isEmpty()) {
      over -= bytes(kept.remove(kept.size() - 1));
    }
    set.accept(kept);
    return over;
  }

  /** Cuts {@code text} by up to {@code over} bytes from its end; returns what is still over. */
  private static long cutText(String text, long over, java.util.function.Consumer<String> set, Set<Truncation> cuts) {
    if (over <= 0 || text == null || text.isEmpty()) {
      return over;
    }
    long length = utf8Length(text);
    long keep = Math.max(0, length - over);
    set.accept(prefixOfBytes(text, keep));
    cuts.add(Truncation.BODY_LENGTH);
    return over - (length - keep);
  }

  private static String shorten(String value) {
    return value == null || utf8Length(value) <= LONG_VALUE_BYTES ? value : prefixOfBytes(value, LONG_VALUE_BYTES);
  }

  /** The longest prefix of {@code text} whose UTF-8 encoding has at most {@code maxBytes} bytes, never splitting a surrogate pair. */
  static String prefixOfBytes(String text, long maxBytes) {
    long used = 0;
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int width = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (used + width > maxBytes) {
        break;
      }
      used += width;
      i += Character.charCount(codePoint);
    }
    return text.substring(0, i);
  }

  /** An upper bound of the record's encoded size. */
  static long size(EmailMessage m) {
    long size = 64 + bytes(m.getMessageId()) + bytes(m.getTenant()) + bytes(m.getSubject()) + bytes(m.getTextBody())
        + bytes(m.getHtmlBody()) + bytes(m.getHtmlText());
    for (Link link : m.getLinks()) {
      size += bytes(link.getUrl()) + bytes(link.getAnchorText());
    }
    for (Attachment a : m.getAttachments()) {
      size += bytes(a.getFileName()) + bytes(a.getMediaType()) + bytes(a.getSha256()) + 8;
    }
    MailHeaders h = m.getHeaders();
    size += bytes(h.getFrom()) + bytes(h.getReplyTo()) + bytes(h.getReturnPath()) + bytes(h.getMessageIdHeader()) + bytes(h.getDate())
        + bytes(h.getXMailer()) + bytes(h.getContentType()) + all(h.getTo()) + all(h.getCc()) + all(h.getReceived())
        + all(h.getAuthenticationResults());
    for (HeaderField field : h.getOther()) {
      size += bytes(field.getName()) + bytes(field.getValue());
    }
    if (m.getEnvelope() != null) {
      size += bytes(m.getEnvelope().getMailFrom()) + bytes(m.getEnvelope().getClientIp()) + bytes(m.getEnvelope().getHelo())
          + all(m.getEnvelope().getRcptTo());
    }
    if (m.getOrigin() != null) {
      size += bytes(m.getOrigin().getCorpus()) + bytes(m.getOrigin().getDomain()) + 2;
    }
    return size + 2L * m.getTruncations().size() + 16;
  }

  private static long all(List<String> values) {
    long size = PER_STRING;
    for (String value : values) {
      size += bytes(value);
    }
    return size;
  }

  private static long bytes(String value) {
    return value == null ? 1 : PER_STRING + utf8Length(value);
  }

  static long utf8Length(String text) {
    long length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length++;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }
}
