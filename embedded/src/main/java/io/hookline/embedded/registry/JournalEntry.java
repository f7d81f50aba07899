package io.hookline.embedded.registry;

import io.hookline.schemas.registry.CompatibilityLevel;

/** One durable change to the registry: a schema version registered, or a compatibility level set. */
sealed interface JournalEntry {

  /** Version {@code version} of {@code subject} is the schema with global id {@code id}. */
  record SchemaRegistered(String subject, int version, int id, String schema) implements JournalEntry {}

  /** The compatibility level of a subject, or the global one when {@code subject} is null. */
  record LevelSet(String subject, CompatibilityLevel level) implements JournalEntry {}
}
