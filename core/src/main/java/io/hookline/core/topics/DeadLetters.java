package io.hookline.core.topics;

import io.hookline.avro.DeadLetter;
import io.hookline.avro.FailureKind;
import io.hookline.schemas.registry.SchemaRegistryUnavailableException;
import io.hookline.schemas.wire.TruncatedPayloadException;
import io.hookline.schemas.wire.UndecodableAvroException;
import io.hookline.schemas.wire.UnknownSchemaIdException;
import io.hookline.schemas.wire.WrongMagicByteException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Turns a record a service cannot read into its dead letter: where it was, its original bytes, kind
 * and reason.
 *
 * <p>A dead letter always fits on the dead-letter topic: the original value is kept whole up to
 * {@link #MAX_VALUE_BYTES} and cut there otherwise (its length and SHA-256 always travel), the key
 * up to {@link #MAX_KEY_BYTES}, the reason up to {@link #MAX_REASON_CHARS}. A record as large as the
 * broker's limit therefore becomes a dead letter well under it, instead of a dead letter the broker
 * refuses, which would stop the consumer on that record for good.
 */
public final class DeadLetters {
  /** Bytes of the original value a dead letter carries at most: a quarter of Kafka's default 1 MB record limit. */
  public static final int MAX_VALUE_BYTES = 256 * 1024;
  /** Bytes of the original key a dead letter carries at most. */
  public static final int MAX_KEY_BYTES = 1024;
  /** Characters of the reason a dead letter carries at most (exception texts can quote their input). */
  public static final int MAX_REASON_CHARS = 1000;

  private DeadLetters() {}

  public static DeadLetter of(String service, ConsumerRecord<?, byte[]> record, Exception failure, Instant now) {
    byte[] key = keyBytes(record.key());
    return of(service, record.topic(), record.partition(), record.offset(), key, record.value(), failure, now);
  }

  /** A dead letter for a record that was decoded but could not be processed. */
  public static DeadLetter of(String service, ConsumerRecord<?, byte[]> record, FailureKind kind, String reason, Exception failure, Instant now) {
    return of(service, record.topic(), record.partition(), record.offset(), keyBytes(record.key()), record.value(), kind, reason,
        failure.getClass().getName(), now);
  }

  /** The key a dead letter is written under: the original key, unless it is too long to repeat. */
  public static String recordKey(String originalKey) {
    return originalKey == null || originalKey.length() > MAX_KEY_BYTES / 4 ? null : originalKey;
  }

  public static DeadLetter of(String service, String topic, int partition, long offset, byte[] key, byte[] value, Exception failure, Instant now) {
    return of(service, topic, partition, offset, key, value, kind(failure), reason(failure), failure.getClass().getName(), now);
  }

  /** A dead letter with its kind and reason given. */
  public static DeadLetter of(String service, String topic, int partition, long offset, byte[] key, byte[] value, FailureKind kind,
      String reason, String errorType, Instant now) {
    return DeadLetter.newBuilder()
        .setService(service)
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setKey(key == null ? null : ByteBuffer.wrap(prefix(key, MAX_KEY_BYTES)))
        .setValue(value == null ? null : ByteBuffer.wrap(prefix(value, MAX_VALUE_BYTES)))
        .setValueLength(value == null ? 0 : value.length)
        .setValueSha256(value == null ? null : sha256(value))
        .setFailure(kind)
        .setReason(shorten(reason))
        .setErrorType(errorType)
        .setFailedAt(now)
        .build();
  }

  /**
   * The same dead letter without the original bytes (length and SHA-256 stay): what is written
   * when even the shortened letter was refused, for example by a dead-letter topic whose record
   * limit was set lower than {@link #MAX_VALUE_BYTES}.
   */
  public static DeadLetter withoutPayload(DeadLetter letter) {
    return DeadLetter.newBuilder(letter).setValue(null).setKey(null).build();
  }

  /** True when a send failed because the record was too large for the topic: sending it again cannot help. */
  public static boolean refusedAsTooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RecordTooLargeException) {
        return true;
      }
    }
    return false;
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
    if (failure instanceof SchemaRegistryUnavailableException) {
      return FailureKind.REGISTRY_UNAVAILABLE;
    }
    return FailureKind.OTHER;
  }

  private static String reason(Exception failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }

  private static byte[] keyBytes(Object key) {
    if (key == null) {
      return null;
    }
    return key instanceof byte[] bytes ? bytes : key.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] prefix(byte[] bytes, int max) {
    return bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
  }

  private static String shorten(String reason) {
    return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "… (" + reason.length() + " characters)";
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
