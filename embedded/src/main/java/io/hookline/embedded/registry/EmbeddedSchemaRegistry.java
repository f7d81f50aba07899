package io.hookline.embedded.registry;

import com.sun.net.httpserver.HttpServer;
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

  private EmbeddedSchemaRegistry(HttpServer server, SchemaJournal journal) {
    this.server = server;
    this.journal = journal;
    this.url = "http://127.0.0.1:" + server.getAddress().getPort();
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
    SchemaJournal journal = new KafkaSchemaJournal(bootstrapServers, topic);
    SchemaStore store = new SchemaStore(journal, defaultLevel);
    try {
      HttpServer server = HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), HttpServers.Limits.defaults(), "schema-registry");
      server.createContext("/", new RegistryHttpApi(store));
      server.start();
      EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(server, journal);
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
