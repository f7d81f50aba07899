package io.hookline.embedded.junit;

import io.hookline.embedded.EmbeddedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a topic holds, as a downstream reader sees it: committed records only (read_committed),
 * from the beginning, read until the topic stays quiet for about a second (20 s at most).
 */
public final class CommittedRecords {
  private CommittedRecords() {}

  public static <V> List<V> read(EmbeddedStack stack, String topic, Deserializer<V> values) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "committed-reader-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      consumer.subscribe(Set.of(topic));
      int quietPolls = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (quietPolls < 3 && System.nanoTime() < deadline) {
        var records = consumer.poll(Duration.ofMillis(300));
        records.forEach(r -> out.add(r.value()));
        quietPolls = records.isEmpty() && !consumer.assignment().isEmpty() ? quietPolls + 1 : 0;
      }
    }
    return out;
  }
}
