package io.hookline.embedded;

import io.hookline.embedded.kafka.EmbeddedKafkaBroker;
import io.hookline.embedded.kafka.EmbeddedKafkaSettings;
import io.hookline.embedded.registry.EmbeddedSchemaRegistry;
import io.hookline.schemas.registry.CompatibilityLevel;
import io.hookline.schemas.registry.RestSchemaRegistryClient;
import io.hookline.schemas.registry.RestSchemaRegistryConfig;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * What every Hookline service needs around it, in this JVM: a Kafka broker and a schema registry
 * whose schemas live on that broker. Started by {@code hookline demo} and shared by the tests.
 */
public final class EmbeddedStack implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final EmbeddedSchemaRegistry registry;

  private EmbeddedStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
    this.broker = broker;
    this.registry = registry;
  }

  /** Starts the broker, then the registry on a free port. */
  public static EmbeddedStack start(EmbeddedKafkaSettings settings) {
    return start(settings, 0);
  }

  /**
   * Starts the broker, then the registry.
   *
   * @param registryPort the registry's port on 127.0.0.1; 0 picks a free one
   */
  public static EmbeddedStack start(EmbeddedKafkaSettings settings, int registryPort) {
    return start(settings, registryPort, EmbeddedSchemaRegistry.Security.NONE);
  }

  /**
   * Starts the broker, then the registry, secured as production clusters are: the broker's
   * settings may add a SASL_SSL listener, the registry may ask for HTTPS and basic auth.
   */
  public static EmbeddedStack start(EmbeddedKafkaSettings settings, int registryPort, EmbeddedSchemaRegistry.Security registrySecurity) {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
    try {
      return new EmbeddedStack(
          broker,
          EmbeddedSchemaRegistry.start(
              broker.bootstrapServers(), EmbeddedSchemaRegistry.DEFAULT_TOPIC, registryPort, CompatibilityLevel.BACKWARD,
              registrySecurity));
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public String schemaRegistryUrl() {
    return registry.url();
  }

  /** The settings a Hookline service reaches this stack with (its plain listener), to add a service's own to. */
  public java.util.Map<String, String> clientSettings() {
    return java.util.Map.of("kafka.bootstrap.servers", bootstrapServers(), "schema.registry.url", schemaRegistryUrl());
  }

  /** A new client of the registry, with its own caches. */
  public RestSchemaRegistryClient registryClient() {
    return new RestSchemaRegistryClient(RestSchemaRegistryConfig.of(schemaRegistryUrl()));
  }

  /** Creates topics with the given number of partitions; topics that exist are left as they are. */
  public void createTopics(int partitions, String... names) {
    List<NewTopic> topics = Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList();
    try (Admin admin = Admin.create(broker.clientProperties())) {
      for (var result : admin.createTopics(topics).values().values()) {
        try {
          result.get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topics " + Arrays.toString(names), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /** Stops the registry, then the broker. */
  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      broker.close();
    }
  }
}
