package io.hookline.embedded.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.EmailMessage;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.TopicRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.schemas.SampleRecords;
import io.hookline.schemas.registry.IncompatibleSchemaException;
import io.hookline.schemas.registry.RestSchemaRegistryClient;
import io.hookline.schemas.registry.RestSchemaRegistryConfig;
import io.hookline.schemas.registry.SchemaRegistryUnavailableException;
import io.hookline.schemas.wire.AvroDeserializer;
import io.hookline.schemas.wire.AvroSerdes;
import io.hookline.schemas.wire.AvroSerializer;
import io.hookline.schemas.wire.TruncatedPayloadException;
import io.hookline.schemas.wire.UnknownSchemaIdException;
import io.hookline.schemas.wire.WrongMagicByteException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every contract, and every way its bytes can be bad, through a real broker and registry. */
@ExtendWith(EmbeddedStackExtension.class)
class AvroOverKafkaTest {

  @Test
  void everyContractRoundTripsThroughBrokerAndRegistry(EmbeddedStack stack) {
    for (SpecificRecord sample : SampleRecords.all()) {
      assertRoundTrip(stack, sample);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> void assertRoundTrip(EmbeddedStack stack, T sample) {
    Class<T> type = (Class<T>) sample.getClass();
    String topic = "roundtrip." + type.getSimpleName();
    stack.createTopics(1, topic);
    TopicRecords.produce(stack, topic, AvroSerdes.forValues(type, stack.registryClient()).serializer(), Map.of("k", sample));

    // a fresh client: the consumer knows nothing but the id in the frame
    Serde<T> reading = AvroSerdes.forValues(type, stack.registryClient());
    List<ConsumerRecord<String, T>> received = TopicRecords.consume(stack, topic, reading.deserializer(), 1);

    assertThat(received).as(type.getSimpleName()).hasSize(1);
    assertThat(received.get(0).value()).as(type.getSimpleName()).isEqualTo(sample);
  }

  @Test
  void badBytesOnTheTopicEachFailWithTheirOwnType(EmbeddedStack stack) {
    String topic = "wire.bad-bytes";
    stack.createTopics(1, topic);
    byte[] valid = new AvroSerializer<>(stack.registryClient(), EmailMessage.class, false, true)
        .serialize(topic, SampleRecords.emailMessage("m-good"));
    byte[] wrongMagic = valid.clone();
    wrongMagic[0] = 1;
    byte[] unknownId = valid.clone();
    ByteBuffer.wrap(unknownId).putInt(1, 424_242);
    byte[] truncated = Arrays.copyOf(valid, valid.length - 7);
    Map<String, byte[]> records = new LinkedHashMap<>();
    records.put("good", valid);
    records.put("wrong-magic", wrongMagic);
    records.put("unknown-id", unknownId);
    records.put("truncated", truncated);
    TopicRecords.produce(stack, topic, new ByteArraySerializer(), records);

    List<byte[]> onTopic = TopicRecords.consumeBytes(stack, topic, 4);
    assertThat(onTopic).hasSize(4);
    AvroDeserializer<EmailMessage> deserializer = new AvroDeserializer<>(stack.registryClient(), EmailMessage.class);

    assertThat(deserializer.deserialize(topic, onTopic.get(0)).getMessageId()).isEqualTo("m-good");
    assertThatThrownBy(() -> deserializer.deserialize(topic, onTopic.get(1)))
        .isInstanceOf(WrongMagicByteException.class).hasMessageContaining("0x01");
    assertThatThrownBy(() -> deserializer.deserialize(topic, onTopic.get(2)))
        .isInstanceOf(UnknownSchemaIdException.class).hasMessageContaining("424242");
    assertThatThrownBy(() -> deserializer.deserialize(topic, onTopic.get(3)))
        .isInstanceOf(TruncatedPayloadException.class);
  }

  @Test
  void anUnreachableRegistryIsReportedAsUnavailableNotAsBadData(EmbeddedStack stack) throws Exception {
    String topic = "wire.registry-down";
    stack.createTopics(1, topic);
    byte[] valid = new AvroSerializer<>(stack.registryClient(), EmailMessage.class, false, true)
        .serialize(topic, SampleRecords.emailMessage("m-1"));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    RestSchemaRegistryClient down =
        new RestSchemaRegistryClient(RestSchemaRegistryConfig.of("http://127.0.0.1:" + closedPort).withRetries(2, Duration.ofMillis(5)));

    assertThatThrownBy(() -> new AvroDeserializer<>(down, EmailMessage.class).deserialize(topic, valid))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("unavailable after 2 attempt(s)");
  }

  @Test
  void producingAnIncompatibleSchemaIsRefusedByTheRegistry(EmbeddedStack stack) {
    String topic = "wire.incompatible";
    // someone registered a different record under the topic's subject first
    stack.registryClient().register(topic + "-value",
        SchemaBuilder.record("EmailMessage").namespace("io.hookline.avro").fields().requiredInt("messageId").endRecord());

    assertThatThrownBy(() -> new AvroSerializer<>(stack.registryClient(), EmailMessage.class, false, true)
            .serialize(topic, SampleRecords.emailMessage("m-1")))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining(topic + "-value");
  }
}
