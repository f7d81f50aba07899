package io.hookline.schemas.registry;

/** The registry refused a request as malformed: an invalid schema, level or version (HTTP 422). */
public final class InvalidSchemaException extends SchemaRegistryException {
  public InvalidSchemaException(String message, int errorCode) {
    super(message, 422, errorCode, null);
  }
}
