package io.hookline.core.config;

import io.hookline.schemas.registry.RestSchemaRegistryClient;
import io.hookline.schemas.registry.RestSchemaRegistryConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Where Kafka and the schema registry are: {@code kafka.bootstrap.servers} (default {@code
 * localhost:9092}) and {@code schema.registry.url} (default {@code http://localhost:8081}).
 * Further {@code kafka.*} settings pass through to every client ({@code kafka.security.protocol}
 * and so on). The base of every Hookline client's properties.
 */
public record KafkaConnection(String bootstrapServers, String schemaRegistryUrl, Map<String, String> clientOverrides) {

  public KafkaConnection {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
    clientOverrides = Map.copyOf(clientOverrides);
    if (bootstrapServers.isBlank()) {
      throw new ConfigException("setting kafka.bootstrap.servers must not be empty");
    }
  }

  public static KafkaConnection from(ConfigSource config) {
    return new KafkaConnection(
        config.string("kafka.bootstrap.servers", "localhost:9092"),
        config.string("schema.registry.url", "http://localhost:8081"),
        Map.of());
  }

  public static KafkaConnection of(String bootstrapServers, String schemaRegistryUrl) {
    return new KafkaConnection(bootstrapServers, schemaRegistryUrl, Map.of());
  }

  /** A registry client with default retries. */
  public RestSchemaRegistryClient registry() {
    return new RestSchemaRegistryClient(RestSchemaRegistryConfig.of(schemaRegistryUrl));
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

  private Map<String, Object> common() {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }
}
