package io.hookline.schemas.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API that Hookline uses.
 *
 * <p>Services depend on this interface only; whether the server behind it is Confluent's or
 * Hookline's embedded one is invisible to them. Subjects follow TopicNameStrategy ({@link
 * Subjects}).
 *
 * <p>Every method throws a subclass of {@link SchemaRegistryException}: {@link
 * SchemaNotFoundException}, {@link IncompatibleSchemaException}, {@link InvalidSchemaException} or
 * {@link SchemaRegistryUnavailableException}.
 */
public interface SchemaRegistry {

  /** Registers a schema under a subject (idempotent) and returns its global id. */
  int register(String subject, Schema schema);

  /** The schema with a global id. */
  Schema schemaById(int id);

  /** The registration of an identical schema under the subject, if there is one. */
  Optional<RegisteredSchema> lookup(String subject, Schema schema);

  /** The versions registered under a subject, oldest first. */
  List<Integer> versions(String subject);

  /** One version of a subject. */
  RegisteredSchema version(String subject, int version);

  /** The newest version of a subject. */
  RegisteredSchema latest(String subject);

  /**
   * Whether the schema could be registered under the subject now, under the subject's
   * compatibility level. An empty list means compatible; otherwise the reasons it is not.
   */
  List<String> compatibilityProblems(String subject, Schema schema);
}
