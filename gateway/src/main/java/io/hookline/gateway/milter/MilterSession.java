package io.hookline.gateway.milter;

import io.hookline.avro.Envelope;
import io.hookline.gateway.check.Decision;
import io.hookline.gateway.check.EnvelopeAddress;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One MTA connection speaking the milter protocol, version 6 (Postfix 2.6+, Sendmail 8.14+).
 * Collects the envelope, the header fields and the body of each message on the connection; at the
 * end of the body asks for the decision and answers with the headers to add and the action:
 * continue, reject (550), tempfail (451) or quarantine (Postfix's hold queue).
 *
 * <p>Steps that carry nothing Hookline uses (macros, unknown commands) are answered as the
 * protocol asks and otherwise ignored. A message larger than {@code maxMessageBytes} is checked on
 * its first {@code maxMessageBytes}: the parser reads a truncated message as far as it goes.
 */
final class MilterSession {
  static final int VERSION = 6;
  static final int ADD_HEADERS = 0x01;
  static final int CHANGE_HEADERS = 0x10;
  static final int QUARANTINE = 0x20;

  private final DataInputStream in;
  private final DataOutputStream out;
  private final int maxMessageBytes;
  private final BiFunction<byte[], Envelope, Decision> decide;

  private String clientIp;
  private String helo;
  private String mailFrom;
  private final List<String> recipients = new ArrayList<>();
  /** How often each header Hookline owns occurs in the message, by name in lower case (MTAs match names in any case). */
  private final java.util.Map<String, Integer> ownedHeadersSeen = new java.util.LinkedHashMap<>();
  private final ByteArrayOutputStream message = new ByteArrayOutputStream();
  private boolean inBody;

  /**
   * @param decide the check and the policy: a raw message and its envelope to the decision
   */
  MilterSession(DataInputStream in, DataOutputStream out, int maxMessageBytes, BiFunction<byte[], Envelope, Decision> decide) {
    this.in = in;
    this.out = out;
    this.maxMessageBytes = maxMessageBytes;
    this.decide = decide;
  }

  /** Serves packets until the MTA quits or closes the connection. */
  void serve() throws IOException {
    while (true) {
      MilterPacket packet;
      try {
        packet = MilterPacket.read(in);
      } catch (EOFException e) {
        return;
      }
      switch (packet.command()) {
        case 'O' -> negotiate(packet);
        case 'D' -> { } // macros: no reply
        case 'C' -> {
          connect(packet);
          reply('c');
        }
        case 'H' -> {
          helo = first(packet);
          reply('c');
        }
        case 'M' -> {
          resetMessage();
          mailFrom = EnvelopeAddress.of(first(packet));
          reply('c');
        }
        case 'R' -> {
          String rcpt = EnvelopeAddress.of(first(packet));
          if (rcpt != null) {
            recipients.add(rcpt);
          }
          reply('c');
        }
        case 'L' -> {
          header(packet);
          reply('c');
        }
        case 'N' -> {
          append("\r\n".getBytes(StandardCharsets.US_ASCII));
          inBody = true;
          reply('c');
        }
        case 'B' -> {
          body(packet.data());
          reply('c');
        }
        case 'E' -> {
          body(packet.data());
          endOfMessage();
          resetMessage();
        }
        case 'A' -> resetMessage(); // abort: no reply
        case 'K' -> {
          resetMessage();
          clientIp = null;
          helo = null;
        }
        case 'Q' -> {
          return;
        }
        default -> reply('c'); // 'T' (DATA), 'U' (unknown SMTP command) and later additions
      }
    }
  }

  private void negotiate(MilterPacket packet) throws IOException {
    int mtaVersion = packet.intAt(0);
    int mtaActions = packet.intAt(4);
    if (mtaVersion < 2) {
      throw new MilterProtocolException("milter protocol version " + mtaVersion + " is too old");
    }
    // only what Hookline does; every step is sent and answered (no protocol flags)
    int actions = mtaActions & (ADD_HEADERS | CHANGE_HEADERS | QUARANTINE);
    ByteBuffer data = ByteBuffer.allocate(12).putInt(Math.min(VERSION, mtaVersion)).putInt(actions).putInt(0);
    send(new MilterPacket('O', data.array()));
  }

  private void connect(MilterPacket packet) {
    byte[] data = packet.data();
    int nul = indexOf(data, 0);
    if (nul < 0 || nul + 1 >= data.length) {
      return;
    }
    char family = (char) data[nul + 1];
    if ((family == '4' || family == '6') && data.length > nul + 4) {
      List<String> rest = new MilterPacket('C', java.util.Arrays.copyOfRange(data, nul + 4, data.length)).strings(0);
      clientIp = rest.isEmpty() ? null : rest.get(0);
    }
  }

  private void header(MilterPacket packet) {
    if (inBody) {
      return;
    }
    List<String> fields = packet.strings(0);
    String name = fields.isEmpty() ? "" : fields.get(0);
    String value = fields.size() > 1 ? fields.get(1) : "";
    if (Decision.owns(name)) {
      ownedHeadersSeen.merge(name.strip().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
    }
    // a folded value comes with bare newlines; the message is rebuilt with CRLF as on the wire
    append((name + ": " + value.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  private void body(byte[] chunk) {
    if (!inBody) {
      append("\r\n".getBytes(StandardCharsets.US_ASCII));
      inBody = true;
    }
    append(chunk);
  }

  private void append(byte[] bytes) {
    int room = maxMessageBytes - message.size();
    if (room > 0) {
      message.write(bytes, 0, Math.min(room, bytes.length));
    }
  }

  private void endOfMessage() throws IOException {
    Envelope envelope = new Envelope(mailFrom, List.copyOf(recipients), clientIp, helo);
    Decision decision = decide.apply(message.toByteArray(), envelope);
    // a sender's copies of Hookline's headers go first; the last occurrence first, so the indexes hold
    for (var seen : ownedHeadersSeen.entrySet()) {
      for (int index = seen.getValue(); index >= 1; index--) {
        ByteArrayOutputStream change = new ByteArrayOutputStream();
        change.writeBytes(ByteBuffer.allocate(4).putInt(index).array());
        change.writeBytes(MilterPacket.ofStrings('m', seen.getKey(), "").data());
        send(new MilterPacket('m', change.toByteArray()));
      }
    }
    for (Decision.Header header : decision.headers()) {
      send(MilterPacket.ofStrings('h', header.name(), header.value()));
    }
    switch (decision.action()) {
      case REJECT, TEMPFAIL -> send(MilterPacket.ofStrings('y', decision.smtpReply()));
      case QUARANTINE -> {
        send(MilterPacket.ofStrings('q', "Hookline: phishing"));
        reply('c');
      }
      case ACCEPT, ADD_HEADER -> reply('c');
    }
  }

  private void resetMessage() {
    mailFrom = null;
    recipients.clear();
    message.reset();
    ownedHeadersSeen.clear();
    inBody = false;
  }

  private void reply(char command) throws IOException {
    send(MilterPacket.of(command));
  }

  private void send(MilterPacket packet) throws IOException {
    packet.write(out);
    out.flush();
  }

  private static String first(MilterPacket packet) {
    List<String> strings = packet.strings(0);
    return strings.isEmpty() ? null : strings.get(0);
  }

  private static int indexOf(byte[] data, int value) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
