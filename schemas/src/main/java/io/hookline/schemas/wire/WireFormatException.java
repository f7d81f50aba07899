package io.hookline.schemas.wire;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a valid Confluent-framed Avro record for the expected type. Each subclass
 * names one way a payload can be bad, so services can count and route them; the message says
 * exactly what was wrong, and never contains the payload itself.
 */
public abstract sealed class WireFormatException extends SerializationException
    permits WrongMagicByteException,
        TruncatedPayloadException,
        UnknownSchemaIdException,
        UndecodableAvroException {

  protected WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
