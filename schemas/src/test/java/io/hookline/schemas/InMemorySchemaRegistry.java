package io.hookline.schemas;

import io.hookline.schemas.registry.RegisteredSchema;
import io.hookline.schemas.registry.SchemaNotFoundException;
import io.hookline.schemas.registry.SchemaRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A registry in a map, for unit tests of code that needs one but is not about the registry. It
 * enforces no compatibility rules; integration tests use the real embedded registry.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
  private final Map<String, List<RegisteredSchema>> subjects = new HashMap<>();
  private final Map<Integer, Schema> byId = new HashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private int nextId = 1;

  @Override
  public synchronized int register(String subject, Schema schema) {
    Optional<RegisteredSchema> existing = lookup(subject, schema);
    if (existing.isPresent()) {
      return existing.get().id();
    }
    int id = byId.entrySet().stream().filter(e -> e.getValue().equals(schema)).map(Map.Entry::getKey).findFirst().orElse(nextId++);
    List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    versions.add(new RegisteredSchema(subject, versions.size() + 1, id, schema));
    byId.put(id, schema);
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
    lookups.incrementAndGet();
    Schema schema = byId.get(id);
    if (schema == null) {
      throw new SchemaNotFoundException("schema not found: id " + id, 40403);
    }
    return schema;
  }

  @Override
  public synchronized Optional<RegisteredSchema> lookup(String subject, Schema schema) {
    return subjects.getOrDefault(subject, List.of()).stream().filter(r -> r.schema().equals(schema)).findFirst();
  }

  @Override
  public synchronized List<Integer> versions(String subject) {
    return subjects.getOrDefault(subject, List.of()).stream().map(RegisteredSchema::version).toList();
  }

  @Override
  public synchronized RegisteredSchema version(String subject, int version) {
    return subjects.getOrDefault(subject, List.of()).stream()
        .filter(r -> r.version() == version)
        .findFirst()
        .orElseThrow(() -> new SchemaNotFoundException("version not found", 40402));
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<RegisteredSchema> versions = subjects.get(subject);
    if (versions == null) {
      throw new SchemaNotFoundException("subject not found", 40401);
    }
    return versions.get(versions.size() - 1);
  }

  @Override
  public List<String> compatibilityProblems(String subject, Schema schema) {
    return List.of();
  }

  /** How many times a schema was fetched by id: shows whether callers cache. */
  public int lookupsById() {
    return lookups.get();
  }
}
