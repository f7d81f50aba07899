package io.hookline.core.topics;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** A topic travels with the serdes of its keys and values, so no caller can pair them wrongly. */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
  }
}
