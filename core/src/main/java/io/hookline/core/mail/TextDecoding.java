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
 * byte, with replacement characters for the rest.
 */
final class TextDecoding {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final Set<String> WESTERN_SINGLE_BYTE =
      Set.of("us-ascii", "ascii", "iso-8859-1", "latin1", "iso-8859-15", "windows-1252", "cp1252");

  private TextDecoding() {}

  static String decode(byte[] bytes, int offset, int length, String declaredCharset) {
    if (isAscii(bytes, offset, length)) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
    String declared = declaredCharset == null ? null : declaredCharset.trim().toLowerCase(Locale.ROOT).replace("\"", "");
    boolean weakDeclaration = declared == null || declared.isEmpty() || WESTERN_SINGLE_BYTE.contains(declared);
    String utf8 = strict(StandardCharsets.UTF_8, bytes, offset, length);
    if (utf8 != null && weakDeclaration) {
      return utf8;
    }
    Charset charset = lookup(declared);
    if (charset != null) {
      String text = strict(charset, bytes, offset, length);
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

  private static String strict(Charset charset, byte[] bytes, int offset, int length) {
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
