package io.hookline.monitor.stream;

import io.hookline.monitor.window.WindowSketch;
import io.hookline.monitor.window.WindowSketchSerde;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** One partition's sketch of part of a window, on its way to the task that merges the window. */
record Partial(long windowStart, WindowSketch sketch) {

  static final class PartialSerde implements Serde<Partial> {
    @Override
    public Serializer<Partial> serializer() {
      return (topic, partial) -> {
        if (partial == null) {
          return null;
        }
        byte[] sketch = WindowSketchSerde.toBytes(partial.sketch());
        return ByteBuffer.allocate(8 + sketch.length).putLong(partial.windowStart()).put(sketch).array();
      };
    }

    @Override
    public Deserializer<Partial> deserializer() {
      return (topic, data) -> {
        if (data == null) {
          return null;
        }
        if (data.length < 9) {
          throw new SerializationException("partial window sketch of " + data.length + " bytes is truncated");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        long start = buffer.getLong();
        byte[] sketch = new byte[buffer.remaining()];
        buffer.get(sketch);
        return new Partial(start, WindowSketchSerde.fromBytes(sketch));
      };
    }
  }
}
