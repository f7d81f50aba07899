package io.hookline.core.config;

import io.hookline.schemas.registry.RestSchemaRegistryClient;
import io.hookline.schemas.registry.RestSchemaRegistryConfig;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Where Kafka and the schema registry are and how to reach them securely: {@code
 * kafka.bootstrap.servers} (default {@code localhost:9092}) and {@code schema.registry.url}
 * (default {@code http://localhost:8081}). Every other {@code kafka.*} setting passes through,
 * without the prefix, to every client Hookline builds (producers, consumers, admin, Kafka
 * Streams): {@code kafka.security.protocol=SASL_SSL}, {@code kafka.sasl.mechanism}, {@code
 * kafka.sasl.jaas.config}, {@code kafka.ssl.truststore.location}, client certificates, and
 * Kafka's config providers for secrets kept in files. They are checked against the clients'
 * own definitions when the connection is read, so a wrong value fails at start with the Kafka
 * client's message. The registry's credentials and TLS are {@link RegistryAccess}.
 */
public record KafkaConnection(
    String bootstrapServers, String schemaRegistryUrl, Map<String, String> clientOverrides, RegistryAccess registryAccess) {
  /** Setting names whose values are secrets: never printed. */
  private static final java.util.regex.Pattern SECRET = java.util.regex.Pattern.compile("(?i).*(password|jaas|secret|token|credential).*");

  public KafkaConnection {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
    Objects.requireNonNull(registryAccess, "registryAccess");
    clientOverrides = Map.copyOf(clientOverrides);
    if (bootstrapServers.isBlank()) {
      throw new ConfigException("setting kafka.bootstrap.servers must not be empty");
    }
  }

  /**
   * The connection a configuration describes.
   *
   * @throws ConfigException for a {@code kafka.*} value the Kafka clients refuse (with their
   *     message), or registry credentials that cannot be read
   */
  public static KafkaConnection from(ConfigSource config) {
    Map<String, String> overrides = new HashMap<>(config.under("kafka."));
    overrides.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    KafkaConnection connection = new KafkaConnection(
        config.string("kafka.bootstrap.servers", "localhost:9092"),
        config.string("schema.registry.url", "http://localhost:8081"),
        overrides,
        RegistryAccess.from(config));
    connection.validate();
    return connection;
  }

  public static KafkaConnection of(String bootstrapServers, String schemaRegistryUrl) {
    return new KafkaConnection(bootstrapServers, schemaRegistryUrl, Map.of(), RegistryAccess.NONE);
  }

  /** A registry client with default retries, the configured credentials and TLS stores. */
  public RestSchemaRegistryClient registry() {
    RestSchemaRegistryConfig settings;
    try {
      settings = RestSchemaRegistryConfig.of(schemaRegistryUrl).withCredentials(registryAccess.basicAuth(), registryAccess.bearerToken());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("setting schema.registry.url: " + e.getMessage());
    }
    if (registryAccess.tls().isDefault()) {
      return new RestSchemaRegistryClient(settings);
    }
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(settings.requestTimeout())
        .sslContext(registryAccess.tls().context())
        .build();
    return new RestSchemaRegistryClient(settings, http);
  }

  /**
   * Checks the pass-through settings against the definitions of the producer, consumer and admin
   * clients, so that a wrong value (an unknown {@code security.protocol}, a number that is not one)
   * stops a service at start instead of ending in a metadata timeout.
   */
  private void validate() {
    Map<String, Object> producer = producerProperties(Duration.ofSeconds(30));
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    Map<String, Object> consumer = readerProperties();
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    for (String store : new String[] {"ssl.truststore.location", "ssl.keystore.location"}) {
      String location = clientOverrides.get(store);
      if (location != null && !location.startsWith("${") && !java.nio.file.Files.isReadable(java.nio.file.Path.of(location))) {
        throw new ConfigException("setting kafka." + store + ": " + location + " does not exist or cannot be read");
      }
    }
    try {
      ProducerConfig.configDef().parse(producer);
      ConsumerConfig.configDef().parse(consumer);
      AdminClientConfig.configDef().parse(adminProperties(Duration.ofSeconds(30)));
    } catch (org.apache.kafka.common.config.ConfigException e) {
      throw new ConfigException("a kafka.* setting is wrong: " + e.getMessage());
    }
  }

  /** Producer settings: idempotent, acks=all, and sends that give up after {@code deliveryTimeout}. */
  public Map<String, Object> producerProperties(Duration deliveryTimeout) {
    Map<String, Object> props = common();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, deliveryTimeout.toMillis());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, Math.min(timeoutMs, 30_000) + 5));
    props.putAll(clientOverrides);
    return props;
  }

  /** Consumer settings for reading committed records only, without a consumer group. */
  public Map<String, Object> readerProperties() {
    Map<String, Object> props = common();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putAll(clientOverrides);
    return props;
  }

  /** Admin client settings; calls give up after {@code apiTimeout}. */
  public Map<String, Object> adminProperties(Duration apiTimeout) {
    Map<String, Object> props = common();
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, apiTimeout.toMillis());
    // the admin client refuses an API timeout shorter than its request timeout
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    props.putAll(clientOverrides);
    return props;
  }

  @Override
  public String toString() {
    Map<String, String> shown = new java.util.TreeMap<>();
    clientOverrides.forEach((key, value) -> shown.put(key, SECRET.matcher(key).matches() ? "[hidden]" : value));
    return "KafkaConnection[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
        + ", clientOverrides=" + shown + ", " + registryAccess + "]";
  }

  private Map<String, Object> common() {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }
}
