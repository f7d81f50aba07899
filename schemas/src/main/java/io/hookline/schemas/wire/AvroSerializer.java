package io.hookline.schemas.wire;

import io.hookline.schemas.Contracts;
import io.hookline.schemas.registry.JavaSchemaProperties;
import io.hookline.schemas.registry.SchemaNotFoundException;
import io.hookline.schemas.registry.SchemaRegistry;
import io.hookline.schemas.registry.Subjects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in the Confluent wire format, registering (or looking up) the schema under
 * the topic's subject on first use per topic.
 *
 * <p>Thread-safe: one instance may serve a producer used by several threads.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private final SchemaRegistry registry;
  private final Schema schema;
  private final Schema portableSchema;
  private final boolean isKey;
  private final boolean autoRegister;
  private final SpecificDatumWriter<T> writer;
  private final Map<String, byte[]> headerByTopic = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();

  /**
   * @param autoRegister register the schema when the subject lacks it; when false, a schema not
   *     registered beforehand (by a deployment step) fails serialization
   */
  public AvroSerializer(SchemaRegistry registry, Class<T> type, boolean isKey, boolean autoRegister) {
    this.registry = registry;
    this.schema = Contracts.schemaOf(type);
    this.portableSchema = JavaSchemaProperties.strip(schema);
    this.isKey = isKey;
    this.autoRegister = autoRegister;
    this.writer = new SpecificDatumWriter<>(schema);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    byte[] header = headerByTopic.computeIfAbsent(topic, this::frameHeader);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(header, 0, header.length);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoders.get());
    encoders.set(encoder);
    try {
      writer.write(data, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode " + schema.getName() + " for topic " + topic, e);
    }
    return out.toByteArray();
  }

  private byte[] frameHeader(String topic) {
    String subject = Subjects.forTopic(topic, isKey);
    int id =
        autoRegister
            ? registry.register(subject, portableSchema)
            : registry
                .lookup(subject, portableSchema)
                .orElseThrow(
                    () ->
                        new SchemaNotFoundException(
                            "schema " + schema.getFullName() + " is not registered under subject " + subject
                                + " and auto-registration is off",
                            40403))
                .id();
    byte[] header = new byte[WireFormat.HEADER_SIZE];
    WireFormat.writeHeader(id, header);
    return header;
  }
}
