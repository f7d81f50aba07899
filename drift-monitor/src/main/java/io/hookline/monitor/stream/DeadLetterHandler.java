package io.hookline.monitor.stream;

import io.hookline.avro.DeadLetter;
import io.hookline.core.topics.DeadLetters;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record of {@code mail.inference-log} or {@code mail.feedback} that cannot be decoded goes to
 * {@code mail.dlq} as a {@link DeadLetter} with its bytes and the reason, in the same transaction
 * as the monitor's progress; the monitor carries on.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {
  /** Config key under which the monitor passes the dead-letter topic with its serde. */
  public static final String TOPIC = "hookline.monitor.dead-letter-topic";
  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

  private TopicSpec<String, DeadLetter> topic;

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs) {
    topic = (TopicSpec<String, DeadLetter>) configs.get(TOPIC);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    Exception cause = exception;
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof WireFormatException wire) {
        cause = wire; // the specific reason, even when Streams wraps it
        break;
      }
    }
    log.warn("undecodable record at {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(), record.offset(), cause.getMessage());
    DeadLetter letter = DeadLetters.of("drift-monitor", record.topic(), record.partition(), record.offset(), record.key(), record.value(), cause, Instant.now());
    byte[] value = topic.valueSerde().serializer().serialize(topic.name(), letter);
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    byte[] keyBytes = key == null ? null : topic.keySerde().serializer().serialize(topic.name(), key);
    return Response.resume(List.of(new ProducerRecord<>(topic.name(), keyBytes, value)));
  }
}
