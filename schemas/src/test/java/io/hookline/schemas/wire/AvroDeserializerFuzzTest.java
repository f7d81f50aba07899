package io.hookline.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.EmailMessage;
import io.hookline.schemas.InMemorySchemaRegistry;
import io.hookline.schemas.SampleRecords;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated payloads: the deserializer returns a record or throws a {@link
 * WireFormatException}, nothing else, and gives up quickly. Seeds are fixed, so a failure
 * reproduces; the failing seed and case are in the assertion message.
 */
class AvroDeserializerFuzzTest {
  private static final String TOPIC = "mail.inbound";
  private static final int CASES = 20_000;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroDeserializer<EmailMessage> deserializer = new AvroDeserializer<>(registry, EmailMessage.class);
  private final byte[] valid =
      new AvroSerializer<>(registry, EmailMessage.class, false, true).serialize(TOPIC, SampleRecords.emailMessage("m-fuzz"));

  @Test
  void mutatedValidPayloadsDecodeOrFailWithATypedError() {
    Random random = new Random(20261127L);
    for (int i = 0; i < CASES; i++) {
      byte[] payload = mutate(valid, random);
      assertDecodesOrFailsTyped(payload, "mutation case " + i);
    }
  }

  @Test
  void randomBytesBehindAValidHeaderFailWithATypedError() {
    Random random = new Random(42L);
    for (int i = 0; i < CASES; i++) {
      byte[] payload = new byte[random.nextInt(400)];
      random.nextBytes(payload);
      if (payload.length >= WireFormat.HEADER_SIZE) {
        System.arraycopy(valid, 0, payload, 0, WireFormat.HEADER_SIZE);
      }
      assertDecodesOrFailsTyped(payload, "random case " + i);
    }
  }

  private void assertDecodesOrFailsTyped(byte[] payload, String description) {
    long start = System.nanoTime();
    try {
      EmailMessage message = deserializer.deserialize(TOPIC, payload);
      assertThat(message).as(description).isNotNull();
    } catch (WireFormatException expected) {
      assertThat(expected.getMessage()).as(description).isNotBlank();
    } catch (RuntimeException | Error unexpected) {
      throw new AssertionError(description + " threw " + unexpected, unexpected);
    }
    // Generous bound: a hostile length must not make the decoder allocate or loop for long.
    assertThat(System.nanoTime() - start).as(description + " took too long").isLessThan(2_000_000_000L);
  }

  private static byte[] mutate(byte[] original, Random random) {
    byte[] copy = original.clone();
    switch (random.nextInt(4)) {
      case 0 -> { // flip a few bits
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
          int at = random.nextInt(copy.length);
          copy[at] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> { // overwrite a byte with an extreme value
        copy[WireFormat.HEADER_SIZE + random.nextInt(copy.length - WireFormat.HEADER_SIZE)] = (byte) (random.nextBoolean() ? 0xff : 0x80);
      }
      case 2 -> { // cut
        copy = java.util.Arrays.copyOf(copy, random.nextInt(copy.length));
      }
      default -> { // splice random bytes into the body
        int at = WireFormat.HEADER_SIZE + random.nextInt(copy.length - WireFormat.HEADER_SIZE);
        for (int k = at; k < Math.min(copy.length, at + 1 + random.nextInt(16)); k++) {
          copy[k] = (byte) random.nextInt(256);
        }
      }
    }
    return copy;
  }
}
