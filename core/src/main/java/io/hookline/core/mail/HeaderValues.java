package io.hookline.core.mail;

import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * Header values as a reader would see them: from the field's raw bytes (raw UTF-8 in headers is
 * common and mime4j would read it as ASCII), unfolded, RFC 2047 encoded words decoded, control
 * characters (an injection attempt's CR and LF included) turned into spaces, and capped in length.
 */
final class HeaderValues {
  static final int MAX_VALUE_CHARS = 4_096;
  private static final int MAX_ADDRESSES = 100;

  private HeaderValues() {}

  static String value(Field field) {
    ByteSequence raw = field.getRaw();
    String text;
    if (raw == null) {
      text = field.getBody() == null ? "" : field.getBody();
    } else {
      byte[] bytes = raw.toByteArray();
      int colon = indexOfColon(bytes);
      int start = colon < 0 ? 0 : colon + 1;
      text = TextDecoding.decode(bytes, start, bytes.length - start, null);
    }
    String decoded = text.indexOf("=?") >= 0 ? DecoderUtil.decodeEncodedWords(unfold(text), DecodeMonitor.SILENT) : unfold(text);
    return clean(decoded);
  }

  /** Addresses of an address-list field (To, Cc); the raw parts where the list does not parse. */
  static List<String> addresses(String value) {
    List<String> result = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return result;
    }
    try {
      AddressList list = LenientAddressParser.DEFAULT.parseAddressList(value);
      for (Address address : list) {
        if (result.size() >= MAX_ADDRESSES) {
          break;
        }
        if (address instanceof Mailbox mailbox) {
          result.add(mailbox.getAddress());
        } else {
          for (Mailbox member : list.flatten()) {
            if (result.size() < MAX_ADDRESSES && !result.contains(member.getAddress())) {
              result.add(member.getAddress());
            }
          }
        }
      }
    } catch (RuntimeException e) {
      for (String part : value.split(",")) {
        if (!part.isBlank() && result.size() < MAX_ADDRESSES) {
          result.add(part.trim());
        }
      }
    }
    return result;
  }

  /** Already trimmed, within the length cap, no control characters, no doubled whitespace. */
  private static boolean isClean(String text) {
    int length = text.length();
    if (length > MAX_VALUE_CHARS || (length > 0 && (text.charAt(0) == ' ' || text.charAt(length - 1) == ' '))) {
      return false;
    }
    char previous = 'x';
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || (c == ' ' && previous == ' ') || (c > 0x7f && (Character.isWhitespace(c) || Character.isISOControl(c)))) {
        return false;
      }
      previous = c;
    }
    return true;
  }

  private static int indexOfColon(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == ':') {
        return i;
      }
    }
    return -1;
  }

  private static String unfold(String text) {
    if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      return text;
    }
    return text.replaceAll("\r?\n(?=[ \t])", "");
  }

  /** Control characters become spaces; runs of whitespace one space; at most MAX_VALUE_CHARS. */
  static String clean(String text) {
    if (isClean(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_VALUE_CHARS));
    boolean lastWasSpace = true;
    for (int i = 0; i < text.length() && out.length() < MAX_VALUE_CHARS; i++) {
      char c = text.charAt(i);
      boolean space = Character.isWhitespace(c) || Character.isISOControl(c);
      if (space) {
        if (!lastWasSpace) {
          out.append(' ');
        }
      } else {
        out.append(c);
      }
      lastWasSpace = space;
    }
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == ' ') {
      end--;
    }
    out.setLength(end);
    return out.toString();
  }
}
