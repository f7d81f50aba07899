package io.hookline.core.modelstore;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.model.ModelIntegrityException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who published an artifact. A checksum proves that an artifact is the one {@code model.events}
 * names, not who made it: anyone who can write to the store and to the topic could publish a model
 * of their own. With a signing key ({@code model.signing-key-file}, at least 32 bytes, shared by the
 * trainer, the detectors, the monitors and the operators' command line, never logged), the trainer
 * writes an HMAC-SHA256 of the artifact's manifest checksum next to it ({@link #FILE}), and every
 * loader refuses an artifact whose signature is missing or wrong. Without a key nothing is signed
 * or checked, as before.
 */
public final class ArtifactSignature {
  /** The signature's file in an artifact's directory: the HMAC as lower-case hex. */
  public static final String FILE = ModelArtifact.SIGNATURE_FILE;
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_KEY_BYTES = 32;

  private final byte[] key;

  private ArtifactSignature(byte[] key) {
    this.key = key;
  }

  /** Neither signs nor checks. */
  public static ArtifactSignature none() {
    return new ArtifactSignature(null);
  }

  /** The key in {@code model.signing-key-file}, or {@link #none()} when the setting is absent. */
  public static ArtifactSignature from(ConfigSource config) {
    String file = config.get("model.signing-key-file");
    return file == null || file.isBlank() ? none() : fromKeyFile(Path.of(file));
  }

  /** A key from a file: its bytes, trailing whitespace removed (so a key written with echo works). */
  public static ArtifactSignature fromKeyFile(Path file) {
    byte[] key;
    try {
      key = Files.readString(file, StandardCharsets.ISO_8859_1).strip().getBytes(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new ConfigException("model.signing-key-file " + file + " cannot be read: " + e.getMessage());
    }
    if (key.length < MIN_KEY_BYTES) {
      throw new ConfigException("model.signing-key-file " + file + " holds " + key.length + " bytes; a signing key needs at least " + MIN_KEY_BYTES);
    }
    return new ArtifactSignature(key);
  }

  public boolean enabled() {
    return key != null;
  }

  /** Signs the artifact in {@code directory}; does nothing without a key. */
  public void sign(Path directory) throws IOException {
    if (key != null) {
      Files.writeString(directory.resolve(FILE), mac(ModelArtifact.checksum(directory)) + "\n", StandardCharsets.US_ASCII);
    }
  }

  /**
   * Refuses the artifact in {@code directory} unless it carries this key's signature of its
   * manifest; accepts anything without a key.
   *
   * @throws ModelIntegrityException when the signature is missing or does not match
   */
  public void verify(Path directory) throws IOException {
    if (key == null) {
      return;
    }
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new ModelIntegrityException("model at " + directory + " is not signed, and this service only loads signed models");
    }
    byte[] expected = mac(ModelArtifact.checksum(directory)).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = Files.readString(file, StandardCharsets.US_ASCII).strip().getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new ModelIntegrityException("model at " + directory + " carries a signature that does not match: it was not published with this service's signing key");
    }
  }

  private String mac(String manifestChecksum) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return HexFormat.of().formatHex(mac.doFinal(manifestChecksum.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has " + ALGORITHM, e);
    }
  }

  @Override
  public String toString() {
    return key == null ? "ArtifactSignature[none]" : "ArtifactSignature[HMAC-SHA256, key not shown]";
  }
}
