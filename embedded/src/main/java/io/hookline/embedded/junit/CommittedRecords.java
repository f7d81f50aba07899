package io.hookline.embedded.junit;

import io.hookline.embedded.EmbeddedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a topic holds, as a downstream reader sees it: committed records only (read_committed),
 * from the beginning, read until the topic stays quiet for about a second (20 s at most). Records
 * the deserializer refuses are left out, as a service sets them aside: tests put hostile records
 * on the same topics.
 */
public final class CommittedRecords {
  private CommittedRecords() {}

  public static <V> List<V> read(EmbeddedStack stack, String topic, Deserializer<V> values) {
    return read(stack.bootstrapServers(), topic, values);
  }

  /** The same from the cluster at {@code bootstrapServers}. */
  public static <V> List<V> read(String bootstrapServers, String topic, Deserializer<V> values) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "committed-reader-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(Set.of(topic));
      int quietPolls = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (quietPolls < 3 && System.nanoTime() < deadline) {
        var records = consumer.poll(Duration.ofMillis(300));
        for (var record : records) {
          try {
            out.add(values.deserialize(record.topic(), record.value()));
          } catch (RuntimeException unreadable) {
            // a hostile record a test put there
          }
        }
        quietPolls = records.isEmpty() && !consumer.assignment().isEmpty() ? quietPolls + 1 : 0;
      }
    }
    return out;
  }
}
