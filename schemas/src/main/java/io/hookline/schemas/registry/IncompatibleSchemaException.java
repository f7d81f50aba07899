package io.hookline.schemas.registry;

/** The registry refused a schema because it breaks the subject's compatibility level (HTTP 409). */
public final class IncompatibleSchemaException extends SchemaRegistryException {
  public IncompatibleSchemaException(String message) {
    super(message, 409, 409, null);
  }
}
