package io.hookline.gateway.milter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.gateway.check.Action;
import io.hookline.gateway.check.Decision;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The milter listener against clients that hold connections, send garbage or come too many at once. */
class MilterServerTest {
  private static final Decision ACCEPT = new Decision(Action.ACCEPT, 0, 5, List.of(new Decision.Header("X-Spam-Flag", "NO")), Map.of(), "");

  @Test
  void aSilentAGarbageAndAnExtraConnectionHarmNoOneAndAnHonestMtaIsServed() throws Exception {
    try (MilterServer server = MilterServer.start("127.0.0.1", 0, 2, Duration.ofSeconds(1), 1 << 20, (raw, envelope) -> ACCEPT)) {
      Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port()); // holds a slot, says nothing
      try (Socket garbage = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        garbage.getOutputStream().write(noise);
        assertThat(closedByServer(garbage)).as("garbage is dropped").isTrue();
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 1);
      try (Socket second = new Socket(InetAddress.getLoopbackAddress(), server.port());
          Socket extra = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 2);
        assertThat(closedByServer(extra)).as("over the limit: closed at once, the MTA applies its default").isTrue();
        second.close();
      }
      assertThat(closedByServer(silent)).as("idle beyond the timeout: closed").isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);

      try (Socket mta = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        DataOutputStream out = new DataOutputStream(mta.getOutputStream());
        DataInputStream in = new DataInputStream(mta.getInputStream());
        new MilterPacket('O', ByteBuffer.allocate(12).putInt(6).putInt(0x3f).putInt(0).array()).write(out);
        MilterPacket.ofStrings('L', "Subject", "hi").write(out);
        MilterPacket.of('E').write(out);
        out.flush();
        assertThat(MilterPacket.read(in).command()).isEqualTo('O');
        assertThat(MilterPacket.read(in).command()).isEqualTo('c');
        assertThat(MilterPacket.read(in).strings(0)).containsExactly("X-Spam-Flag", "NO");
        assertThat(MilterPacket.read(in).command()).isEqualTo('c');
      }
      assertThat(server.isAlive()).isTrue();
    }
  }

  /** True when the server closes the connection within five seconds. */
  private static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(5_000);
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // whatever the server still sends before it closes
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // reset
    }
  }
}
