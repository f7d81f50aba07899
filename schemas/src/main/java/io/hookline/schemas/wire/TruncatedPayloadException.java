package io.hookline.schemas.wire;

/** The payload ends before the frame header or the Avro record does. */
public final class TruncatedPayloadException extends WireFormatException {
  public TruncatedPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
