package io.hookline.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/** A schema as registered: its subject, its version within the subject and its global id. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
  public RegisteredSchema {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was " + version);
    }
    if (id < 0) {
      throw new IllegalArgumentException("id must be >= 0, was " + id);
    }
  }
}
