package io.hookline.schemas.registry;

/**
 * The registry could not be reached, or kept answering with server errors, after the configured
 * number of attempts. The record itself may be fine: callers may retry later.
 */
public final class SchemaRegistryUnavailableException extends SchemaRegistryException {
  public SchemaRegistryUnavailableException(String message, int httpStatus, Throwable cause) {
    super(message, httpStatus, 0, cause);
  }
}
