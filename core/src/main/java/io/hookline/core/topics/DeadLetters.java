package io.hookline.core.topics;

import io.hookline.avro.DeadLetter;
import io.hookline.avro.FailureKind;
import io.hookline.schemas.wire.TruncatedPayloadException;
import io.hookline.schemas.wire.UndecodableAvroException;
import io.hookline.schemas.wire.UnknownSchemaIdException;
import io.hookline.schemas.wire.WrongMagicByteException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns a record a service cannot read into its dead letter: where it was, its original bytes, kind and reason. */
public final class DeadLetters {
  private DeadLetters() {}

  public static DeadLetter of(String service, ConsumerRecord<String, byte[]> record, Exception failure, Instant now) {
    byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    return of(service, record.topic(), record.partition(), record.offset(), key, record.value(), failure, now);
  }

  public static DeadLetter of(String service, String topic, int partition, long offset, byte[] key, byte[] value, Exception failure, Instant now) {
    return DeadLetter.newBuilder()
        .setService(service)
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setFailure(kind(failure))
        .setReason(String.valueOf(failure.getMessage()))
        .setErrorType(failure.getClass().getName())
        .setFailedAt(now)
        .build();
  }

  static FailureKind kind(Exception failure) {
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
