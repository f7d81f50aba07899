package io.hookline.core.features;

/**
 * FNV-1a 64-bit over a field prefix and the lower-cased characters of a token, computed while
 * scanning, without building a string. Stable across versions and platforms: model weights and
 * the reference vocabulary are indexed by it.
 */
final class TokenHash {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private TokenHash() {}

  static long start(TokenField field) {
    return field.startHash;
  }

  static long startOf(String prefix) {
    long h = OFFSET;
    for (int i = 0; i < prefix.length(); i++) {
      h = (h ^ prefix.charAt(i)) * PRIME;
    }
    return (h ^ ':') * PRIME;
  }

  /** Lower case, with a fast path for ASCII. */
  static char lower(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    return Character.toLowerCase(c);
  }

  static long add(long h, char c) {
    return (h ^ c) * PRIME;
  }

  static long of(TokenField field, CharSequence token) {
    long h = start(field);
    for (int i = 0; i < token.length(); i++) {
      h = add(h, lower(token.charAt(i)));
    }
    return h;
  }
}
