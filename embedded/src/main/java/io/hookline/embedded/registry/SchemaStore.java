package io.hookline.embedded.registry;

import io.hookline.schemas.registry.CompatibilityLevel;
import io.hookline.schemas.registry.RegisteredSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The registry's state and rules: subjects with their versions, global schema ids, and the
 * compatibility level that every new version must satisfy.
 *
 * <p>Writes go to the journal first and change the state only once they are durable. Ids are
 * global: the same schema under two subjects has one id, as in Confluent's registry. One instance
 * is the only writer of its journal.
 */
final class SchemaStore {
  private final SchemaJournal journal;
  private final Map<String, List<RegisteredSchema>> subjects = new TreeMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<Schema, Integer> idsBySchema = new HashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel;
  private int maxId;

  SchemaStore(SchemaJournal journal, CompatibilityLevel defaultLevel) {
    this.journal = journal;
    this.globalLevel = defaultLevel;
    journal.replay(this::apply);
  }

  synchronized RegisteredSchema register(String subject, String schemaText) {
    Schema schema = parse(schemaText);
    Optional<RegisteredSchema> existing = find(subject, schema);
    if (existing.isPresent()) {
      return existing.get();
    }
    List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
    List<String> problems = level(subject).problems(schema, schemasOf(versions));
    if (!problems.isEmpty()) {
      throw new RegistryError(
          409, 409, "Schema being registered is incompatible with an earlier schema for subject \"" + subject
              + "\" under " + level(subject) + ": " + String.join("; ", problems));
    }
    int id = idsBySchema.getOrDefault(schema, maxId + 1);
    int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    JournalEntry.SchemaRegistered entry = new JournalEntry.SchemaRegistered(subject, version, id, schema.toString());
    journal.append(entry);
    apply(entry);
    return new RegisteredSchema(subject, version, id, schema);
  }

  synchronized RegisteredSchema lookup(String subject, String schemaText) {
    Schema schema = parse(schemaText);
    requireSubject(subject);
    return find(subject, schema)
        .orElseThrow(() -> RegistryError.notFound(RegistryError.SCHEMA_NOT_FOUND, "Schema not found under subject " + subject));
  }

  synchronized Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw RegistryError.notFound(RegistryError.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }
    return schema;
  }

  synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  synchronized List<Integer> versions(String subject) {
    return requireSubject(subject).stream().map(RegisteredSchema::version).toList();
  }

  /** A version by number, or the newest for {@code "latest"} and {@code "-1"}. */
  synchronized RegisteredSchema version(String subject, String version) {
    List<RegisteredSchema> versions = requireSubject(subject);
    if ("latest".equals(version) || "-1".equals(version)) {
      return versions.get(versions.size() - 1);
    }
    int wanted = parseVersion(version);
    return versions.stream()
        .filter(v -> v.version() == wanted)
        .findFirst()
        .orElseThrow(() -> RegistryError.notFound(RegistryError.VERSION_NOT_FOUND, "Version " + wanted + " not found"));
  }

  /**
   * Problems with registering the schema, checked against one version (as the subject's level
   * prescribes in direction) or, when {@code version} is null, against all versions the level
   * covers.
   */
  synchronized List<String> compatibilityProblems(String subject, String version, String schemaText) {
    Schema schema = parse(schemaText);
    CompatibilityLevel level = level(subject);
    if (version == null) {
      return level.problems(schema, schemasOf(subjects.getOrDefault(subject, List.of())));
    }
    return level.problems(schema, List.of(version(subject, version).schema()));
  }

  synchronized CompatibilityLevel globalLevel() {
    return globalLevel;
  }

  synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  synchronized CompatibilityLevel level(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  /** Sets a subject's level, or the global level when {@code subject} is null. */
  synchronized void setLevel(String subject, CompatibilityLevel level) {
    JournalEntry.LevelSet entry = new JournalEntry.LevelSet(subject, level);
    journal.append(entry);
    apply(entry);
  }

  private void apply(JournalEntry entry) {
    if (entry instanceof JournalEntry.SchemaRegistered s) {
      Schema schema = new Schema.Parser().parse(s.schema());
      subjects.computeIfAbsent(s.subject(), k -> new ArrayList<>()).add(new RegisteredSchema(s.subject(), s.version(), s.id(), schema));
      schemasById.putIfAbsent(s.id(), schema);
      idsBySchema.putIfAbsent(schema, s.id());
      maxId = Math.max(maxId, s.id());
    } else if (entry instanceof JournalEntry.LevelSet l) {
      if (l.subject() == null) {
        globalLevel = l.level();
      } else {
        subjectLevels.put(l.subject(), l.level());
      }
    }
  }

  private Optional<RegisteredSchema> find(String subject, Schema schema) {
    return subjects.getOrDefault(subject, List.of()).stream().filter(v -> v.schema().equals(schema)).findFirst();
  }

  private List<RegisteredSchema> requireSubject(String subject) {
    List<RegisteredSchema> versions = subjects.get(subject);
    if (versions == null) {
      throw RegistryError.notFound(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }
    return versions;
  }

  private static List<Schema> schemasOf(List<RegisteredSchema> versions) {
    return versions.stream().map(RegisteredSchema::schema).toList();
  }

  private static int parseVersion(String version) {
    try {
      int parsed = Integer.parseInt(version);
      if (parsed < 1) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw RegistryError.unprocessable(
          RegistryError.INVALID_VERSION,
          "The specified version '" + version + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }
  }

  private static Schema parse(String schemaText) {
    if (schemaText == null || schemaText.isBlank()) {
      throw RegistryError.unprocessable(RegistryError.INVALID_SCHEMA, "Empty schema");
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
      throw RegistryError.unprocessable(RegistryError.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
    }
  }
}
