package io.hookline.core.topics;

import io.hookline.avro.DeadLetter;
import io.hookline.core.config.KafkaConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the dead letters of readers that work outside a transaction (the followers of {@code
 * model.events}, {@code mail.inbound} and {@code mail.feedback}, the trainer's requests). A send is
 * tried once, then once more without the original bytes if the topic refused it as too large; a
 * letter that still cannot be written is logged and counted ({@code
 * hookline_dead_letters_lost_total}) and never retried, so a reader is never held up by its own
 * dead letters. The producer is created on the first dead letter.
 */
public final class DeadLetterPublisher implements UnreadableRecords, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private final KafkaConnection kafka;
  private final TopicSpec<String, DeadLetter> topic;
  private final String service;
  private final MeterRegistry metrics;
  private KafkaProducer<String, DeadLetter> producer;
  private boolean closed;

  public DeadLetterPublisher(KafkaConnection kafka, TopicSpec<String, DeadLetter> topic, String service, MeterRegistry metrics) {
    this.kafka = kafka;
    this.topic = topic;
    this.service = service;
    this.metrics = metrics;
  }

  @Override
  public void setAside(ConsumerRecord<String, byte[]> record, Exception failure) {
    DeadLetter letter = DeadLetters.of(service, record, failure, Instant.now());
    log.warn("unreadable record {}-{}@{} ({} bytes) sent to {}: {}", record.topic(), record.partition(), record.offset(),
        letter.getValueLength(), topic.name(), letter.getReason());
    metrics.counter("hookline_dead_letters_total", "kind", letter.getFailure().name()).increment();
    send(DeadLetters.recordKey(record.key()), letter, true);
  }

  private void send(String key, DeadLetter letter, boolean mayShorten) {
    KafkaProducer<String, DeadLetter> out = producer();
    if (out == null) {
      lost(letter, "the publisher is closed");
      return;
    }
    try {
      out.send(new ProducerRecord<>(topic.name(), key, letter), (metadata, failure) -> {
        if (failure == null) {
          return;
        }
        if (mayShorten && DeadLetters.refusedAsTooLarge(failure)) {
          send(null, DeadLetters.withoutPayload(letter), false);
        } else {
          lost(letter, failure.toString());
        }
      });
    } catch (RuntimeException e) { // metadata unavailable within max.block.ms, serializer refused
      lost(letter, e.toString());
    }
  }

  private void lost(DeadLetter letter, String why) {
    metrics.counter("hookline_dead_letters_lost_total").increment();
    log.error("dead letter for {}-{}@{} could not be written ({}); the record stays in its topic", letter.getSourceTopic(),
        letter.getSourcePartition(), letter.getSourceOffset(), why);
  }

  private synchronized KafkaProducer<String, DeadLetter> producer() {
    if (producer == null && !closed) {
      producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(30)), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
    return producer;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
