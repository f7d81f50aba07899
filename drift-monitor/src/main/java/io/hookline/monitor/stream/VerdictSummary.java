package io.hookline.monitor.stream;

import io.hookline.avro.Label;
import io.hookline.avro.ModelRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the label join keeps of a scored message while it waits for feedback: the verdict and
 * where it belongs, a few dozen bytes instead of the whole inference record, so waiting an hour
 * for labels costs little.
 */
record VerdictSummary(String model, String version, long receivedAtMillis, Label predicted) {

  ModelRef modelRef() {
    return new ModelRef(model, version);
  }

  static final class SummarySerde implements Serde<VerdictSummary> {
    @Override
    public Serializer<VerdictSummary> serializer() {
      return (topic, v) -> {
        if (v == null) {
          return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
          out.writeUTF(v.model());
          out.writeUTF(v.version());
          out.writeLong(v.receivedAtMillis());
          out.writeByte(v.predicted().ordinal());
        } catch (IOException e) {
          throw new SerializationException(e);
        }
        return bytes.toByteArray();
      };
    }

    @Override
    public Deserializer<VerdictSummary> deserializer() {
      return (topic, data) -> {
        if (data == null) {
          return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
          String model = in.readUTF();
          String version = in.readUTF();
          long received = in.readLong();
          int label = in.readByte();
          Label[] labels = Label.values();
          return new VerdictSummary(model, version, received, label >= 0 && label < labels.length ? labels[label] : Label.UNKNOWN);
        } catch (IOException e) {
          throw new SerializationException("undecodable verdict summary", e);
        }
      };
    }
  }
}
