package io.hookline.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro records as the plain JSON an HTTP API serves: a union's value as itself (Avro's own JSON
 * encoding wraps it, {@code {"double": 0.93}}), times as ISO-8601, enums by name, bytes in
 * base64, field names as the schema spells them.
 */
public final class PlainJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PlainJson() {}

  /** One record as a JSON object. */
  public static ObjectNode of(IndexedRecord record) {
    ObjectNode node = NODES.objectNode();
    for (Schema.Field field : record.getSchema().getFields()) {
      node.set(field.name(), value(record.get(field.pos())));
    }
    return node;
  }

  /** Any value a record field holds. */
  public static JsonNode value(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof IndexedRecord record) {
      return of(record);
    }
    if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?> || value instanceof Enum<?>) {
      return NODES.textNode(value.toString());
    }
    if (value instanceof Instant || value instanceof LocalDate) {
      return NODES.textNode(value.toString());
    }
    if (value instanceof Double d) {
      return Double.isFinite(d) ? NODES.numberNode(d) : NODES.nullNode(); // JSON has no NaN
    }
    if (value instanceof Float f) {
      return Float.isFinite(f) ? NODES.numberNode(f) : NODES.nullNode();
    }
    if (value instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof ByteBuffer bytes) {
      ByteBuffer copy = bytes.duplicate();
      byte[] raw = new byte[copy.remaining()];
      copy.get(raw);
      return NODES.textNode(Base64.getEncoder().encodeToString(raw));
    }
    if (value instanceof List<?> list) {
      ArrayNode array = NODES.arrayNode();
      list.forEach(item -> array.add(value(item)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((key, item) -> object.set(key.toString(), value(item)));
      return object;
    }
    return NODES.textNode(value.toString());
  }
}
