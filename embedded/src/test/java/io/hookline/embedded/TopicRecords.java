package io.hookline.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces to and reads back from a topic of the test broker, with the serdes a test names. */
public final class TopicRecords {
  private TopicRecords() {}

  public static <V> void produce(EmbeddedStack stack, String topic, Serializer<V> values, Map<String, V> records) {
    Map<String, Object> props =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, V> producer = new KafkaProducer<>(props, new StringSerializer(), values)) {
      for (var record : records.entrySet()) {
        producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())).get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("produce to " + topic + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Reads until {@code expected} records arrived or 30 s passed, from the beginning. */
  public static <V> List<ConsumerRecord<String, V>> consume(
      EmbeddedStack stack, String topic, Deserializer<V> values, int expected) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic + "-" + System.nanoTime(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, V>> received = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
      }
    }
    return received;
  }

  /** Reads raw value bytes, as a service does before deciding whether a record is decodable. */
  public static List<byte[]> consumeBytes(EmbeddedStack stack, String topic, int expected) {
    return consume(stack, topic, new ByteArrayDeserializer(), expected).stream().map(ConsumerRecord::value).toList();
  }
}
