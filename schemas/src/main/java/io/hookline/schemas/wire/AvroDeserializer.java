package io.hookline.schemas.wire;

import io.hookline.schemas.Contracts;
import io.hookline.schemas.registry.SchemaNotFoundException;
import io.hookline.schemas.registry.SchemaRegistry;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro into a generated record type, resolving the writer's schema (found
 * by the id in the frame) against the type's own schema, as Avro schema evolution prescribes.
 *
 * <p>Every way a payload can be bad ends in a specific {@link WireFormatException}; an
 * unreachable registry ends in {@link
 * io.hookline.schemas.registry.SchemaRegistryUnavailableException}. Null stays null (tombstones).
 * Thread-safe.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private static final long UNKNOWN_ID_RECHECK_NANOS = 10_000_000_000L;
  private static final int MAX_REMEMBERED_UNKNOWN_IDS = 10_000;
  private final SchemaRegistry registry;
  private final Schema readerSchema;
  private final Map<Integer, SpecificDatumReader<T>> readersBySchemaId = new ConcurrentHashMap<>();
  /**
   * Ids the registry did not know, with when it said so: a stream of records with made-up ids
   * must not become one registry request per record. An id is asked again after a while, in case
   * it was registered since.
   */
  private final Map<Integer, Long> unknownIdsSince = new ConcurrentHashMap<>();

  public AvroDeserializer(SchemaRegistry registry, Class<T> type) {
    this.registry = registry;
    this.readerSchema = Contracts.schemaOf(type);
  }

  @Override
  public T deserialize(String topic, byte[] payload) {
    if (payload == null) {
      return null;
    }
    int schemaId = WireFormat.schemaId(topic, payload);
    SpecificDatumReader<T> reader = readersBySchemaId.get(schemaId);
    if (reader == null) {
      reader = readersBySchemaId.computeIfAbsent(schemaId, id -> newReader(topic, id));
    }
    int bodyLength = payload.length - WireFormat.HEADER_SIZE;
    BoundedDecoder decoder =
        new BoundedDecoder(DecoderFactory.get().binaryDecoder(payload, WireFormat.HEADER_SIZE, bodyLength, null));
    T record;
    try {
      record = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new UndecodableAvroException(
            describe(topic, schemaId, payload) + " has trailing bytes after the record", null);
      }
    } catch (EOFException e) {
      throw new TruncatedPayloadException(
          describe(topic, schemaId, payload) + " ends before the record does"
              + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          e);
    } catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException
        | NegativeArraySizeException | IllegalArgumentException | UnsupportedOperationException e) {
      // what corrupt bytes make Avro throw; the message names the cause, never the payload
      throw new UndecodableAvroException(
          describe(topic, schemaId, payload) + " does not decode as " + readerSchema.getName() + ": "
              + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          e);
    }
    return record;
  }

  private SpecificDatumReader<T> newReader(String topic, int schemaId) {
    Long knownUnknownSince = unknownIdsSince.get(schemaId);
    if (knownUnknownSince != null && System.nanoTime() - knownUnknownSince < UNKNOWN_ID_RECHECK_NANOS) {
      throw new UnknownSchemaIdException(topic, schemaId, null);
    }
    Schema writerSchema;
    try {
      writerSchema = registry.schemaById(schemaId);
    } catch (SchemaNotFoundException e) {
      if (unknownIdsSince.size() >= MAX_REMEMBERED_UNKNOWN_IDS) {
        unknownIdsSince.clear();
      }
      unknownIdsSince.put(schemaId, System.nanoTime());
      throw new UnknownSchemaIdException(topic, schemaId, e);
    }
    unknownIdsSince.remove(schemaId);
    return new SpecificDatumReader<>(writerSchema, readerSchema);
  }

  private static String describe(String topic, int schemaId, byte[] payload) {
    return "record on topic " + topic + " (schema id " + schemaId + ", " + payload.length + " bytes)";
  }
}
