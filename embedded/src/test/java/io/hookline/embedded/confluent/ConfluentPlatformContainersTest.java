package io.hookline.embedded.confluent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.EmailMessage;
import io.hookline.schemas.Contracts;
import io.hookline.schemas.SampleRecords;
import io.hookline.schemas.registry.IncompatibleSchemaException;
import io.hookline.schemas.registry.JavaSchemaProperties;
import io.hookline.schemas.registry.RestSchemaRegistryClient;
import io.hookline.schemas.registry.RestSchemaRegistryConfig;
import io.hookline.schemas.wire.AvroSerdes;
import io.hookline.schemas.wire.UnknownSchemaIdException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Hookline's serde and registry client against the production images: Apache Kafka and
 * Confluent's own Schema Registry. Runs wherever Docker runs; skipped where it does not.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentPlatformContainersTest {
  private static final Network NETWORK = Network.newNetwork();
  private static final KafkaContainer KAFKA =
      new KafkaContainer("apache/kafka:4.0.0").withNetwork(NETWORK).withListener("kafka:19092");
  private static final GenericContainer<?> REGISTRY =
      new GenericContainer<>("confluentinc/cp-schema-registry:7.9.0")
          .withNetwork(NETWORK)
          .withExposedPorts(8081)
          .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
          .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
          .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
          .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));

  @BeforeAll
  static void start() {
    KAFKA.start();
    REGISTRY.dependsOn(KAFKA).start();
  }

  @AfterAll
  static void stop() {
    REGISTRY.stop();
    KAFKA.stop();
    NETWORK.close();
  }

  private static RestSchemaRegistryClient client() {
    return new RestSchemaRegistryClient(
        RestSchemaRegistryConfig.of("http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081)));
  }

  @Test
  void registersEveryContractWithConfluentsRegistry() {
    RestSchemaRegistryClient client = client();
    for (var type : Contracts.ALL) {
      int id = client.register("confluent." + type.getSimpleName() + "-value", Contracts.schemaOf(type));
      assertThat(client.schemaById(id)).isEqualTo(JavaSchemaProperties.strip(Contracts.schemaOf(type)));
    }
  }

  @Test
  void roundTripsAnEmailMessageThroughKafkaAndConfluentsRegistry() {
    String topic = "confluent.inbound";
    EmailMessage sent = SampleRecords.emailMessage("tc-1");
    Serde<EmailMessage> serde = AvroSerdes.forValues(EmailMessage.class, client());
    try (KafkaProducer<String, EmailMessage> producer =
        new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()), new StringSerializer(), serde.serializer())) {
      producer.send(new ProducerRecord<>(topic, "tc-1", sent));
    }
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "confluent-test",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, EmailMessage>> received = new java.util.ArrayList<>();
    try (KafkaConsumer<String, EmailMessage> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), AvroSerdes.forValues(EmailMessage.class, client()).deserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(received::add);
      }
    }
    assertThat(received).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(sent));
  }

  @Test
  void confluentsErrorsMapToTheSameTypedExceptions() {
    RestSchemaRegistryClient client = client();
    client.register("confluent.incompatible-value", SchemaBuilder.record("R").fields().requiredString("a").endRecord());
    assertThatThrownBy(() -> client.register("confluent.incompatible-value", SchemaBuilder.record("R").fields().requiredInt("a").endRecord()))
        .isInstanceOf(IncompatibleSchemaException.class);

    byte[] framed = AvroSerdes.forValues(EmailMessage.class, client).serializer().serialize("confluent.unknown", SampleRecords.emailMessage("x"));
    ByteBuffer.wrap(framed).putInt(1, 987_654);
    assertThatThrownBy(() -> AvroSerdes.forValues(EmailMessage.class, client).deserializer().deserialize("confluent.unknown", framed))
        .isInstanceOf(UnknownSchemaIdException.class);
  }
}
