package io.hookline.core.mail;

import io.hookline.avro.Attachment;
import io.hookline.avro.HeaderField;
import io.hookline.avro.Truncation;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.ContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;

/**
 * Collects, from mime4j's parse events, what Hookline keeps of a message: the top-level header
 * fields that matter, the text and HTML bodies, and attachment metadata, within the limits.
 * One instance per message.
 */
final class PartCollector implements ContentHandler {
  /** Fields kept from the top-level header, by lower-case name. */
  static final Set<String> KEPT_FIELDS =
      Set.of("from", "reply-to", "return-path", "to", "cc", "message-id", "date", "x-mailer", "user-agent",
          "received", "authentication-results", "content-type", "subject");
  /** Fields a message should have once; a second one is kept aside as a signal. */
  private static final Set<String> SINGLETONS =
      Set.of("from", "reply-to", "return-path", "to", "message-id", "date", "subject", "content-type");
  private static final int MAX_RECEIVED = 50;
  private static final int MAX_OTHER_FIELDS = 20;

  private final MailLimits limits;
  private final MimeStreamParser parser;
  final Set<Truncation> truncations;
  final Map<String, List<String>> topFields = new HashMap<>();
  final List<HeaderField> otherFields = new ArrayList<>();
  final List<Attachment> attachments = new ArrayList<>();
  /** Addresses read from QR codes in image attachments. */
  final List<String> qrAddresses = new ArrayList<>();
  final StringBuilder text = new StringBuilder();
  final StringBuilder html = new StringBuilder();

  private int messageDepth;
  private int multipartDepth;
  private int parts;
  private boolean inTopHeader;
  private boolean topHeaderSeen;
  private int headerBytes;
  private boolean flattened;

  PartCollector(MailLimits limits, MimeStreamParser parser, Set<Truncation> truncations) {
    this.limits = limits;
    this.parser = parser;
    this.truncations = truncations;
  }

  private int depth() {
    return multipartDepth + Math.max(0, messageDepth - 1);
  }

  @Override
  public void startMessage() {
    messageDepth++;
  }

  @Override
  public void endMessage() {
    messageDepth--;
  }

  @Override
  public void startBodyPart() {
    parts++;
  }

  @Override
  public void endBodyPart() {
    restoreRecursionAboveTheLimit();
  }

  private void restoreRecursionAboveTheLimit() {
    if (flattened && depth() < limits.maxDepth()) {
      parser.setRecurse();
      flattened = false;
    }
  }

  @Override
  public void startHeader() {
    headerBytes = 0;
    inTopHeader = !topHeaderSeen && messageDepth == 1 && multipartDepth == 0;
  }

  @Override
  public void field(Field field) {
    if (!inTopHeader) {
      return;
    }
    int size = field.getRaw() == null ? field.getName().length() + 2 : field.getRaw().length();
    headerBytes += size;
    if (headerBytes > limits.maxHeaderBytes()) {
      truncations.add(Truncation.HEADER_BYTES);
      return;
    }
    String name = field.getName().toLowerCase(Locale.ROOT);
    if (!KEPT_FIELDS.contains(name)) {
      return;
    }
    List<String> values = topFields.computeIfAbsent(name, k -> new ArrayList<>(1));
    String value = HeaderValues.value(field);
    if (SINGLETONS.contains(name) && !values.isEmpty()) {
      if (otherFields.size() < MAX_OTHER_FIELDS) {
        otherFields.add(new HeaderField(field.getName(), value)); // a duplicated From is a signal
      }
    } else if (values.size() < MAX_RECEIVED) {
      values.add(value);
    }
  }

  @Override
  public void endHeader() {
    if (inTopHeader) {
      inTopHeader = false;
      topHeaderSeen = true;
    }
    // mime4j reads each nesting level through the stream of the level above, recursively: a
    // message nested thousands deep would overflow the stack. At the depth limit the entity's
    // body is read as one opaque part instead, and skipped.
    if (depth() >= limits.maxDepth() && !flattened) {
      parser.setFlat();
      flattened = true;
    }
  }

