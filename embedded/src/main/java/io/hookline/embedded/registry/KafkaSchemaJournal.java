package io.hookline.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's journal in a compacted, single-partition Kafka topic, in the record format of
 * Confluent's {@code _schemas} topic (JSON keys and values), so a restart keeps every id.
 *
 * <p>Topic {@code <name>}: key JSON {@code {"keytype":"SCHEMA","subject":s,"version":v,"magic":1}}
 * or {@code {"keytype":"CONFIG","subject":s|null,"magic":0}}; value JSON with the schema, or with
 * {@code compatibilityLevel}. Key types it does not know are skipped.
 */
final class KafkaSchemaJournal implements SchemaJournal {
  private static final Logger log = LoggerFactory.getLogger(KafkaSchemaJournal.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final String topic;
  private final KafkaProducer<String, String> producer;

  KafkaSchemaJournal(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    ensureTopic();
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0),
            new StringSerializer(),
            new StringSerializer());
  }

  @Override
  public void replay(Consumer<JournalEntry> into) {
    TopicPartition partition = new TopicPartition(topic, 0);
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(partition, TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read the schema journal " + topic + " to its end within " + TIMEOUT);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          decode(record.key(), record.value()).ifPresent(into);
        }
      }
    }
  }

  @Override
  public void append(JournalEntry entry) {
    ObjectNode key = JSON.createObjectNode();
    ObjectNode value = JSON.createObjectNode();
    if (entry instanceof JournalEntry.SchemaRegistered s) {
      key.put("keytype", "SCHEMA").put("subject", s.subject()).put("version", s.version()).put("magic", 1);
      value.put("subject", s.subject()).put("version", s.version()).put("id", s.id())
          .put("schema", s.schema()).put("deleted", false);
    } else if (entry instanceof JournalEntry.LevelSet l) {
      key.put("keytype", "CONFIG").put("subject", l.subject()).put("magic", 0);
      value.put("compatibilityLevel", l.level().name());
    }
    try {
      producer.send(new ProducerRecord<>(topic, key.toString(), value.toString())).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new RegistryError(500, RegistryError.STORE_ERROR, "could not write to the schema journal topic " + topic + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryError(500, RegistryError.STORE_ERROR, "interrupted while writing the schema journal");
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  static Optional<JournalEntry> decode(String keyText, String valueText) {
    try {
      JsonNode key = JSON.readTree(keyText);
      if (valueText == null) {
        return Optional.empty(); // a tombstone: nothing Hookline writes, safe to skip
      }
      JsonNode value = JSON.readTree(valueText);
      switch (key.path("keytype").asText()) {
        case "SCHEMA":
          if (value.path("deleted").asBoolean(false)) {
            return Optional.empty();
          }
          return Optional.of(
              new JournalEntry.SchemaRegistered(
                  value.path("subject").asText(),
                  value.path("version").asInt(),
                  value.path("id").asInt(),
                  value.path("schema").asText()));
        case "CONFIG":
          String subject = key.path("subject").isTextual() ? key.path("subject").asText() : null;
          return Optional.of(
              new JournalEntry.LevelSet(subject, CompatibilityLevel.parse(value.path("compatibilityLevel").asText())));
        default:
          return Optional.empty();
      }
    } catch (IOException | IllegalArgumentException e) {
      log.warn("skipping an unreadable record in the schema journal: {}", e.toString());
      return Optional.empty();
    }
  }

  private void ensureTopic() {
    try (Admin admin = Admin.create(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      NewTopic journal =
          new NewTopic(topic, 1, (short) 1)
              .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(journal)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create the schema journal topic " + topic, e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating the schema journal topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the schema journal topic " + topic, e);
    }
  }
}
