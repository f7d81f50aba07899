package io.hookline.core.mail;

import io.hookline.avro.Truncation;
import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import java.util.Set;

/**
 * The raw bytes the MIME parser will see: without a leading mbox {@code From } line, at most
 * {@code maxMessageBytes} long, no line longer than {@code maxLineLength}. Most messages need no
 * copy: the bytes are used in place.
 */
final class RawInput {
  private static final byte[] MBOX_FROM = {'F', 'r', 'o', 'm', ' '};

  final byte[] bytes;
  final int offset;
  final int length;
  final Set<Truncation> truncations;

  private RawInput(byte[] bytes, int offset, int length, Set<Truncation> truncations) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.truncations = truncations;
  }

  static RawInput of(byte[] raw, MailLimits limits) {
    Set<Truncation> truncations = EnumSet.noneOf(Truncation.class);
    int start = startsWith(raw, MBOX_FROM) ? afterFirstLine(raw) : 0;
    int end = raw.length;
    if (end - start > limits.maxMessageBytes()) {
      end = start + limits.maxMessageBytes();
      truncations.add(Truncation.MESSAGE_BYTES);
    }
    if (!hasLineLongerThan(raw, start, end, limits.maxLineLength())) {
      return new RawInput(raw, start, end - start, truncations);
    }
    truncations.add(Truncation.LINE_LENGTH);
    ByteArrayOutputStream cut = new ByteArrayOutputStream(Math.min(end - start, 1 << 20));
    int lineStart = start;
    while (lineStart < end) {
      int lineEnd = indexOf(raw, (byte) '\n', lineStart, end);
      int contentEnd = lineEnd < 0 ? end : lineEnd;
      cut.write(raw, lineStart, Math.min(contentEnd - lineStart, limits.maxLineLength()));
      if (lineEnd < 0) {
        break;
      }
      cut.write('\n');
      lineStart = lineEnd + 1;
    }
    byte[] shortened = cut.toByteArray();
    return new RawInput(shortened, 0, shortened.length, truncations);
  }

  /** True when the input is nothing but whitespace. */
  boolean isBlank() {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  /**
   * True when the input is not text a mail could be: more than 30% of its first kilobyte control
   * bytes other than tab, CR, LF, FF and ESC (ISO-2022 uses ESC), or, when it does not open with a
   * header field, a NUL or more than 30% bytes above 0x7f there (random or compressed bytes; a real
   * message in an 8-bit charset still opens with ASCII headers, and a stray NUL in a header is
   * tolerated as mail).
   */
  boolean looksBinary() {
    int sample = Math.min(length, 1024);
    int control = 0;
    int high = 0;
    boolean nul = false;
    for (int i = offset; i < offset + sample; i++) {
      int b = bytes[i] & 0xff;
      nul |= b == 0;
      if ((b < 0x20 && b != '\t' && b != '\r' && b != '\n' && b != '\f' && b != 0x1b) || b == 0x7f) {
        control++;
      } else if (b > 0x7f) {
        high++;
      }
    }
    return sample > 0 && (control * 10 > sample * 3 || ((nul || high * 10 > sample * 3) && !opensWithHeaderField()));
  }

  /** True when the first line is {@code Name: value}, the name of printable ASCII without a colon (RFC 5322). */
  private boolean opensWithHeaderField() {
    int end = offset + Math.min(length, 1000);
    for (int i = offset; i < end; i++) {
      int b = bytes[i] & 0xff;
      if (b == ':') {
        return i > offset;
      }
      if (b < 33 || b > 126) {
        return false;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] raw, byte[] prefix) {
    if (raw.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (raw[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int afterFirstLine(byte[] raw) {
    int newline = indexOf(raw, (byte) '\n', 0, raw.length);
    return newline < 0 ? raw.length : newline + 1;
  }

  private static boolean hasLineLongerThan(byte[] raw, int start, int end, int max) {
    int lineStart = start;
    for (int i = start; i < end; i++) {
      if (raw[i] == '\n') {
        if (i - lineStart > max) {
          return true;
        }
        lineStart = i + 1;
      }
    }
    return end - lineStart > max;
  }

  private static int indexOf(byte[] raw, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (raw[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
