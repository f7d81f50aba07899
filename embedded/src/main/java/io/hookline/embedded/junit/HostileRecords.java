package io.hookline.embedded.junit;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Record values an attacker or a broken producer can put on any topic, built from one valid
 * Confluent-framed record of that topic and one of another contract: each named case must become
 * a dead letter wherever it is read ({@link #named}); a tombstone must be skipped; seeded
 * mutations of the valid record ({@link #mutations}) must each be either read or dead-lettered,
 * never stop a reader.
 */
public final class HostileRecords {
  /** As large as a default broker accepts in one record. */
  public static final int HUGE_BYTES = 1_000_000;

  private HostileRecords() {}

  /** The named cases, by name: each one unreadable as the topic's contract. */
  public static Map<String, byte[]> named(byte[] valid, byte[] otherContract, long seed) {
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("wrong-magic-byte", "{\"subject\":\"not avro\"}".getBytes());
    cases.put("unknown-schema-id", ByteBuffer.allocate(9).put((byte) 0).putInt(0x7f7f7f7f).putInt(42).array());
    cases.put("truncated", Arrays.copyOf(valid, Math.max(6, valid.length / 2)));
    cases.put("framing-only", Arrays.copyOf(valid, 5));
    cases.put("other-contract", otherContract);
    byte[] huge = new byte[HUGE_BYTES];
    new Random(seed).nextBytes(huge);
    huge[0] = 0; // framed, with a schema id no registry has: the reader must not trust its length
    cases.put("huge", huge);
    return cases;
  }

  /** {@code count} seeded mutations of a valid record: flipped bytes, cut tails, inflated lengths, appended garbage. */
  public static List<byte[]> mutations(byte[] valid, int count, long seed) {
    Random random = new Random(seed);
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] mutated;
      switch (i % 4) {
        case 0 -> {
          mutated = valid.clone();
          for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
            int at = 5 + random.nextInt(Math.max(1, mutated.length - 5));
            if (at < mutated.length) {
              mutated[at] ^= (byte) (1 << random.nextInt(8));
            }
          }
        }
        case 1 -> mutated = Arrays.copyOf(valid, 5 + random.nextInt(Math.max(1, valid.length - 5)));
        case 2 -> {
          mutated = valid.clone();
          int at = 5 + random.nextInt(Math.max(1, Math.min(64, mutated.length - 5)));
          if (at < mutated.length) {
            mutated[at] = (byte) 0xfe; // a zig-zag varint prefix claiming a huge length or count
          }
        }
        default -> {
          byte[] tail = new byte[1 + random.nextInt(256)];
          random.nextBytes(tail);
          mutated = Arrays.copyOf(valid, valid.length + tail.length);
          System.arraycopy(tail, 0, mutated, valid.length, tail.length);
        }
      }
      out.add(mutated);
    }
    return out;
  }
}
