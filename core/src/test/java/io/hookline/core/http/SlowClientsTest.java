package io.hookline.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A service's HTTP side against clients that hold connections: half-sent requests (slow-loris),
 * a body that never arrives, hundreds of idle connections, oversized headers. Health must answer
 * promptly all the while.
 */
class SlowClientsTest {

  @Test
  void halfSentRequestsAndIdleConnectionsDoNotDelayHealth() throws Exception {
    try (ServiceHttp http = new ServiceHttp(0, () -> "", () -> true, () -> true).action("/retrain", request -> ServiceHttp.Page.text(202, "queued"))) {
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 20; i++) { // slow-loris: request line and some headers, never the blank line
          held.add(partial(http.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
        }
        for (int i = 0; i < 5; i++) { // a POST whose promised body never comes
          held.add(partial(http.port(), "POST /retrain HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n{\"reason\":"));
        }
        for (int i = 0; i < 200; i++) { // connections that say nothing at all
          held.add(partial(http.port(), ""));
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/healthz"))
              .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
          HttpResponse<String> response = answer.get(3, TimeUnit.SECONDS);
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.body()).isEqualTo("ok\n");
        }
      } finally {
        for (Socket socket : held) {
          socket.close();
        }
      }
    }
  }

  @Test
  void oversizedHeadersAreRefusedAndSilentConnectionsAreClosed() throws Exception {
    try (ServiceHttp http = new ServiceHttp(0, () -> "", () -> true, () -> true)) {
      try (Socket socket = partial(http.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n")) {
        String status = firstLine(socket.getInputStream());
        assertThat(status).startsWith("HTTP/1.1 431");
      }
      try (Socket silent = partial(http.port(), "GET /healthz HTTP/1.1\r\n")) {
        silent.setSoTimeout(30_000);
        long start = System.nanoTime();
        int read = silent.getInputStream().read(); // the server gives up on the idle connection
        long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(read == -1 || firstLine(silent.getInputStream()) != null).isTrue();
        assertThat(waited).isLessThan(25);
      }
    }
  }

  private static Socket partial(int port, String text) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private static String firstLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString().trim();
  }
}
