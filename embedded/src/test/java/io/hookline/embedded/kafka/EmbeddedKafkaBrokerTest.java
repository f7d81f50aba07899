package io.hookline.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  @Test
  void keepsTopicsAndRecordsAcrossARestartOnThePersistentDirectory(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("kafka");
    String firstBootstrap;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaSettings.persistentAt(data))) {
      firstBootstrap = broker.bootstrapServers();
      assertThat(firstBootstrap).startsWith("127.0.0.1:");
      try (Admin admin = Admin.create(broker.clientProperties())) {
        admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
        producer.send(new ProducerRecord<>("kept", "k", "survives a restart")).get();
      }
    }
    assertThat(data.resolve("meta.properties")).exists();

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaSettings.persistentAt(data))) {
      try (Admin admin = Admin.create(broker.clientProperties())) {
        assertThat(admin.listTopics().names().get()).contains("kept");
      }
      assertThat(readAll(broker.bootstrapServers(), "kept", 1)).containsExactly("survives a restart");
    }
  }

  @Test
  void deletesATemporaryDirectoryOnClose() {
    Path data;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaSettings.temporary())) {
      data = broker.dataDirectory();
      assertThat(Files.isDirectory(data)).isTrue();
    }
    assertThat(data).doesNotExist();
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringSerializer(),
        new StringSerializer());
  }

  static List<String> readAll(String bootstrap, String topic, int expected) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    java.util.ArrayList<String> values = new java.util.ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        records.forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }
}
