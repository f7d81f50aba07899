package io.hookline.core.mail;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the bytes of a body or header into text when the declared charset may be missing, unknown
 * or wrong, as it often is in mail.
 *
 * <p>Order: pure ASCII is ASCII. Bytes that are valid UTF-8 are UTF-8 when the declaration is
 * absent or a Western single-byte charset (mislabelled UTF-8 is the common case, and Latin-1 text
 * is almost never valid UTF-8 by accident). Otherwise the declared charset if Java knows it and the
 * bytes are valid in it; otherwise UTF-8 if valid; otherwise windows-1252, which maps nearly every
 * byte, with replacement characters for the rest. A body cut at a byte limit may end inside a
 * multi-byte character: for such input "valid" allows up to three trailing bytes that do not
 * complete one, which are dropped, so a long message in UTF-8 or a CJK charset is not read as
 * windows-1252.
 */
final class TextDecoding {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final Set<String> WESTERN_SINGLE_BYTE =
      Set.of("us-ascii", "ascii", "iso-8859-1", "latin1", "iso-8859-15", "windows-1252", "cp1252");

  private TextDecoding() {}

  static String decode(byte[] bytes, int offset, int length, String declaredCharset) {
    return decode(bytes, offset, length, declaredCharset, false);
  }

  /** As {@link #decode(byte[], int, int, String)}; {@code cut} says the bytes were cut at a limit and may end mid-character. */
  static String decode(byte[] bytes, int offset, int length, String declaredCharset, boolean cut) {
    if (isAscii(bytes, offset, length)) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
    String declared = declaredCharset == null ? null : declaredCharset.trim().toLowerCase(Locale.ROOT).replace("\"", "");
    boolean weakDeclaration = declared == null || declared.isEmpty() || WESTERN_SINGLE_BYTE.contains(declared);
    int tail = cut ? 3 : 0;
    String utf8 = strict(StandardCharsets.UTF_8, bytes, offset, length, tail);
    if (utf8 != null && weakDeclaration) {
      return utf8;
    }
    Charset charset = lookup(declared);
    if (charset != null) {
      String text = strict(charset, bytes, offset, length, tail);
      if (text != null) {
        return text;
      }
    }
    if (utf8 != null) {
      return utf8;
    }
    return new String(bytes, offset, length, WINDOWS_1252);
  }

  private static boolean isAscii(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** The text if the bytes are valid in {@code charset}, up to {@code tail} trailing bytes of a cut character aside; else null. */
  private static String strict(Charset charset, byte[] bytes, int offset, int length, int tail) {
    for (int cut = 0; cut <= Math.min(tail, length); cut++) {
      String text = strictWhole(charset, bytes, offset, length - cut);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  private static String strictWhole(Charset charset, byte[] bytes, int offset, int length) {
    try {
      CharBuffer chars =
          charset.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, offset, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static Charset lookup(String name) {
    if (name == null || name.isEmpty()) {
      return null;
    }
    try {
      return Charset.isSupported(name) ? Charset.forName(name) : null;
    } catch (IllegalCharsetNameException e) {
      return null;
    }
  }
}
