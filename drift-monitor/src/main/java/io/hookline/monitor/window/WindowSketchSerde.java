package io.hookline.monitor.window;

import io.hookline.monitor.labelling.LabelCandidate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of a {@link WindowSketch} for the monitor's internal topics and state stores: a
 * format version, the sums and counts, each quantile sketch in DataSketches' own portable format,
 * and a CRC-32 of it all.
 */
public final class WindowSketchSerde implements Serde<WindowSketch> {
  private static final int FORMAT = 4;

  public static byte[] toBytes(WindowSketch s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(s.events);
      out.writeLong(s.firstReceived);
      out.writeLong(s.lastReceived);
      out.writeByte(s.tokenSampleBits);
      writeSketches(out, s.signals);
      writeBytes(out, s.scores.toByteArray());
      writeSketches(out, s.shap);
      out.writeInt(s.topTokens.size());
      for (var entry : s.topTokens.entrySet()) {
        out.writeLong(entry.getKey());
        out.writeLong(entry.getValue());
      }
      for (long v : new long[] {s.tokensSeen, s.tokensUnknown, s.positives, s.tp, s.fp, s.fn, s.tn}) {
        out.writeLong(v);
      }
      for (double v : new double[] {s.scoreSum, s.expectedTp, s.expectedFp, s.expectedFn}) {
        out.writeDouble(v);
      }
      writeDoubles(out, s.absAttribution);
      writeDoubles(out, s.familyAttribution);
      out.writeShort(s.sampleIds.size());
      for (String id : s.sampleIds) {
        out.writeUTF(id.length() > 200 ? id.substring(0, 200) : id);
      }
      out.writeShort(s.batches.size());
      for (double[] batch : s.batches) {
        writeDoubles(out, batch);
      }
      out.writeShort(s.candidates.size());
      for (LabelCandidate c : s.candidates) {
        writeCandidate(out, c);
      }
      out.writeDouble(s.expectedTpVariance);
      out.writeDouble(s.expectedFnVariance);
      out.writeShort(s.sampled.size());
      for (var entry : s.sampled.entrySet()) {
        out.writeLong(entry.getKey());
        out.writeShort(entry.getValue().length);
        for (float v : entry.getValue()) {
          out.writeFloat(v);
        }
      }
      out.writeShort(s.drawnCandidates.size());
      for (var entry : s.drawnCandidates.entrySet()) {
        out.writeLong(entry.getKey());
        writeCandidate(out, entry.getValue());
      }
      out.writeLong(s.embedded);
      writeDoubles(out, s.embeddingSum);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] body = bytes.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(body);
    return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
  }

  public static WindowSketch fromBytes(byte[] data) {
    // the checksum first: DataSketches trusts its input, and a corrupt sketch could decode into nonsense
    if (data.length < 5) {
      throw new SerializationException("window sketch of " + data.length + " bytes is truncated");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(data, data.length - 4, 4).getInt()) {
      throw new SerializationException("window sketch of " + data.length + " bytes fails its checksum");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 4))) {
      int format = in.readByte();
      if (format < 1 || format > FORMAT) {
        throw new SerializationException("window sketch format " + format + " is not known to this build");
      }
      long events = in.readLong();
      long first = in.readLong();
      long last = in.readLong();
      int sampleBits = in.readByte();
      KllDoublesSketch[] signals = WindowSketch.withEverySignal(readSketches(in));
      KllDoublesSketch scores = KllDoublesSketch.heapify(Memory.wrap(readBytes(in)));
      KllDoublesSketch[] shap = readSketches(in);
      int topCount = in.readInt();
      if (topCount < 0 || topCount * 16L > in.available()) {
        throw new IOException(topCount + " top tokens claimed, " + in.available() + " bytes left");
      }
      java.util.Map<Long, Long> tokens = new java.util.HashMap<>();
      for (int i = 0; i < topCount; i++) {
        tokens.put(in.readLong(), in.readLong());
      }
      long[] counts = new long[7];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = in.readLong();
      }
      double[] sums = new double[4];
      for (int i = 0; i < sums.length; i++) {
        sums[i] = in.readDouble();
      }
      double[] abs = readDoubles(in);
      double[] family = readDoubles(in);
      List<String> ids = new ArrayList<>();
      for (int n = in.readShort(), i = 0; i < n; i++) {
        ids.add(in.readUTF());
      }
      List<double[]> batches = new ArrayList<>();
      for (int n = in.readShort(), i = 0; i < n; i++) {
        batches.add(readDoubles(in));
      }
      WindowSketch s = new WindowSketch(signals, scores, shap, tokens, abs, family, ids, batches);
      if (format >= 2) {
        int n = in.readShort();
        if (n < 0 || n > LabelCandidate.KEPT) {
          throw new IOException(n + " label candidates claimed, at most " + LabelCandidate.KEPT + " kept");
        }
        for (int i = 0; i < n; i++) {
          s.candidates.add(readCandidate(in));
        }
      }
      if (format >= 3) {
        s.expectedTpVariance = in.readDouble();
        s.expectedFnVariance = in.readDouble();
        int n = in.readShort();
        if (n < 0 || n > WindowSketch.SAMPLED_MESSAGES) {
          throw new IOException(n + " sampled messages claimed, at most " + WindowSketch.SAMPLED_MESSAGES + " kept");
        }
        for (int i = 0; i < n; i++) {
          long priority = in.readLong();
          float[] row = new float[in.readShort()];
          for (int j = 0; j < row.length; j++) {
            row[j] = in.readFloat();
          }
          s.sampled.put(priority, row);
        }
        int drawn = in.readShort();
        if (drawn < 0 || drawn > LabelCandidate.KEPT) {
          throw new IOException(drawn + " drawn label candidates claimed, at most " + LabelCandidate.KEPT + " kept");
        }
        for (int i = 0; i < drawn; i++) {
          s.drawnCandidates.put(in.readLong(), readCandidate(in));
        }
      }
      if (format >= 4) {
        s.embedded = in.readLong();
        double[] sum = readDoubles(in);
        if (sum.length != s.embeddingSum.length || s.embedded < 0) {
          throw new IOException("embedding sums of " + sum.length + " dimensions over " + s.embedded + " messages, not " + s.embeddingSum.length);
        }
        System.arraycopy(sum, 0, s.embeddingSum, 0, sum.length);
      }
      s.events = events;
      s.firstReceived = first;
      s.lastReceived = last;
      s.tokenSampleBits = sampleBits;
      s.tokensSeen = counts[0];
      s.tokensUnknown = counts[1];
      s.positives = counts[2];
      s.tp = counts[3];
      s.fp = counts[4];
      s.fn = counts[5];
      s.tn = counts[6];
      s.scoreSum = sums[0];
      s.expectedTp = sums[1];
      s.expectedFp = sums[2];
      s.expectedFn = sums[3];
      return s;
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("undecodable window sketch: " + e.getMessage(), e);
    }
  }

  private static void writeCandidate(DataOutputStream out, LabelCandidate c) throws IOException {
    out.writeUTF(c.messageId()); // whole: the answer to a label request must find its message
    out.writeLong(c.receivedAt());
    out.writeDouble(c.score());
    out.writeBoolean(c.predictedPhishing());
    out.writeDouble(c.novelty());
    out.writeDouble(c.utility());
  }

  private static LabelCandidate readCandidate(DataInputStream in) throws IOException {
    return new LabelCandidate(in.readUTF(), in.readLong(), in.readDouble(), in.readBoolean(), in.readDouble(), in.readDouble());
  }

  private static void writeSketches(DataOutputStream out, KllDoublesSketch[] sketches) throws IOException {
    out.writeShort(sketches.length);
    for (KllDoublesSketch sketch : sketches) {
      writeBytes(out, sketch.toByteArray());
    }
  }

  private static KllDoublesSketch[] readSketches(DataInputStream in) throws IOException {
    KllDoublesSketch[] sketches = new KllDoublesSketch[in.readShort()];
    for (int i = 0; i < sketches.length; i++) {
      sketches[i] = KllDoublesSketch.heapify(Memory.wrap(readBytes(in)));
    }
    return sketches;
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("sketch of " + length + " bytes claimed, " + in.available() + " left");
    }
    return in.readNBytes(length);
  }

  private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
    out.writeShort(values.length);
    for (double v : values) {
      out.writeDouble(v);
    }
  }

  private static double[] readDoubles(DataInputStream in) throws IOException {
    double[] values = new double[in.readShort()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readDouble();
    }
    return values;
  }

  @Override
  public Serializer<WindowSketch> serializer() {
    return (topic, sketch) -> sketch == null ? null : toBytes(sketch);
  }

  @Override
  public Deserializer<WindowSketch> deserializer() {
    return (topic, data) -> data == null ? null : fromBytes(data);
  }
}
