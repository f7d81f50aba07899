package io.hookline.core.features;

import java.util.Arrays;

/**
 * Collects the distinct tokens of one message while scanning its fields: hashes are computed
 * character by character and no string is built unless an explanation later asks for a token's
 * text. A per-thread workspace: {@link #reset} between messages, {@link #names} hands out an
 * immutable copy of what a message's vector needs.
 */
final class TokenCollector {
  private static final int MIN_LENGTH = 2;
  private static final int MAX_LENGTH = 30;

  // sized for a typical message (a few hundred distinct tokens), so most never grow
  private long[] hashes = new long[1024];
  private int[] counts = new int[1024];
  private CharSequence[] sources = new CharSequence[1024];
  private int[] starts = new int[1024];
  private int[] ends = new int[1024];
  private TokenField[] fields = new TokenField[1024];
  private int size;
  private long[] table = new long[4096]; // open addressing; 0 marks a free slot
  private int[] indexOf = new int[4096]; // the token index of each occupied slot
  private int[] slots = new int[1024]; // the slot of each token, to clear the table quickly
  private int used;

  /** Adds the words of a text (runs of letters or digits), up to {@code maxChars} characters of it. */
  void addWords(TokenField field, CharSequence text, int maxChars) {
    if (text == null) {
      return;
    }
    int limit = Math.min(text.length(), maxChars);
    int i = 0;
    while (i < limit) {
      char c = text.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        i++;
        continue;
      }
      int start = i;
      long h = TokenHash.start(field);
      boolean allDigits = true;
      while (i < limit && Character.isLetterOrDigit(text.charAt(i))) {
        char ch = text.charAt(i);
        allDigits &= ch >= '0' && ch <= '9';
        h = TokenHash.add(h, TokenHash.lower(ch));
        i++;
      }
      int length = i - start;
      if (length >= MIN_LENGTH && length <= MAX_LENGTH && !(allDigits && length > 6)) {
        add(h, field, text, start, i);
      }
    }
  }

  /** Adds a whole value as one token (a host, a domain, a media type). */
  void addWhole(TokenField field, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    add(TokenHash.of(field, value), field, value, 0, value.length());
  }

  /** Adds the bigrams of a text's words: "verify account" next to "verify" and "account". */
  void addBigrams(TokenField field, String text) {
    if (text == null) {
      return;
    }
    int previousStart = -1;
    int i = 0;
    while (i < text.length()) {
      if (!Character.isLetterOrDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      if (previousStart >= 0) {
        long h = TokenHash.start(field);
        for (int k = previousStart; k < i; k++) {
          char c = text.charAt(k);
          h = TokenHash.add(h, Character.isLetterOrDigit(c) ? TokenHash.lower(c) : ' ');
        }
        add(h, field, text, previousStart, i);
      }
      previousStart = start;
    }
  }

  private void add(long hash, TokenField field, CharSequence source, int start, int end) {
    if (hash == 0) {
      hash = 1; // 0 marks a free slot
    }
    int mask = table.length - 1;
    int slot = (int) (hash ^ (hash >>> 29)) & mask;
    while (table[slot] != 0) {
      if (table[slot] == hash) {
        counts[indexOf[slot]]++;
        return;
      }
      slot = (slot + 1) & mask;
    }
    table[slot] = hash;
    indexOf[slot] = size;
    if (size == hashes.length) {
      int capacity = size * 2;
      slots = Arrays.copyOf(slots, capacity);
      hashes = Arrays.copyOf(hashes, capacity);
      counts = Arrays.copyOf(counts, capacity);
      sources = Arrays.copyOf(sources, capacity);
      starts = Arrays.copyOf(starts, capacity);
      ends = Arrays.copyOf(ends, capacity);
      fields = Arrays.copyOf(fields, capacity);
    }
    hashes[size] = hash;
    slots[size] = slot;
    counts[size] = 1;
    sources[size] = source;
    starts[size] = start;
    ends[size] = end;
    fields[size] = field;
    size++;
    if (++used * 2 > table.length) {
      rehash();
    }
  }

  private void rehash() {
    long[] old = table;
    int[] oldIndex = indexOf;
    table = new long[old.length * 2];
    indexOf = new int[old.length * 2];
    int mask = table.length - 1;
    for (int i = 0; i < old.length; i++) {
      long h = old[i];
      if (h != 0) {
        int slot = (int) (h ^ (h >>> 29)) & mask;
        while (table[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        table[slot] = h;
        indexOf[slot] = oldIndex[i];
        slots[oldIndex[i]] = slot;
      }
    }
  }

  int[] counts() {
    return Arrays.copyOf(counts, size);
  }

  /** Empties the workspace for the next message, touching only the slots in use. */
  void reset() {
    for (int i = 0; i < size; i++) {
      table[slots[i]] = 0;
      sources[i] = null;
    }
    size = 0;
    used = 0;
  }

  /** The texts of this message's tokens, copied so the workspace can be reused. */
  FeatureVector.TokenTexts names() {
    CharSequence[] s = Arrays.copyOf(sources, size);
    int[] b = Arrays.copyOf(starts, size);
    int[] e = Arrays.copyOf(ends, size);
    TokenField[] f = Arrays.copyOf(fields, size);
    return index -> "'" + s[index].subSequence(b[index], e[index]).toString().toLowerCase(java.util.Locale.ROOT) + "' " + f[index].where();
  }

  TokenField[] fields() {
    return Arrays.copyOf(fields, size);
  }

  long[] hashes() {
    return Arrays.copyOf(hashes, size);
  }

}
