package io.hookline.core.mail;

import io.hookline.core.config.ConfigSource;

/**
 * How much of a message the parser reads. A message over a limit is kept, shortened, and says so
 * in its {@code truncations}; it is never refused for its size.
 *
 * @param maxMessageBytes raw bytes read; the rest is dropped (an {@code EmailMessage} must stay
 *     well under Kafka's 1 MB record limit anyway)
 * @param maxParts MIME parts whose content is read; later parts are skipped
 * @param maxDepth nesting of multiparts and embedded messages followed
 * @param maxHeaderBytes header bytes read per entity; further fields are ignored
 * @param maxLineLength bytes kept of one line; longer lines are cut (RFC 5322 allows 998)
 * @param maxBodyChars characters kept of the text body, of the HTML body and of its visible text
 * @param maxLinks links kept
 * @param maxRecordBytes the largest {@code EmailMessage} record the parser returns, in encoded
 *     bytes; over it, the raw HTML, the text bodies, links and long header lists are cut, in that
 *     order (see {@link RecordBudget}), so that any message fits under Kafka's 1 MB record limit
 */
public record MailLimits(
    int maxMessageBytes, int maxParts, int maxDepth, int maxHeaderBytes, int maxLineLength, int maxBodyChars, int maxLinks,
    int maxRecordBytes) {

  public static final MailLimits DEFAULTS = new MailLimits(16 << 20, 256, 16, 256 << 10, 64 << 10, 100_000, 500, 768 << 10);

  public MailLimits {
    positive("maxMessageBytes", maxMessageBytes);
    positive("maxParts", maxParts);
    positive("maxDepth", maxDepth);
    positive("maxHeaderBytes", maxHeaderBytes);
    positive("maxBodyChars", maxBodyChars);
    positive("maxLinks", maxLinks);
    if (maxRecordBytes < 16 << 10) {
      throw new IllegalArgumentException("maxRecordBytes must be at least 16384, was " + maxRecordBytes);
    }
    if (maxLineLength < 998) {
      throw new IllegalArgumentException("maxLineLength must be at least 998 (RFC 5322), was " + maxLineLength);
    }
  }

  /** Limits from {@code mail.limit.*} settings, with {@link #DEFAULTS} for the rest. */
  public static MailLimits from(ConfigSource config) {
    return new MailLimits(
        config.integer("mail.limit.message-bytes", DEFAULTS.maxMessageBytes),
        config.integer("mail.limit.parts", DEFAULTS.maxParts),
        config.integer("mail.limit.depth", DEFAULTS.maxDepth),
        config.integer("mail.limit.header-bytes", DEFAULTS.maxHeaderBytes),
        config.integer("mail.limit.line-length", DEFAULTS.maxLineLength),
        config.integer("mail.limit.body-chars", DEFAULTS.maxBodyChars),
        config.integer("mail.limit.links", DEFAULTS.maxLinks),
        config.integer("mail.limit.record-bytes", DEFAULTS.maxRecordBytes));
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
