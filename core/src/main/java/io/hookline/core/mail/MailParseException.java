package io.hookline.core.mail;

/**
 * Bytes that are not a mail message at all. Everything else parses, shortened where limits apply;
 * this is the only way the parser fails, and services send such input to the dead-letter topic
 * with {@link #getMessage()} as the reason (it never contains the content).
 */
public final class MailParseException extends Exception {

  /** Why the input is not mail. */
  public enum Kind {
    /** No bytes, or only whitespace. */
    EMPTY,
    /** Mostly control bytes: a binary file, not text mail. */
    BINARY,
    /** The MIME parser gave up on the structure. */
    MALFORMED
  }

  private final Kind kind;

  public MailParseException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
