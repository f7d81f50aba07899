package io.hookline.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.DeadLetter;
import io.hookline.avro.FailureKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlainJsonTest {

  @Test
  void unionsAreTheirValueTimesAreIsoEnumsAreNamesBytesAreBase64() {
    DeadLetter letter = DeadLetter.newBuilder().setService("detector").setSourceTopic("mail.inbound").setSourcePartition(2).setSourceOffset(41)
        .setKey(ByteBuffer.wrap("m-1".getBytes(StandardCharsets.UTF_8))).setValue(null).setFailure(FailureKind.WRONG_MAGIC_BYTE)
        .setReason("first byte 0x7b").setErrorType("WrongMagicByteException").setFailedAt(Instant.parse("2026-12-06T10:15:30Z")).setValueLength(12).build();

    String json = PlainJson.of(letter).toString();

    assertThat(json).contains("\"service\":\"detector\"", "\"sourcePartition\":2", "\"key\":\"bS0x\"", "\"value\":null",
        "\"failure\":\"WRONG_MAGIC_BYTE\"", "\"failedAt\":\"2026-12-06T10:15:30Z\"").doesNotContain("{\"bytes\"", "{\"string\"");
  }
}
