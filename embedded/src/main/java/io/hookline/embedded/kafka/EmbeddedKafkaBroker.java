package io.hookline.embedded.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (one process that is broker and controller),
 * running inside this JVM on 127.0.0.1 with ports chosen at start.
 *
 * <p>It is the same broker code as a production Kafka 4 cluster, with replication factors of 1.
 * Used by {@code hookline demo} and by the integration tests; never by the services themselves,
 * which only know bootstrap servers.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final int PORT_ATTEMPTS = 3;
  private static final String SCRAM = "SCRAM-SHA-512";

  private final KafkaRaftServer server;
  private final Path dataDirectory;
  private final boolean temporary;
  private final String bootstrapServers;
  private final String securedBootstrapServers;
  private final Duration startupTime;
  private boolean closed;

  private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDirectory, boolean temporary, String bootstrapServers,
      String securedBootstrapServers, Duration startupTime) {
    this.server = server;
    this.dataDirectory = dataDirectory;
    this.temporary = temporary;
    this.bootstrapServers = bootstrapServers;
    this.securedBootstrapServers = securedBootstrapServers;
    this.startupTime = startupTime;
  }

  /**
   * Formats the data directory if it is new, starts the broker and waits until it answers.
   *
   * @throws EmbeddedKafkaException if it does not start within the settings' timeout
   */
  public static EmbeddedKafkaBroker start(EmbeddedKafkaSettings settings) {
    long begin = System.nanoTime();
    boolean temporary = settings.dataDirectory() == null;
    Path dataDirectory;
    try {
      dataDirectory =
          temporary
              ? Files.createTempDirectory("hookline-kafka-")
              : Files.createDirectories(settings.dataDirectory());
    } catch (IOException e) {
      throw new EmbeddedKafkaException("cannot create the broker's data directory " + settings.dataDirectory(), e);
    }
    RuntimeException lastFailure = null;
    // A port found free can be taken by another process before the broker binds it: try again.
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      int brokerPort = settings.clientPort() > 0 ? settings.clientPort() : freePort();
      int controllerPort = freePort();
      int securedPort = settings.secured() == null ? 0 : freePort();
      Properties properties = brokerProperties(settings, dataDirectory, brokerPort, controllerPort, securedPort);
      KafkaConfig config = new KafkaConfig(properties, false);
      KafkaRaftServer server = null;
      try {
        format(config, dataDirectory);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        String bootstrap = clientListener(properties);
        awaitReady(bootstrap, settings.startupTimeout());
        String secured = null;
        if (settings.secured() != null) {
          createScramUser(bootstrap, settings.secured(), settings.startupTimeout());
          secured = "127.0.0.1:" + securedPort;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        log.info("Kafka broker listening on {}{} (data in {}), started in {} ms", bootstrap,
            secured == null ? "" : " and SASL_SSL " + secured, dataDirectory, took.toMillis());
        return new EmbeddedKafkaBroker(server, dataDirectory, temporary, bootstrap, secured, took);
      } catch (RuntimeException e) {
        lastFailure = e;
        log.warn("embedded Kafka broker failed to start (attempt {} of {}): {}", attempt, PORT_ATTEMPTS, e.toString());
        if (server != null) {
          shutdownQuietly(server);
        }
      }
    }
    if (temporary) {
      deleteRecursively(dataDirectory);
    }
    throw new EmbeddedKafkaException("embedded Kafka broker did not start after " + PORT_ATTEMPTS + " attempts", lastFailure);
  }

  /** {@code host:port} for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** {@code host:port} of the SASL_SSL/SCRAM listener, when the settings asked for one. */
  public Optional<String> securedBootstrapServers() {
    return Optional.ofNullable(securedBootstrapServers);
  }

  /** Where the broker keeps its logs and metadata. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** How long {@link #start} took, from formatting to the first answered request. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Client properties that reach this broker. */
  public Map<String, Object> clientProperties() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }

  /** Stops the broker cleanly and deletes a temporary data directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    shutdownQuietly(server);
    if (temporary) {
      deleteRecursively(dataDirectory);
    }
    log.info("Kafka broker on {} stopped", bootstrapServers);
  }

  private static Properties brokerProperties(
      EmbeddedKafkaSettings settings, Path dataDirectory, int brokerPort, int controllerPort, int securedPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    String listeners = "PLAINTEXT://127.0.0.1:" + brokerPort;
    if (settings.secured() != null) {
      listeners += ",SASL_SSL://127.0.0.1:" + securedPort;
      EmbeddedKafkaSettings.SecuredListener secured = settings.secured();
      p.put("sasl.enabled.mechanisms", SCRAM);
      p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      p.put("listener.name.sasl_ssl.ssl.keystore.location", secured.keyStore().toAbsolutePath().toString());
      p.put("listener.name.sasl_ssl.ssl.keystore.password", secured.keyStorePassword());
      p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
    }
    p.put("listeners", listeners + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", listeners);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dataDirectory.toAbsolutePath().toString());
    // One node: every internal topic has one replica, and few partitions keep start-up fast.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
    p.putAll(settings.overrides());
    return p;
  }

  /** Where the broker's client listener is: the free port chosen, or the one {@code listeners} in the settings fixes. */
  private static String clientListener(Properties properties) {
    for (String listener : properties.getProperty("listeners").split(",")) {
      if (listener.startsWith("PLAINTEXT://")) {
        return listener.substring("PLAINTEXT://".length());
      }
    }
    throw new EmbeddedKafkaException("no PLAINTEXT listener in " + properties.getProperty("listeners"), null);
  }

  /** Creates (or updates) the listener's SCRAM user over the plain listener, as an operator does with kafka-configs. */
  private static void createScramUser(String bootstrap, EmbeddedKafkaSettings.SecuredListener secured, Duration timeout) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
              secured.user(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), secured.password())))
          .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new EmbeddedKafkaException("cannot create the SCRAM user " + secured.user(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedKafkaException("interrupted while creating the SCRAM user " + secured.user(), e);
    }
  }

  private static void format(KafkaConfig config, Path dataDirectory) {
    if (Files.exists(dataDirectory.resolve("meta.properties"))) {
      return; // formatted by an earlier run: keep its cluster id and data
    }
    try (PrintStream silent = new PrintStream(OutputStream.nullOutputStream())) {
      new Formatter()
          .setPrintStream(silent)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(dataDirectory.toAbsolutePath().toString()))
          .setMetadataLogDirectory(config.metadataLogDir())
          .setControllerListenerName("CONTROLLER")
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new EmbeddedKafkaException("cannot format the broker's storage in " + dataDirectory, e);
    }
  }

  private static void awaitReady(String bootstrap, Duration timeout) {
    Map<String, Object> props =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new EmbeddedKafkaException("broker at " + bootstrap + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedKafkaException("interrupted while waiting for the broker at " + bootstrap, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      log.warn("embedded Kafka broker did not shut down cleanly: {}", e.toString());
    }
  }

  /** Deletes a data directory an earlier run left, so the next start begins from nothing. */
  public static void wipe(Path dataDirectory) {
    if (Files.exists(dataDirectory)) {
      deleteRecursively(dataDirectory);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not delete {}: {}", directory, e.toString());
    }
  }
}
