package io.hookline.launcher;

import io.hookline.core.config.KafkaConnection;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Hookline's topics on the test broker: created as the demo creates them, and read back. */
public final class Topics {
  private Topics() {}

  public static void provision(EmbeddedStack stack) {
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, TopicNames.DEFAULTS, 1, (short) 1);
    }
  }

  /** Everything on a topic, read until at least {@code atLeast} arrived and a second passed quietly (20 s at most). */
  public static <V> List<V> readAll(EmbeddedStack stack, String topic, Deserializer<V> values, int atLeast) {
    Map<String, Object> props = new HashMap<>(KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl()).readerProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<V> records = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        int before = records.size();
        consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(r.value()));
        if (records.size() >= atLeast && records.size() == before) {
          quietUntil = Math.min(quietUntil, System.nanoTime() + Duration.ofSeconds(1).toNanos());
        }
      }
    }
    return records;
  }
}
