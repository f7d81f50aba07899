package io.hookline.schemas.wire;

/**
 * Caps on what one Avro datum may claim, so that a hostile length prefix cannot make the decoder
 * allocate gigabytes before it discovers the payload is short.
 *
 * <p>Avro reads these limits from system properties once, when its limit checks are first used,
 * so they are set here, before any Hookline deserializer decodes anything. Values an operator set
 * on the command line are kept.
 */
final class AvroDecodingLimits {
  /** Largest string or bytes field accepted: 64 MiB, well above any message the parser keeps. */
  static final int MAX_FIELD_BYTES = 64 * 1024 * 1024;
  /** Largest array or map accepted, in items. */
  static final int MAX_COLLECTION_ITEMS = 1_000_000;

  static {
    setIfAbsent("org.apache.avro.limits.string.maxLength", MAX_FIELD_BYTES);
    setIfAbsent("org.apache.avro.limits.bytes.maxLength", MAX_FIELD_BYTES);
    setIfAbsent("org.apache.avro.limits.collectionItems.maxLength", MAX_COLLECTION_ITEMS);
  }

  private AvroDecodingLimits() {}

  /** Loads this class, which applies the limits; idempotent. */
  static void apply() {
    // the static initializer does the work
  }

  private static void setIfAbsent(String property, int value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, Integer.toString(value));
    }
  }
}
