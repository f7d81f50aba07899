package io.hookline.core.topics;

import io.hookline.core.config.KafkaConnection;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Records a reader sends outside any transaction, as it goes: dead letters, a detector's reports
 * of the models it loaded. The producer (idempotent, acks=all) is opened on the first send, so a
 * service that never needs it never connects it. A send never throws: its failure, immediate or
 * later, goes to the caller's handler, which decides whether to try once more.
 */
public final class SideChannel<V> implements AutoCloseable {
  private final KafkaConnection kafka;
  private final TopicSpec<String, V> topic;
  private KafkaProducer<String, V> producer;
  private boolean closed;

  public SideChannel(KafkaConnection kafka, TopicSpec<String, V> topic) {
    this.kafka = kafka;
    this.topic = topic;
  }

  public String topicName() {
    return topic.name();
  }

  /** Sends a record; {@code onFailure} hears of it when it cannot be written. */
  public void send(String key, V value, Consumer<Exception> onFailure) {
    KafkaProducer<String, V> out = producer();
    if (out == null) {
      onFailure.accept(new IllegalStateException("the side channel to " + topic.name() + " is closed"));
      return;
    }
    try {
      out.send(new ProducerRecord<>(topic.name(), key, value), (metadata, failure) -> {
        if (failure != null) {
          onFailure.accept(failure);
        }
      });
    } catch (RuntimeException e) { // metadata unavailable within max.block.ms, serializer refused
      onFailure.accept(e);
    }
  }

  private synchronized KafkaProducer<String, V> producer() {
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