  @Override
  public void preamble(InputStream is) {
    // never shown to a reader
  }

  @Override
  public void epilogue(InputStream is) {
    // never shown to a reader
  }

  @Override
  public void startMultipart(BodyDescriptor bd) {
    multipartDepth++;
  }

  @Override
  public void endMultipart() {
    multipartDepth--;
    restoreRecursionAboveTheLimit();
  }

  @Override
  public void raw(InputStream is) {
    // raw mode is off
  }

  @Override
  public void body(BodyDescriptor descriptor, InputStream content) throws IOException {
    if (depth() >= limits.maxDepth()) {
      truncations.add(Truncation.NESTING_DEPTH);
      return;
    }
    if (parts > limits.maxParts()) {
      truncations.add(Truncation.PART_COUNT);
      return;
    }
    String mimeType = descriptor.getMimeType() == null ? "text/plain" : descriptor.getMimeType().toLowerCase(Locale.ROOT);
    String fileName = null;
    boolean attachment = false;
    if (descriptor instanceof MaximalBodyDescriptor maximal) {
      fileName = maximal.getContentDispositionFilename();
      if (fileName == null && maximal.getContentTypeParameters() != null) {
        fileName = maximal.getContentTypeParameters().get("name");
      }
      attachment = "attachment".equalsIgnoreCase(maximal.getContentDispositionType());
    }
    boolean textual = mimeType.equals("text/plain") || mimeType.equals("text/html");
    if (textual && !attachment) {
      appendText(mimeType.equals("text/html") ? html : text, content, descriptor.getCharset());
    } else {
      attachments.add(describe(fileName, mimeType, content));
    }
  }

  private void appendText(StringBuilder into, InputStream content, String charset) throws IOException {
    int maxBytes = limits.maxBodyChars() * 4;
    byte[] bytes = content.readNBytes(maxBytes + 1);
    int length = Math.min(bytes.length, maxBytes);
    if (bytes.length > maxBytes) {
      truncations.add(Truncation.BODY_LENGTH);
    }
    String decoded = withoutNul(TextDecoding.decode(bytes, 0, length, charset, bytes.length > maxBytes));
    if (into.length() > 0) {
      into.append("\n\n");
    }
    int room = limits.maxBodyChars() - into.length();
    if (decoded.length() > room) {
      truncations.add(Truncation.BODY_LENGTH);
      into.append(decoded, 0, Math.max(0, room));
    } else {
      into.append(decoded);
    }
  }

  private int imagesDecoded;

  /** Images decoded for QR codes per message: a lure needs one, and decoding costs milliseconds each. */
  private static final int MAX_QR_IMAGES = 3;

  private Attachment describe(String fileName, String mimeType, InputStream content) throws IOException {
    MessageDigest sha256 = newSha256();
    byte[] buffer = new byte[8192];
    long size = 0;
    boolean image = mimeType.startsWith("image/") && !mimeType.equals("image/svg+xml");
    java.io.ByteArrayOutputStream kept = image && imagesDecoded < MAX_QR_IMAGES ? new java.io.ByteArrayOutputStream() : null;
    for (int n; (n = content.read(buffer)) > 0; ) {
      sha256.update(buffer, 0, n);
      size += n;
      if (kept != null) {
        if (size > QrCodes.MAX_BYTES) {
          kept = null;
        } else {
          kept.write(buffer, 0, n);
        }
      }
    }
    if (kept != null) {
      imagesDecoded++;
      String address = QrCodes.address(kept.toByteArray());
      if (address != null) {
        qrAddresses.add(address);
      }
    }
    String name = fileName == null ? null : HeaderValues.clean(DecoderUtil.decodeEncodedWords(fileName, DecodeMonitor.SILENT));
    return new Attachment(name == null || name.isEmpty() ? null : name, mimeType, size, HexFormat.of().formatHex(sha256.digest()));
  }

  private static String withoutNul(String text) {
    return text.indexOf('\0') < 0 ? text : text.replace("\0", "");
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
