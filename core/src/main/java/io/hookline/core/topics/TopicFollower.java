package io.hookline.core.topics;

import io.hookline.core.config.KafkaConnection;
import io.hookline.core.service.Backoff;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of a topic from its beginning, committed records only, and keeps
 * following it on a thread of its own: how a service learns the state a compacted topic
 * describes (which model versions exist, which one serves). No consumer group: every instance
 * reads everything.
 *
 * <p>No record and no outage stops it. Values are decoded one record at a time: one that cannot
 * be decoded, or that the handler fails on, is set aside ({@link UnreadableRecords}) and the
 * follower moves past it. A schema-registry outage is not the record's fault: the record is read
 * again after a pause. A broker outage, or any other client failure, closes the consumer and opens
 * a new one at the positions reached, after a pause that grows up to 30 s. Only a failure no retry
 * can mend (refused credentials, a setting the client rejects) ends it, reported to {@code
 * onUnrecoverable}.
 */
public final class TopicFollower<V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

  private final KafkaConnection kafka;
  private final TopicSpec<String, V> topic;
  private final Consumer<V> handler;
  private final UnreadableRecords unreadable;
  private final String threadName;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private final Thread thread;
  private volatile BiConsumer<String, Throwable> onUnrecoverable = (name, e) -> {};
  private volatile boolean failing;

  public TopicFollower(KafkaConnection kafka, TopicSpec<String, V> topic, Consumer<V> handler, UnreadableRecords unreadable, String threadName) {
    this.kafka = kafka;
    this.topic = topic;
    this.handler = handler;
    this.unreadable = unreadable;
    this.threadName = threadName;
    this.thread = new Thread(this::follow, threadName);
    this.thread.setDaemon(true);
    this.thread.setUncaughtExceptionHandler((t, e) -> onUnrecoverable.accept(threadName, e));
  }

  /** Who hears of a failure that ends the follower (the service's {@code Unrecoverable}). */
  public TopicFollower<V> onUnrecoverable(BiConsumer<String, Throwable> listener) {
    this.onUnrecoverable = listener;
    return this;
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

  /**
   * True while the follower runs, has read the topic to where it stood at start, and its last
   * attempt to reach the broker did not fail.
   */
  public boolean isHealthy() {
    return thread.isAlive() && caughtUp.getCount() == 0 && !failing;
  }

  private void follow() {
    Backoff backoff = Backoff.standard();
    while (running.get()) {
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.readerProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
        Map<TopicPartition, Long> end = assign(consumer);
        while (running.get()) {
          ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
          boolean registryDown = false;
          for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (!handle(record)) {
              consumer.seek(partition, record.offset()); // the registry is down: the same record again, later
              registryDown = true;
              break;
            }
            positions.put(partition, record.offset() + 1);
          }
          failing = registryDown;
          if (registryDown) {
            backoff.pause();
            continue;
          }
          backoff.reset();
          if (caughtUp.getCount() > 0 && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            caughtUp.countDown();
          }
        }
      } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
        return; // stopping
      } catch (RuntimeException e) {
        if (KafkaFailures.isUnrecoverable(e)) {
          failing = true;
          onUnrecoverable.accept(threadName, e);
          return;
        }
        failing = true;
        Duration pause = backoff.next();
        log.warn("following {} failed, again in {} ms: {}", topic.name(), pause.toMillis(), e.toString());
        sleep(pause);
      }
    }
  }

  /** Assigns every partition, at the positions reached before a reconnect or at the beginning; returns the end offsets. */
  private Map<TopicPartition, Long> assign(KafkaConsumer<String, byte[]> consumer) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    if (partitions.isEmpty()) {
      throw new org.apache.kafka.common.errors.UnknownTopicOrPartitionException("topic " + topic.name() + " does not exist (yet)");
    }
    consumer.assign(partitions);
    for (TopicPartition partition : partitions) {
      Long position = positions.get(partition);
      if (position == null) {
        consumer.seekToBeginning(List.of(partition));
      } else {
        consumer.seek(partition, position);
      }
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    failing = false;
    return end;
  }

  /** Decodes and handles one record; false when it must be read again (registry outage). */
  private boolean handle(ConsumerRecord<String, byte[]> record) {
    V value;
    try {
      value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      if (KafkaFailures.isRegistryOutage(e)) {
        log.warn("schema registry unavailable while reading {}: {}", topic.name(), e.getMessage());
        return false;
      }
      unreadable.setAside(record, e);
      return true;
    }
    try {
      handler.accept(value);
    } catch (RuntimeException e) {
      unreadable.setAside(record, e);
    }
    return true;
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
