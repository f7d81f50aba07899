package io.hookline.core.corpus;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A message's identity by its content: the first 64 bits of the SHA-256 of its raw bytes, line
 * ends read as LF (the same message stored as mbox, Maildir or CRLF wire text hashes alike). A
 * model's artifact keeps the hashes of its training messages, so an evaluation can tell which
 * test messages the model has already seen, whatever the files or ids they come under. Never 0,
 * which stands for "not known".
 */
public final class ContentHash {
  private ContentHash() {}

  public static long of(byte[] raw) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    byte[] normalized = new byte[raw.length];
    int length = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\r' && i + 1 < raw.length && raw[i + 1] == '\n') {
        continue;
      }
      normalized[length++] = raw[i];
    }
    digest.update(normalized, 0, length);
    long hash = ByteBuffer.wrap(digest.digest()).getLong();
    return hash == 0 ? 1 : hash;
  }
}
