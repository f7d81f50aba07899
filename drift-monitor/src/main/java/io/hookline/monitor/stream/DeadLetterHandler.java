package io.hookline.monitor.stream;

import io.hookline.avro.DeadLetter;
import io.hookline.avro.FailureKind;
import io.hookline.core.topics.DeadLetters;
import io.hookline.core.topics.KafkaFailures;
import io.hookline.core.topics.TopicSpec;
import io.hookline.schemas.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record of {@code mail.inference-log} or {@code mail.feedback} that cannot be decoded, or that
 * the topology fails on, goes to {@code mail.dlq} as a {@link DeadLetter} with its bytes (shortened
 * to fit) and the reason, in the same transaction as the monitor's progress; the monitor carries on.
 * A schema-registry outage is not the record's fault: the task fails and its thread is replaced, so
 * the record is read again.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {
  /** Config key under which the monitor passes the dead-letter topic with its serde. */
  public static final String TOPIC = "hookline.monitor.dead-letter-topic";
  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);
  private static final String SERVICE = "drift-monitor";

  private TopicSpec<String, DeadLetter> topic;

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs) {
    topic = (TopicSpec<String, DeadLetter>) configs.get(TOPIC);
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (KafkaFailures.isRegistryOutage(exception)) {
      log.warn("schema registry unavailable while decoding {}-{}@{}; the record will be read again", record.topic(), record.partition(), record.offset());
      return DeserializationExceptionHandler.Response.fail();
    }
    Exception cause = exception;
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof WireFormatException wire) {
        cause = wire; // the specific reason, even when Streams wraps it
        break;
      }
    }
    log.warn("undecodable record at {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(), record.offset(), cause.getMessage());
    DeadLetter letter = DeadLetters.of(SERVICE, record.topic(), record.partition(), record.offset(), record.key(), record.value(), cause, Instant.now());
    return DeserializationExceptionHandler.Response.resume(List.of(toRecord(record.key(), letter)));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (KafkaFailures.isRegistryOutage(exception)) {
      return ProcessingExceptionHandler.Response.fail();
    }
    log.warn("the monitor failed on the record at {}-{}@{} (node {}); sent to the dead-letter topic: {}", context.topic(), context.partition(),
        context.offset(), context.processorNodeId(), exception.toString());
    DeadLetter letter = DeadLetters.of(SERVICE, context.topic(), context.partition(), context.offset(), context.sourceRawKey(), context.sourceRawValue(),
        FailureKind.PROCESSING_ERROR, "the monitor failed on this record in " + context.processorNodeId() + ": " + exception,
        exception.getClass().getName(), Instant.now());
    return ProcessingExceptionHandler.Response.resume(List.of(toRecord(context.sourceRawKey(), letter)));
  }

  private ProducerRecord<byte[], byte[]> toRecord(byte[] originalKey, DeadLetter letter) {
    byte[] value = topic.valueSerde().serializer().serialize(topic.name(), letter);
    String key = DeadLetters.recordKey(originalKey == null ? null : new String(originalKey, StandardCharsets.UTF_8));
    byte[] keyBytes = key == null ? null : topic.keySerde().serializer().serialize(topic.name(), key);
    return new ProducerRecord<>(topic.name(), keyBytes, value);
  }
}
