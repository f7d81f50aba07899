package io.hookline.detector.pipeline;

import io.hookline.avro.DeadLetter;
import io.hookline.avro.FailureKind;
import io.hookline.schemas.wire.TruncatedPayloadException;
import io.hookline.schemas.wire.UndecodableAvroException;
import io.hookline.schemas.wire.UnknownSchemaIdException;
import io.hookline.schemas.wire.WireFormatException;
import io.hookline.schemas.wire.WrongMagicByteException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns a record the detector cannot read into its dead letter: original bytes, kind and reason. */
final class DeadLetters {
  private DeadLetters() {}

  static DeadLetter of(ConsumerRecord<String, byte[]> record, WireFormatException failure, Instant now) {
    return DeadLetter.newBuilder()
        .setService("detector")
        .setSourceTopic(record.topic())
        .setSourcePartition(record.partition())
        .setSourceOffset(record.offset())
        .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
        .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
        .setFailure(kind(failure))
        .setReason(failure.getMessage())
        .setErrorType(failure.getClass().getName())
        .setFailedAt(now)
        .build();
  }

  static FailureKind kind(WireFormatException failure) {
    if (failure instanceof WrongMagicByteException) {
      return FailureKind.WRONG_MAGIC_BYTE;
    }
    if (failure instanceof TruncatedPayloadException) {
      return FailureKind.TRUNCATED_PAYLOAD;
    }
    if (failure instanceof UnknownSchemaIdException) {
      return FailureKind.UNKNOWN_SCHEMA_ID;
    }
    if (failure instanceof UndecodableAvroException) {
      return FailureKind.UNDECODABLE_AVRO;
    }
    return FailureKind.OTHER;
  }
}
