package io.hookline.embedded.registry;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import io.hookline.schemas.http.HttpServers;
import io.hookline.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process schema registry that speaks the Confluent REST API (the subset Hookline and
 * common clients use) and keeps its schemas in a compacted Kafka topic, so ids survive restarts.
 *
 * <p>For the embedded mode and the tests. Production runs Confluent's registry; the services
 * cannot tell the difference because they only use {@link
 * io.hookline.schemas.registry.SchemaRegistry}. One instance per journal topic: it is the only
 * writer.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

  /** Confluent's default journal topic name. */
  public static final String DEFAULT_TOPIC = "_schemas";

  private final HttpServer server;
  private final SchemaJournal journal;
  private final String url;

  private EmbeddedSchemaRegistry(HttpServer server, SchemaJournal journal, boolean https) {
    this.server = server;
    this.journal = journal;
    this.url = (https ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * How clients must reach the registry, as a secured production registry asks.
   *
   * @param tls a server TLS context for HTTPS, or null for plain HTTP
   * @param basicAuth the one {@code user:password} accepted, or null for no authentication
   */
  public record Security(SSLContext tls, String basicAuth) {
    public static final Security NONE = new Security(null, null);

    @Override
    public String toString() {
      return "Security[https=" + (tls != null) + ", basicAuth=" + (basicAuth == null ? "none" : "****") + "]";
    }
  }

  /**
   * Starts a registry on 127.0.0.1.
   *
   * @param bootstrapServers the Kafka cluster that holds the journal
   * @param topic the journal topic, created compacted if missing
   * @param port the port to listen on; 0 picks a free one
   * @param defaultLevel the global compatibility level until one is set through the API
   */
  public static EmbeddedSchemaRegistry start(String bootstrapServers, String topic, int port, CompatibilityLevel defaultLevel) {
    return start(bootstrapServers, topic, port, defaultLevel, Security.NONE);
  }

  /** Starts a registry as {@link #start(String, String, int, CompatibilityLevel)} does, secured as {@code security} says. */
  public static EmbeddedSchemaRegistry start(
      String bootstrapServers, String topic, int port, CompatibilityLevel defaultLevel, Security security) {
    SchemaJournal journal = new KafkaSchemaJournal(bootstrapServers, topic);
    SchemaStore store = new SchemaStore(journal, defaultLevel);
    try {
      HttpServer server = HttpServers.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), HttpServers.Limits.defaults(), "schema-registry", security.tls());
      HttpHandler api = new RegistryHttpApi(store);
      server.createContext("/", security.basicAuth() == null ? api : basicAuth(security.basicAuth(), api));
      server.start();
      EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(server, journal, security.tls() != null);
      log.info("Schema registry listening on {} (journal topic {}, {} subjects)", registry.url(), topic, store.subjects().size());
      return registry;
    } catch (IOException e) {
      journal.close();
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " for the schema registry", e);
    }
  }

  /** Starts a registry on a free port with Confluent's defaults: topic _schemas, BACKWARD. */
  public static EmbeddedSchemaRegistry start(String bootstrapServers) {
    return start(bootstrapServers, DEFAULT_TOPIC, 0, CompatibilityLevel.BACKWARD);
  }

  /** Answers 401, as Confluent's registry does, unless the request carries the one accepted credential. */
  private static HttpHandler basicAuth(String userInfo, HttpHandler next) {
    byte[] expected = ("Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)))
        .getBytes(StandardCharsets.UTF_8);
    return exchange -> {
      String given = exchange.getRequestHeaders().getFirst("Authorization");
      if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
        next.handle(exchange);
        return;
      }
      try (exchange) {
        byte[] body = "{\"error_code\":401,\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"schema-registry\"");
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(401, body.length);
        exchange.getResponseBody().write(body);
      }
    };
  }

  /** The base URL for clients, for example {@code http://127.0.0.1:41234}. */
  public String url() {
    return url;
  }

  @Override
  public void close() {
    server.stop(0);
    journal.close();
    log.info("Schema registry on {} stopped", url);
  }
}
