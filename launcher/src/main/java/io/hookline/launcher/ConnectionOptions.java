package io.hookline.launcher;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.topics.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a command finds Kafka and the registry: flags, then {@code HOOKLINE_*} environment
 * variables, then a properties file: {@code --config}, or else the endpoints a running {@code
 * hookline demo} wrote to {@code .hookline/endpoints.properties}.
 */
public final class ConnectionOptions {
  /** Where {@code hookline demo} says where it listens, for the other commands to find. */
  public static final Path DEMO_ENDPOINTS = Path.of(".hookline", "endpoints.properties");

  @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: the running demo's, else localhost:9092).")
  private String bootstrapServers;

  @Option(names = "--schema-registry", description = "Schema registry URL (default: the running demo's, else http://localhost:8081).")
  private String schemaRegistry;

  @Option(names = "--config", description = "A properties file with kafka.bootstrap.servers, schema.registry.url, topic.* ...")
  private Path configFile;

  /** The layered settings these options and the environment give. */
  public ConfigSource config() {
    Map<String, String> flags = new HashMap<>();
    if (bootstrapServers != null) {
      flags.put("kafka.bootstrap.servers", bootstrapServers);
    }
    if (schemaRegistry != null) {
      flags.put("schema.registry.url", schemaRegistry);
    }
    Path file = configFile != null ? configFile : (Files.isRegularFile(DEMO_ENDPOINTS) ? DEMO_ENDPOINTS : null);
    return ConfigSource.layered(file, System.getenv(), flags);
  }

  public KafkaConnection connection() {
    return KafkaConnection.from(config());
  }

  public TopicNames topics() {
    return TopicNames.from(config());
  }
}
