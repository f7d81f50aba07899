package io.hookline.core.http;

import io.hookline.core.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The shared secret an HTTP action demands as {@code Authorization: Bearer <token>}. Compared in
 * constant time; never printed ({@link #toString} says only whether one is set). Read from an
 * environment variable or a file (the first line), so it stays out of command lines and logs.
 */
public final class BearerToken {
  private static final int MIN_LENGTH = 16;

  private final byte[] secret;

  private BearerToken(String secret) {
    if (secret.length() < MIN_LENGTH) {
      throw new ConfigException("an API token must be at least " + MIN_LENGTH + " characters long");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  public static BearerToken of(String secret) {
    return new BearerToken(secret);
  }

  /** The token from a file (its first line, trimmed) if one is named, else from the variable's value; empty when neither is set. */
  public static Optional<BearerToken> from(Optional<String> file, String variableValue) {
    if (file.isPresent()) {
      try {
        String first = Files.readAllLines(Path.of(file.get()), StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
        return Optional.of(new BearerToken(first));
      } catch (IOException e) {
        throw new ConfigException("cannot read the API token file " + file.get() + ": " + e.getMessage());
      }
    }
    if (variableValue != null && !variableValue.isBlank()) {
      return Optional.of(new BearerToken(variableValue.trim()));
    }
    return Optional.empty();
  }

  /** Whether an {@code Authorization} header carries this token. */
  public boolean admits(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] offered = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(secret, offered); // constant time for equal lengths; lengths differ for most wrong tokens anyway
  }

  @Override
  public String toString() {
    return "BearerToken[set]";
  }
}
