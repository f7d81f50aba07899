package io.hookline.core.model.cascade;

import io.hookline.core.features.FeatureVector;
import io.hookline.core.model.TrainingExample;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The tokens the cascade's training mail used, as a set of bits over their hashes (a token of
 * another message shares a bit now and then, about 6% of the time at 250,000 training tokens, so
 * unfamiliarity reads a little low): how unlike its training mail a message is, by the share of
 * its distinct tokens no training message had.
 */
final class FamiliarTokens {
  static final String FILE = "familiar-tokens.bin.gz";
  private static final int BITS = 1 << 22;
  private static final int FORMAT = 1;

  private final BitSet seen;

  private FamiliarTokens(BitSet seen) {
    this.seen = seen;
  }

  static FamiliarTokens of(List<TrainingExample> examples) {
    BitSet seen = new BitSet(BITS);
    for (TrainingExample example : examples) {
      for (long hash : example.vector().tokenHashes()) {
        seen.set(bit(hash));
      }
    }
    return new FamiliarTokens(seen);
  }

  /** The share of the message's distinct tokens that no training message had; 0 without tokens. */
  double unseenShare(FeatureVector vector) {
    long[] hashes = vector.tokenHashes();
    if (hashes.length == 0) {
      return 0;
    }
    int unseen = 0;
    for (long hash : hashes) {
      unseen += seen.get(bit(hash)) ? 0 : 1;
    }
    return unseen / (double) hashes.length;
  }

  private static int bit(long hash) {
    return (int) ((hash * 0x9E3779B97F4A7C15L) >>> (64 - 22)); // the hash's bits mixed into the top 22
  }

  void write(Path file) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
      long[] words = seen.toLongArray();
      out.writeInt(FORMAT);
      out.writeInt(words.length);
      for (long word : words) {
        out.writeLong(word);
      }
    }
  }

  static FamiliarTokens read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IOException(file + ": familiar-token format " + format + ", this build reads " + FORMAT);
      }
      int length = in.readInt();
      if (length < 0 || length > BITS / 64) {
        throw new IOException(file + ": " + length + " words of familiar tokens, at most " + BITS / 64 + " expected");
      }
      long[] words = new long[length];
      for (int i = 0; i < length; i++) {
        words[i] = in.readLong();
      }
      return new FamiliarTokens(BitSet.valueOf(words));
    }
  }
}
