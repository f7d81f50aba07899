package io.hookline.core.topics;

import io.hookline.core.config.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of a topic from its beginning, committed records only, and keeps
 * following it on a thread of its own: how a service learns the state a compacted topic
 * describes (which model versions exist, which one serves). No consumer group: every instance
 * reads everything.
 */
public final class TopicFollower<V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

  private final KafkaConnection kafka;
  private final TopicSpec<String, V> topic;
  private final Consumer<V> handler;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;

  public TopicFollower(KafkaConnection kafka, TopicSpec<String, V> topic, Consumer<V> handler, String threadName) {
    this.kafka = kafka;
    this.topic = topic;
    this.handler = handler;
    this.thread = new Thread(this::follow, threadName);
  }

  public TopicFollower<V> start() {
    thread.start();
    return this;
  }

  /** Waits until the records that existed at start have been handled. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isAlive() {
    return thread.isAlive();
  }

  private void follow() {
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(kafka.readerProperties(), topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (running.get()) {
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
          handler.accept(record.value());
        }
        if (caughtUp.getCount() > 0 && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          caughtUp.countDown();
        }
      }
    } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      log.error("following {} stopped: {}", topic.name(), e.toString());
    }
  }

  @Override
  public void close() {
    running.set(false);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
