package io.hookline.gateway.milter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.Envelope;
import io.hookline.gateway.check.Action;
import io.hookline.gateway.check.Decision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The milter conversation as Postfix holds it, packet by packet, against a session with a fixed decision. */
class MilterSessionTest {

  private final List<byte[]> messages = new ArrayList<>();
  private final List<Envelope> envelopes = new ArrayList<>();

  @Test
  void rebuildsTheMessageAndAnswersEveryStepThenAddsHeadersAndRejects() throws IOException {
    Decision reject = new Decision(Action.REJECT, 9.7, 5.0,
        List.of(new Decision.Header("X-Spam-Flag", "YES"), new Decision.Header("X-Hookline-Id", "id-1")), Map.of(), "550 5.7.1 Refused");
    List<MilterPacket> replies = converse(reject, conversation(header("Subject", "Verify your account"),
        header("X-Spam-Flag", "NO"), header("X-Folded", "one\n\ttwo"), header("x-spam-flag", "NO"), body("Click here\r\n"), body("now\r\n")));

    assertThat(replies.get(0).command()).isEqualTo('O');
    assertThat(ByteBuffer.wrap(replies.get(0).data()).getInt(0)).isEqualTo(6);
    assertThat(ByteBuffer.wrap(replies.get(0).data()).getInt(4))
        .isEqualTo(MilterSession.ADD_HEADERS | MilterSession.CHANGE_HEADERS | MilterSession.QUARANTINE);
    // connect, helo, mail, 2 rcpt, 4 headers, eoh, 2 body chunks: each continued
    assertThat(replies.subList(1, 13)).extracting(MilterPacket::command).containsOnly('c');
    // the sender's two X-Spam-Flag headers are removed, the last first, before Hookline's are added
    assertThat(replies.subList(13, 15)).extracting(MilterPacket::command).containsExactly('m', 'm');
    assertThat(replies.get(13).intAt(0)).isEqualTo(2);
    assertThat(replies.get(14).intAt(0)).isEqualTo(1);
    assertThat(replies.get(14).strings(4)).containsExactly("x-spam-flag", "");
    assertThat(replies.subList(15, 17)).extracting(MilterPacket::command).containsExactly('h', 'h');
    assertThat(replies.get(15).strings(0)).containsExactly("X-Spam-Flag", "YES");
    assertThat(replies.get(17).command()).isEqualTo('y');
    assertThat(replies.get(17).strings(0)).containsExactly("550 5.7.1 Refused");
    assertThat(replies).hasSize(18);

    assertThat(new String(messages.get(0), StandardCharsets.UTF_8)).isEqualTo("Subject: Verify your account\r\nX-Spam-Flag: NO\r\n"
        + "X-Folded: one\r\n\ttwo\r\nx-spam-flag: NO\r\n\r\nClick here\r\nnow\r\n");
    assertThat(envelopes.get(0).getMailFrom()).isEqualTo("sender@example.org");
    assertThat(envelopes.get(0).getRcptTo()).containsExactly("a@example.com", "b@example.com");
    assertThat(envelopes.get(0).getClientIp()).isEqualTo("192.0.2.7");
    assertThat(envelopes.get(0).getHelo()).isEqualTo("mx.example.org");
  }

  @Test
  void quarantinesWithAReasonAndContinues() throws IOException {
    Decision hold = new Decision(Action.QUARANTINE, 9.7, 5.0, List.of(), Map.of(), "");
    List<MilterPacket> replies = converse(hold, conversation(header("Subject", "x"), body("y\r\n")));

    assertThat(replies.subList(replies.size() - 2, replies.size())).extracting(MilterPacket::command).containsExactly('q', 'c');
  }

  @Test
  void twoMessagesOnOneConnectionAreCheckedApartAndAnAbortForgetsTheFirst() throws IOException {
    Decision accept = new Decision(Action.ACCEPT, 0.1, 5.0, List.of(), Map.of(), "");
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(wire);
    negotiate().write(out);
    MilterPacket.ofStrings('M', "<first@example.org>").write(out);
    header("Subject", "aborted").write(out);
    MilterPacket.of('A').write(out);
    MilterPacket.ofStrings('M', "<>").write(out);
    MilterPacket.ofStrings('R', "<c@example.com>").write(out);
    header("Subject", "second").write(out);
    MilterPacket.of('N').write(out);
    new MilterPacket('E', "body\r\n".getBytes(StandardCharsets.US_ASCII)).write(out);
    MilterPacket.of('Q').write(out);

    run(accept, wire.toByteArray());

    assertThat(messages).hasSize(1);
    assertThat(new String(messages.get(0), StandardCharsets.UTF_8)).isEqualTo("Subject: second\r\n\r\nbody\r\n");
    assertThat(envelopes.get(0).getMailFrom()).as("the null sender").isNull();
  }

