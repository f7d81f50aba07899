package io.hookline.schemas.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema-registry operation failed. Subclasses say how; services route records that fail this
 * way to the dead-letter topic with the message as the reason.
 *
 * <p>It extends Kafka's {@link SerializationException} because serializers and deserializers
 * surface it to Kafka clients.
 */
public class SchemaRegistryException extends SerializationException {
  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** HTTP status of the registry's answer; 0 when no answer came. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent error code of the answer (for example 40403); 0 when there was none. */
  public int errorCode() {
    return errorCode;
  }
}
