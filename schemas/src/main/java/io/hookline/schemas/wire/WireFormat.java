package io.hookline.schemas.wire;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: byte 0 is the magic byte 0, bytes 1-4 the schema id (big-endian),
 * the rest the Avro binary encoding of one datum under that schema.
 */
public final class WireFormat {
  /** The only magic byte defined so far. */
  public static final byte MAGIC_BYTE = 0;
  /** Magic byte plus schema id. */
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /**
   * Reads the schema id of a framed payload.
   *
   * @throws WrongMagicByteException if the first byte is not 0
   * @throws TruncatedPayloadException if the payload is shorter than the header
   */
  public static int schemaId(String topic, byte[] payload) {
    if (payload.length > 0 && payload[0] != MAGIC_BYTE) {
      throw new WrongMagicByteException(topic, payload[0]);
    }
    if (payload.length < HEADER_SIZE) {
      throw new TruncatedPayloadException(
          "record on topic " + topic + " has " + payload.length
              + " byte(s); the Confluent frame header alone needs " + HEADER_SIZE,
          null);
    }
    return ByteBuffer.wrap(payload, 1, 4).getInt();
  }

  /** Writes the frame header for a schema id into the first five bytes of a buffer. */
  static void writeHeader(int schemaId, byte[] into) {
    into[0] = MAGIC_BYTE;
    into[1] = (byte) (schemaId >>> 24);
    into[2] = (byte) (schemaId >>> 16);
    into[3] = (byte) (schemaId >>> 8);
    into[4] = (byte) schemaId;
  }
}
