package io.hookline.core.profile;

/**
 * An immutable set of token hashes for membership tests on the monitor's hot path: open
 * addressing over a primitive array at most half full, so a lookup is one or two probes in
 * memory instead of a binary search's seventeen cache misses over a vocabulary of 100,000s.
 */
public final class TokenHashSet {
  private static final long EMPTY = 0L;

  private final long[] table;
  private final int mask;
  private final boolean containsZero;
  private final int size;

  public TokenHashSet(long[] hashes) {
    int capacity = Integer.highestOneBit(Math.max(4, hashes.length * 2 - 1)) << 1;
    table = new long[capacity];
    mask = capacity - 1;
    boolean zero = false;
    int distinct = 0;
    for (long hash : hashes) {
      if (hash == EMPTY) {
        distinct += zero ? 0 : 1;
        zero = true;
        continue;
      }
      int slot = slot(hash);
      while (table[slot] != EMPTY && table[slot] != hash) {
        slot = (slot + 1) & mask;
      }
      if (table[slot] == EMPTY) {
        table[slot] = hash;
        distinct++;
      }
    }
    containsZero = zero;
    size = distinct;
  }

  public boolean contains(long hash) {
    if (hash == EMPTY) {
      return containsZero;
    }
    int slot = slot(hash);
    while (true) {
      long found = table[slot];
      if (found == hash) {
        return true;
      }
      if (found == EMPTY) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
  }

  public int size() {
    return size;
  }

  private int slot(long hash) {
    long h = hash * 0x9E3779B97F4A7C15L; // Fibonacci hashing spreads structured hashes over the table
    return (int) (h >>> 32) & mask;
  }
}
