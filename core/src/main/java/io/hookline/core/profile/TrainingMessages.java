package io.hookline.core.profile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The content hashes of the messages a model was trained on, in its artifact: a count, then the
 * sorted hashes (8 bytes each, about 160 KB for 20,000 messages). An evaluation looks its test
 * messages up here to say which of them the model has already seen.
 */
public final class TrainingMessages {
  public static final String FILE = "training-messages.bin";

  private TrainingMessages() {}

  public static void write(Path directory, long[] sortedHashes) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(directory.resolve(FILE))))) {
      out.writeInt(sortedHashes.length);
      for (long hash : sortedHashes) {
        out.writeLong(hash);
      }
    }
  }

  /** The sorted hashes, or empty for an artifact saved without them. */
  public static Optional<long[]> read(Path directory) throws IOException {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      int count = in.readInt();
      if (count < 0 || count > Files.size(file) / Long.BYTES) {
        throw new IOException(file + " is not a list of training message hashes");
      }
      long[] hashes = new long[count];
      for (int i = 0; i < count; i++) {
        hashes[i] = in.readLong();
      }
      return Optional.of(hashes);
    }
  }

  /** Whether a sorted list holds a hash. */
  public static boolean contains(long[] sortedHashes, long hash) {
    return Arrays.binarySearch(sortedHashes, hash) >= 0;
  }
}
