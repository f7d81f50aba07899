package io.hookline.monitor.reference;

import io.hookline.avro.ModelEvent;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads {@code model.events} from the beginning into the catalog, and keeps following it. */
public final class ModelEventFollower implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelEventFollower.class);

  private final KafkaConnection kafka;
  private final TopicSpec<String, ModelEvent> topic;
  private final ReferenceCatalog catalog;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;

  public ModelEventFollower(KafkaConnection kafka, TopicSpec<String, ModelEvent> topic, ReferenceCatalog catalog) {
    this.kafka = kafka;
    this.topic = topic;
    this.catalog = catalog;
    this.thread = new Thread(this, "monitor-model-events");
  }

  public ModelEventFollower start() {
    thread.start();
    return this;
  }

  /** Waits until the events that existed at start have been read. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void run() {
    try (KafkaConsumer<String, ModelEvent> consumer =
        new KafkaConsumer<>(kafka.readerProperties(), topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (running.get()) {
        for (ConsumerRecord<String, ModelEvent> record : consumer.poll(Duration.ofMillis(200))) {
          catalog.onEvent(record.value());
        }
        if (caughtUp.getCount() > 0 && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          caughtUp.countDown();
        }
      }
    } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      log.error("model event follower stopped: {}", e.toString());
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
