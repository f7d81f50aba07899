package io.hookline.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.hookline.avro.Verdict;
import io.hookline.schemas.Contracts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's retry and error mapping, against a scripted HTTP server. Its interplay with a real
 * registry is tested in the embedded module.
 */
class RestSchemaRegistryClientTest {
  private final Deque<int[]> script = new ArrayDeque<>(); // {status, errorCode}
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  private RestSchemaRegistryClient clientForScript() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          int[] next = script.isEmpty() ? new int[] {200, 0} : script.poll();
          String body =
              next[0] == 200
                  ? "{\"schema\": \"\\\"string\\\"\"}"
                  : "{\"error_code\": " + next[1] + ", \"message\": \"scripted failure\"}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(next[0], bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    return new RestSchemaRegistryClient(
        RestSchemaRegistryConfig.of("http://127.0.0.1:" + server.getAddress().getPort()).withRetries(3, Duration.ofMillis(1)));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void retriesServerErrorsThenSucceeds() throws IOException {
    RestSchemaRegistryClient client = clientForScript();
    script.add(new int[] {503, 50003});
    script.add(new int[] {500, 50001});

    assertThat(client.schemaById(7).getType()).hasToString("STRING");
    assertThat(requests).hasValue(3);
  }

  @Test
  void givesUpAfterTheConfiguredAttemptsWithTheLastProblem() throws IOException {
    RestSchemaRegistryClient client = clientForScript();
    for (int i = 0; i < 5; i++) {
      script.add(new int[] {503, 50003});
    }

    assertThatThrownBy(() -> client.schemaById(7))
        .isInstanceOfSatisfying(SchemaRegistryUnavailableException.class, e -> assertThat(e.httpStatus()).isEqualTo(503))
        .hasMessageContaining("after 3 attempt(s)")
        .hasMessageContaining("50003");
    assertThat(requests).hasValue(3);
  }

  @Test
  void doesNotRetryANotFoundAndNamesWhatWasMissing() throws IOException {
    RestSchemaRegistryClient client = clientForScript();
    script.add(new int[] {404, 40403});

    assertThatThrownBy(() -> client.schemaById(7))
        .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40403))
        .hasMessageStartingWith("schema not found");
    assertThat(requests).hasValue(1);
  }

  @Test
  void cachesSchemasById() throws IOException {
    RestSchemaRegistryClient client = clientForScript();
    client.schemaById(7);
    client.schemaById(7);

    assertThat(requests).hasValue(1);
  }

  @Test
  void mapsConflictToIncompatibleSchema() throws IOException {
    RestSchemaRegistryClient client = clientForScript();
    script.add(new int[] {409, 409});

    assertThatThrownBy(() -> client.register("mail.verdicts-value", Contracts.schemaOf(Verdict.class)))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("incompatible");
  }

  @Test
  void reportsAnUnreachableRegistryAsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(RestSchemaRegistryConfig.of("http://127.0.0.1:" + closedPort).withRetries(2, Duration.ofMillis(1)));

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(SchemaRegistryUnavailableException.class, e -> assertThat(e.httpStatus()).isZero())
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining("ConnectException");
  }

  @Test
  void neverPrintsCredentials() {
    RestSchemaRegistryConfig config =
        new RestSchemaRegistryConfig(java.net.URI.create("http://r:8081/"), Duration.ofSeconds(1), 1, Duration.ZERO, "svc:s3cret", null);

    assertThat(config.toString()).doesNotContain("s3cret").contains("****");
    assertThat(config.baseUrl()).hasToString("http://r:8081");
  }

  @Test
  void refusesANonHttpUrl() {
    assertThatThrownBy(() -> RestSchemaRegistryConfig.of("ftp://registry:21"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http or https");
  }
}
