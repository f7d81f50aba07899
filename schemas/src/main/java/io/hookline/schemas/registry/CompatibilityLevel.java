package io.hookline.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Confluent's compatibility levels, with the check each one implies.
 *
 * <p>BACKWARD: consumers using the new schema can read data written with the previous one (the
 * new schema is the reader). FORWARD: consumers of the previous schema can read new data. FULL:
 * both. The TRANSITIVE variants check against every earlier version instead of the latest only.
 */
public enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  private final boolean newReadsOld;
  private final boolean oldReadsNew;
  private final boolean transitive;

  CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
    this.newReadsOld = newReadsOld;
    this.oldReadsNew = oldReadsNew;
    this.transitive = transitive;
  }

  /**
   * Checks a candidate against the versions already registered.
   *
   * @param candidate the schema to register
   * @param existing the registered versions, oldest first
   * @return the problems found; empty when the candidate is compatible
   */
  public List<String> problems(Schema candidate, List<Schema> existing) {
    List<String> problems = new ArrayList<>();
    if (existing.isEmpty() || this == NONE) {
      return problems;
    }
    List<Schema> against = transitive ? existing : List.of(existing.get(existing.size() - 1));
    for (Schema previous : against) {
      if (newReadsOld) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous), "new schema cannot read data written with an earlier one", problems);
      }
      if (oldReadsNew) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate), "an earlier schema cannot read data written with the new one", problems);
      }
    }
    return problems;
  }

  private static void describe(SchemaPairCompatibility result, String direction, List<String> into) {
    for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
      into.add(
          direction
              + ": "
              + incompatibility.getType()
              + " at "
              + incompatibility.getLocation()
              + " ("
              + incompatibility.getMessage()
              + ")");
    }
  }

  /** Parses a level name as the registry's REST API spells it, case-insensitively. */
  public static CompatibilityLevel parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown compatibility level '" + name + "'; expected one of " + List.of(values()), e);
    }
  }
}
