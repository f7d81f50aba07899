package io.hookline.gateway.check;

import io.hookline.avro.Verdict;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.service.Backoff;
import io.hookline.core.service.Unrecoverable;
import io.hookline.core.topics.KafkaFailures;
import io.hookline.core.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reply half of the gateway's request/reply over Kafka: one consumer, shared by every check,
 * follows the verdicts topic (committed records only, every partition, from its end at start) and
 * completes the waiting check whose message id is the record's key. A check registers with {@link
 * #expect} before its message is published, so its verdict cannot pass unseen.
 *
 * <p>Only verdicts someone waits for are decoded. A broker outage closes the consumer and opens a
 * new one after a growing pause, at the positions reached (nothing written meanwhile is missed);
 * refused credentials or a rejected setting end it, reported to the service's {@link
 * Unrecoverable}.
 */
public final class VerdictReplies implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VerdictReplies.class);

  private final KafkaConnection kafka;
  private final TopicSpec<String, Verdict> verdicts;
  private final Unrecoverable unrecoverable;
  private final Map<String, CompletableFuture<Verdict>> waiting = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private final CountDownLatch assigned = new CountDownLatch(1);
  private final AtomicLong unclaimed = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean failing;

  public VerdictReplies(KafkaConnection kafka, TopicSpec<String, Verdict> verdicts, Unrecoverable unrecoverable) {
    this.kafka = kafka;
    this.verdicts = verdicts;
    this.unrecoverable = unrecoverable;
    this.thread = new Thread(this::follow, "gateway-verdicts");
    this.thread.setDaemon(true);
    this.thread.setUncaughtExceptionHandler((t, e) -> unrecoverable.report(t.getName(), e));
  }

  /** Starts following; returns at once. */
  public VerdictReplies start() {
    thread.start();
    return this;
  }

  /** Waits until the consumer has its partitions and knows where their ends were. */
  public boolean awaitAssigned(Duration timeout) throws InterruptedException {
    return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The verdict for {@code messageId}, when it comes; call before publishing the message. */
  public CompletableFuture<Verdict> expect(String messageId) {
    CompletableFuture<Verdict> reply = new CompletableFuture<>();
    if (waiting.putIfAbsent(messageId, reply) != null) {
      throw new IllegalStateException("a check already waits for message " + messageId);
    }
    return reply;
  }

  /** No longer waits for {@code messageId} (its check timed out or failed). */
  public void forget(String messageId) {
    waiting.remove(messageId);
  }

  /** Checks waiting for a verdict now. */
  public int waiting() {
    return waiting.size();
  }

  /** Verdicts that came after their check had stopped waiting. */
  public long unclaimed() {
    return unclaimed.get();
  }

  /** The consumer runs, has its partitions and its last poll reached the broker. */
  public boolean isHealthy() {
    return thread.isAlive() && assigned.getCount() == 0 && !failing;
  }

  public boolean isAlive() {
    return thread.isAlive();
  }

  private void follow() {
    Backoff backoff = Backoff.standard();
    while (running) {
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.readerProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
        assign(consumer);
        failing = false;
        assigned.countDown();
        backoff.reset();
        while (running) {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            deliver(record);
          }
        }
      } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
        return;
      } catch (RuntimeException e) {
        failing = true;
        if (KafkaFailures.isUnrecoverable(e)) {
          unrecoverable.report("gateway-verdicts", e);
          return;
        }
        log.warn("following {} failed ({} times in a row), trying again after a pause: {}", verdicts.name(), backoff.failures() + 1, e.toString());
        if (!backoff.pause()) {
          return;
        }
      }
    }
  }

  /** Every partition, from where this gateway left off, or from the end: earlier verdicts answer no one here. */
  private void assign(KafkaConsumer<String, byte[]> consumer) {
    List<TopicPartition> partitions = consumer.partitionsFor(verdicts.name(), Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    if (partitions.isEmpty()) {
      throw new org.apache.kafka.common.errors.UnknownTopicOrPartitionException("topic " + verdicts.name() + " does not exist (yet)");
    }
    consumer.assign(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    for (TopicPartition partition : partitions) {
      long position = positions.computeIfAbsent(partition, ends::get);
      consumer.seek(partition, position);
    }
  }

  private void deliver(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    CompletableFuture<Verdict> reply = waiting.remove(record.key());
    if (reply == null) {
      unclaimed.incrementAndGet();
      return;
    }
    try {
      reply.complete(verdicts.valueSerde().deserializer().deserialize(record.topic(), record.value()));
    } catch (RuntimeException e) {
      // a verdict that cannot be read is no verdict: the check answers as for a timeout, now
      log.warn("verdict for a waiting check at {}-{}@{} cannot be read: {}", record.topic(), record.partition(), record.offset(), e.toString());
      reply.completeExceptionally(e);
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    waiting.values().forEach(reply -> reply.cancel(false));
  }
}
