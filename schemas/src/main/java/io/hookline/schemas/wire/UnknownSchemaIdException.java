package io.hookline.schemas.wire;

/** The frame names a schema id that the registry does not know. */
public final class UnknownSchemaIdException extends WireFormatException {
  private final int schemaId;

  public UnknownSchemaIdException(String topic, int schemaId, Throwable cause) {
    super("record on topic " + topic + " names schema id " + schemaId + ", which the schema registry does not know", cause);
    this.schemaId = schemaId;
  }

  /** The id the frame named. */
  public int schemaId() {
    return schemaId;
  }
}
