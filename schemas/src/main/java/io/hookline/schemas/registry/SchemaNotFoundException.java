package io.hookline.schemas.registry;

/** The registry has no such subject, version or schema id (Confluent codes 40401, 40402, 40403). */
public final class SchemaNotFoundException extends SchemaRegistryException {
  public SchemaNotFoundException(String message, int errorCode) {
    super(message, 404, errorCode, null);
  }
}
