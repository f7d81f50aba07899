package io.hookline.schemas.wire;

import io.hookline.schemas.registry.SchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Kafka serdes for Hookline's Avro contracts in the Confluent wire format. */
public final class AvroSerdes {
  private AvroSerdes() {}

  /** A serde for a topic's values that registers its schema on first use. */
  public static <T extends SpecificRecord> Serde<T> forValues(Class<T> type, SchemaRegistry registry) {
    return of(type, registry, false, true);
  }

  /**
   * A serde for keys or values.
   *
   * @param autoRegister whether the serializer may register the schema itself
   */
  public static <T extends SpecificRecord> Serde<T> of(
      Class<T> type, SchemaRegistry registry, boolean isKey, boolean autoRegister) {
    return Serdes.serdeFrom(
        new AvroSerializer<>(registry, type, isKey, autoRegister), new AvroDeserializer<>(registry, type));
  }
}
