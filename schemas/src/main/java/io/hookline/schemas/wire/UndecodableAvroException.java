package io.hookline.schemas.wire;

/**
 * The frame is well formed and its schema known, but the Avro body does not decode into the
 * expected type: corrupt bytes, trailing garbage, or a writer schema the reader cannot resolve.
 */
public final class UndecodableAvroException extends WireFormatException {
  public UndecodableAvroException(String message, Throwable cause) {
    super(message, cause);
  }
}
