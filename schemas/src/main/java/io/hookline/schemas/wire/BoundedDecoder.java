package io.hookline.schemas.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder over a byte array that refuses any length or count the remaining bytes cannot
 * hold, before anything is allocated.
 *
 * <p>Avro's own decoder allocates a string or array as large as its length prefix claims (up to
 * 2 GiB) and only then finds that the payload is short, so one hostile record could exhaust the
 * heap. Here a claim larger than what remains ends in an {@link EOFException} at once. It assumes
 * every array item takes at least one byte, which holds for every Hookline contract (no arrays of
 * null or of empty records).
 */
final class BoundedDecoder extends Decoder {
  private final BinaryDecoder in;

  BoundedDecoder(BinaryDecoder in) {
    this.in = in;
  }

  /** True when every byte was consumed. */
  boolean isEnd() throws IOException {
    return in.isEnd();
  }

  private int checkedLength(String what) throws IOException {
    long length = in.readLong();
    int remaining = in.remainingBytes();
    if (length < 0) {
      throw new java.io.IOException("negative " + what + " length " + length);
    }
    if (length > remaining) {
      throw new EOFException(what + " of " + length + " bytes claimed but only " + remaining + " remain");
    }
    return (int) length;
  }

  private long checkedCount(long count, String what) throws IOException {
    int remaining = in.remainingBytes();
    if (count > remaining) {
      throw new EOFException(what + " of " + count + " items claimed but only " + remaining + " bytes remain");
    }
    return count;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = checkedLength("string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    in.readFixed(result.getBytes(), 0, length);
    return result;
  }

  @Override
  public String readString() throws IOException {
    return readString(null).toString();
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(checkedLength("string"));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = checkedLength("bytes");
    ByteBuffer result = old != null && old.capacity() >= length ? old : ByteBuffer.allocate(length);
    result.clear();
    in.readFixed(result.array(), result.arrayOffset(), length);
    result.limit(length);
    return result;
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(checkedLength("bytes"));
  }

  @Override
  public long readArrayStart() throws IOException {
    return checkedCount(in.readArrayStart(), "array block");
  }

  @Override
  public long arrayNext() throws IOException {
    return checkedCount(in.arrayNext(), "array block");
  }

  @Override
  public long readMapStart() throws IOException {
    return checkedCount(in.readMapStart(), "map block");
  }

  @Override
  public long mapNext() throws IOException {
    return checkedCount(in.mapNext(), "map block");
  }

  @Override
  public long skipArray() throws IOException {
    return in.skipArray();
  }

  @Override
  public long skipMap() throws IOException {
    return in.skipMap();
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }

  @Override
  public int remainingBytes() {
    return in.remainingBytes();
  }
}