  @Test
  void aMessageOverTheLimitIsCheckedOnItsFirstBytes() throws IOException {
    Decision accept = new Decision(Action.ACCEPT, 0.1, 5.0, List.of(), Map.of(), "");
    byte[] chunk = new byte[60_000];
    java.util.Arrays.fill(chunk, (byte) 'a');
    List<MilterPacket> body = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      body.add(new MilterPacket('B', chunk));
    }
    body.add(0, header("Subject", "big"));
    converse(accept, conversation(body.toArray(MilterPacket[]::new)), 100_000);

    assertThat(messages.get(0)).hasSize(100_000);
  }

  @Test
  void refusesAPacketLengthNoMtaSendsAndSurvivesRandomBytesWithAClearError() {
    byte[] huge = ByteBuffer.allocate(5).putInt(64 << 20).put((byte) 'B').array();
    assertThatThrownBy(() -> run(null, huge)).isInstanceOf(MilterProtocolException.class).hasMessageContaining("bytes");

    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      byte[] noise = new byte[random.nextInt(64)];
      random.nextBytes(noise);
      try {
        run(new Decision(Action.ACCEPT, 0, 0, List.of(), Map.of(), ""), noise);
      } catch (MilterProtocolException | IOException expected) {
        // a clear refusal or the end of the stream: nothing else may escape
      }
    }
  }

  private List<MilterPacket> converse(Decision decision, byte[] wire) throws IOException {
    return converse(decision, wire, 1 << 20);
  }

  private List<MilterPacket> converse(Decision decision, byte[] wire, int maxMessageBytes) throws IOException {
    ByteArrayOutputStream answers = new ByteArrayOutputStream();
    new MilterSession(new DataInputStream(new ByteArrayInputStream(wire)), new DataOutputStream(answers), maxMessageBytes,
        (raw, envelope) -> {
          messages.add(raw);
          envelopes.add(envelope);
          return decision;
        }).serve();
    List<MilterPacket> replies = new ArrayList<>();
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(answers.toByteArray()));
    while (in.available() > 0) {
      replies.add(MilterPacket.read(in));
    }
    return replies;
  }

  private void run(Decision decision, byte[] wire) throws IOException {
    converse(decision, wire);
  }

  /** Postfix's order: negotiate, connect, helo, mail, rcpt..., headers, end of headers, body chunks, end of body, quit. */
  private static byte[] conversation(MilterPacket... headersAndBody) throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(wire);
    negotiate().write(out);
    MilterPacket.ofStrings('D', "C", "j", "mx.local").write(out);
    ByteArrayOutputStream connect = new ByteArrayOutputStream();
    connect.writeBytes("client.example.org\0".getBytes(StandardCharsets.US_ASCII));
    connect.write('4');
    connect.write(0x30);
    connect.write(0x39);
    connect.writeBytes("192.0.2.7\0".getBytes(StandardCharsets.US_ASCII));
    new MilterPacket('C', connect.toByteArray()).write(out);
    MilterPacket.ofStrings('H', "mx.example.org").write(out);
    MilterPacket.ofStrings('M', "<sender@example.org>", "SIZE=100").write(out);
    MilterPacket.ofStrings('R', "<a@example.com>").write(out);
    MilterPacket.ofStrings('R', "<b@example.com>").write(out);
    boolean bodyStarted = false;
    for (MilterPacket packet : headersAndBody) {
      if (packet.command() == 'B' && !bodyStarted) {
        MilterPacket.of('N').write(out);
        bodyStarted = true;
      }
      packet.write(out);
    }
    MilterPacket.of('E').write(out);
    MilterPacket.of('Q').write(out);
    return wire.toByteArray();
  }

  private static MilterPacket negotiate() {
    return new MilterPacket('O', ByteBuffer.allocate(12).putInt(6).putInt(0x1ff).putInt(0x1fffff).array());
  }

  private static MilterPacket header(String name, String value) {
    return MilterPacket.ofStrings('L', name, value);
  }

  private static MilterPacket body(String text) {
    return new MilterPacket('B', text.getBytes(StandardCharsets.UTF_8));
  }
}
