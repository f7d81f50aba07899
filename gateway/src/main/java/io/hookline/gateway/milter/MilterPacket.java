package io.hookline.gateway.milter;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One packet of the milter protocol (Sendmail's libmilter, spoken by Postfix and Sendmail): a
 * four-byte big-endian length that counts the command byte, the command, then its data; strings
 * in the data end with a NUL.
 *
 * @param command the command or reply letter ({@code 'O'} option negotiation, {@code 'E'} end of
 *     body, {@code 'h'} add header ...)
 */
record MilterPacket(char command, byte[] data) {
  /** Larger than any packet an MTA sends: body chunks are at most 64 KB. */
  static final int MAX_PACKET_BYTES = 1 << 20;

  /**
   * Reads the next packet.
   *
   * @throws EOFException when the MTA closed the connection between packets
   * @throws MilterProtocolException for a length that is not a packet's
   */
  static MilterPacket read(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 1 || length > MAX_PACKET_BYTES) {
      throw new MilterProtocolException("a packet of " + length + " bytes: not the milter protocol, or a hostile client");
    }
    char command = (char) (in.readUnsignedByte());
    byte[] data = in.readNBytes(length - 1);
    if (data.length != length - 1) {
      throw new EOFException("connection closed inside a packet");
    }
    return new MilterPacket(command, data);
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(data.length + 1);
    out.writeByte(command);
    out.write(data);
  }

  static MilterPacket of(char command) {
    return new MilterPacket(command, new byte[0]);
  }

  /** A packet whose data is NUL-terminated strings. */
  static MilterPacket ofStrings(char command, String... strings) {
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    for (String s : strings) {
      data.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      data.write(0);
    }
    return new MilterPacket(command, data.toByteArray());
  }

  /** The NUL-terminated strings in {@code data} from {@code offset}; a missing last NUL ends the last string. */
  List<String> strings(int offset) {
    List<String> strings = new ArrayList<>();
    int start = offset;
    for (int i = offset; i < data.length; i++) {
      if (data[i] == 0) {
        strings.add(new String(data, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < data.length) {
      strings.add(new String(data, start, data.length - start, StandardCharsets.UTF_8));
    }
    return strings;
  }

  int intAt(int offset) {
    if (data.length < offset + 4) {
      throw new MilterProtocolException("command '" + command + "' too short: " + data.length + " bytes");
    }
    return ((data[offset] & 0xff) << 24) | ((data[offset + 1] & 0xff) << 16) | ((data[offset + 2] & 0xff) << 8) | (data[offset + 3] & 0xff);
  }
}
