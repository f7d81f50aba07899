package io.hookline.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Removes the properties that only Avro's Java code generator reads.
 *
 * <p>With {@code stringType=String} the generated schemas carry {@code "avro.java.string"}. A
 * producer in another language registers the same contract without it, and the registry would see
 * two different schemas (two ids) for one contract. Confluent's Java client strips the same
 * properties before registering.
 */
public final class JavaSchemaProperties {
  private static final Set<String> JAVA_ONLY =
      Set.of("avro.java.string", "java-class", "java-key-class", "java-element-class");
  private static final ObjectMapper JSON = new ObjectMapper();

  private JavaSchemaProperties() {}

  /** The same schema without Java-only properties; returns the argument when it has none. */
  public static Schema strip(Schema schema) {
    String text = schema.toString();
    if (JAVA_ONLY.stream().noneMatch(text::contains)) {
      return schema;
    }
    try {
      JsonNode tree = JSON.readTree(text);
      return new Schema.Parser().parse(JSON.writeValueAsString(stripNode(tree)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("Avro produced schema text that is not JSON", e);
    }
  }

  private static JsonNode stripNode(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(JAVA_ONLY);
      object.forEach(JavaSchemaProperties::stripNode);
    } else if (node instanceof ArrayNode array) {
      array.forEach(JavaSchemaProperties::stripNode);
    }
    return node;
  }
}
