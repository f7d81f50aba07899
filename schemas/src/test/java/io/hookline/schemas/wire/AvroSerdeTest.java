package io.hookline.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.LabelFeedback;
import io.hookline.schemas.Contracts;
import io.hookline.schemas.InMemorySchemaRegistry;
import io.hookline.schemas.SampleRecords;
import io.hookline.schemas.registry.SchemaNotFoundException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
  private static final String TOPIC = "mail.inbound";

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerializer<EmailMessage> serializer = new AvroSerializer<>(registry, EmailMessage.class, false, true);
  private final AvroDeserializer<EmailMessage> deserializer = new AvroDeserializer<>(registry, EmailMessage.class);

  @Test
  void roundTripsEveryContract() {
    for (SpecificRecord sample : SampleRecords.all()) {
      roundTrip(sample);
    }
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> void roundTrip(T sample) {
    Class<T> type = (Class<T>) sample.getClass();
    byte[] bytes = new AvroSerializer<>(registry, type, false, true).serialize("t-" + type.getSimpleName(), sample);
    assertThat(new AvroDeserializer<>(registry, type).deserialize("t-" + type.getSimpleName(), bytes)).isEqualTo(sample);
  }

  @Test
  void framesWithMagicByteAndTheRegisteredIdOfTheSubject() {
    byte[] bytes = serializer.serialize(TOPIC, SampleRecords.emailMessage("m1"));

    assertThat(bytes[0]).isEqualTo((byte) 0);
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    assertThat(registry.latest("mail.inbound-value").id()).isEqualTo(id);
  }

  @Test
  void registersTheSchemaWithoutJavaOnlyProperties() {
    serializer.serialize(TOPIC, SampleRecords.emailMessage("m1"));

    assertThat(Contracts.schemaOf(EmailMessage.class).toString()).contains("avro.java.string");
    assertThat(registry.latest("mail.inbound-value").schema().toString()).doesNotContain("avro.java.string");
  }

  @Test
  void fetchesAWriterSchemaOncePerId() {
    byte[] bytes = serializer.serialize(TOPIC, SampleRecords.emailMessage("m1"));
    for (int i = 0; i < 5; i++) {
      deserializer.deserialize(TOPIC, bytes);
    }
    assertThat(registry.lookupsById()).isEqualTo(1);
  }

  @Test
  void nullStaysNull() {
    assertThat(serializer.serialize(TOPIC, null)).isNull();
    assertThat(deserializer.deserialize(TOPIC, null)).isNull();
  }

  @Test
  void refusesAWrongMagicByte() {
    byte[] bytes = serializer.serialize(TOPIC, SampleRecords.emailMessage("m1"));
    bytes[0] = 0x7b; // '{': somebody produced JSON

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .isInstanceOf(WrongMagicByteException.class)
        .hasMessageContaining("0x7b")
        .hasMessageContaining(TOPIC);
  }

  @Test
  void refusesAPayloadShorterThanTheHeader() {
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 1}))
        .isInstanceOf(TruncatedPayloadException.class)
        .hasMessageContaining("3 byte(s)");
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[0])).isInstanceOf(TruncatedPayloadException.class);
  }

  @Test
  void refusesABodyCutShort() {
    byte[] bytes = serializer.serialize(TOPIC, SampleRecords.emailMessage("m1"));
    byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, cut))
        .isInstanceOf(TruncatedPayloadException.class)
        .hasMessageContaining("ends before the record does");
  }

  @Test
  void refusesTrailingBytes() {
    byte[] bytes = serializer.serialize(TOPIC, SampleRecords.emailMessage("m1"));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, longer))
        .isInstanceOf(UndecodableAvroException.class)
        .hasMessageContaining("trailing bytes");
  }

  @Test
  void refusesAnUnknownSchemaId() {
    byte[] bytes = serializer.serialize(TOPIC, SampleRecords.emailMessage("m1"));
    ByteBuffer.wrap(bytes).putInt(1, 987_654);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .isInstanceOfSatisfying(UnknownSchemaIdException.class, e -> assertThat(e.schemaId()).isEqualTo(987_654))
        .hasMessageContaining("987654");
  }

  @Test
  void asksTheRegistryAboutAnUnknownIdOnlyOnceInAWhile() {
    byte[] bytes = serializer.serialize(TOPIC, SampleRecords.emailMessage("m1"));
    ByteBuffer.wrap(bytes).putInt(1, 555);

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes)).isInstanceOf(UnknownSchemaIdException.class);
    }
    assertThat(registry.lookupsById()).isEqualTo(1);
  }

  @Test
  void refusesALengthPrefixThatClaimsGigabytesWithoutAllocatingThem() {
    // messageId is the first field: claim a 1 GiB string in a 12-byte payload
    byte[] header = serializer.serialize(TOPIC, SampleRecords.emailMessage("m1"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header, 0, WireFormat.HEADER_SIZE);
    long claimed = 1L << 30;
    long zigzag = claimed << 1;
    while ((zigzag & ~0x7FL) != 0) {
      out.write((int) ((zigzag & 0x7F) | 0x80));
      zigzag >>>= 7;
    }
    out.write((int) zigzag);
    out.write('x');

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, out.toByteArray()))
        .isInstanceOf(TruncatedPayloadException.class)
        .hasMessageContaining("string of 1073741824 bytes claimed but only 1 remain");
  }

  @Test
  void readsDataWrittenWithAnOlderSchemaFillingDefaults() throws Exception {
    // An older producer's LabelFeedback, before 'source' and 'reporter' existed.
    Schema older =
        SchemaBuilder.record("LabelFeedback").namespace("io.hookline.avro").fields()
            .requiredString("messageId")
            .requiredString("tenant")
            .name("label").type(Contracts.schemaOf(LabelFeedback.class).getField("label").schema()).noDefault()
            .name("reportedAt").type(Contracts.schemaOf(LabelFeedback.class).getField("reportedAt").schema()).noDefault()
            .endRecord();
    int id = registry.register("mail.feedback-value", older);
    GenericRecord old = new GenericData.Record(older);
    old.put("messageId", "m9");
    old.put("tenant", "example.org");
    old.put("label", new GenericData.EnumSymbol(older.getField("label").schema(), "PHISHING"));
    old.put("reportedAt", 1_700_000_000_000L);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(older).write(old, encoder);
    encoder.flush();

    LabelFeedback read = new AvroDeserializer<>(registry, LabelFeedback.class).deserialize("mail.feedback", out.toByteArray());

    assertThat(read.getMessageId()).isEqualTo("m9");
    assertThat(read.getSource()).hasToString("ANALYST");
    assertThat(read.getReporter()).isNull();
  }

  @Test
  void withoutAutoRegistrationAnUnregisteredSchemaFails() {
    AvroSerializer<EmailMessage> strict = new AvroSerializer<>(registry, EmailMessage.class, false, false);

    assertThatThrownBy(() -> strict.serialize("mail.unregistered", SampleRecords.emailMessage("m1")))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("mail.unregistered-value")
        .hasMessageContaining("auto-registration is off");
  }
}
