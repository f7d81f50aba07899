package io.hookline.schemas.wire;

/** The first byte is not 0, so the payload is not in the Confluent wire format at all. */
public final class WrongMagicByteException extends WireFormatException {
  private final int magicByte;

  public WrongMagicByteException(String topic, int magicByte) {
    super(
        String.format(
            "record on topic %s starts with byte 0x%02x, not the Confluent magic byte 0x00: not a schema-registry-framed record",
            topic, magicByte & 0xff),
        null);
    this.magicByte = magicByte & 0xff;
  }

  /** The byte found where 0 was expected. */
  public int magicByte() {
    return magicByte;
  }
}
