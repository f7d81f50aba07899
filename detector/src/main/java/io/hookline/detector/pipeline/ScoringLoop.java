package io.hookline.detector.pipeline;

import io.hookline.avro.DeadLetter;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.FailureKind;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.service.Backoff;
import io.hookline.core.service.Unrecoverable;
import io.hookline.core.topics.DeadLetters;
import io.hookline.core.topics.DeadLetterPublisher;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.KafkaFailures;
import io.hookline.detector.DetectorConfig;
import io.hookline.detector.model.ModelHolder;
import io.hookline.detector.scoring.BatchScorer;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's consume-score-produce loop, exactly once: each batch's verdicts, inference
 * records, dead letters and consumed offsets commit in one Kafka transaction, and downstream
 * readers use read_committed.
 *
 * <p>Nothing a record carries can stop it: a record that cannot be decoded, or that scoring fails
 * on, becomes a dead letter in the batch's transaction, shortened to fit the topic (see {@link
 * DeadLetters}); if the topic still refuses it, the batch is read again with dead letters that
 * carry no original bytes, and then with none (logged and counted), never retried forever.
 *
 * <p>Nothing outside it stops it either: a batch that fails for another reason (broker or
 * registry outage, rebalance) is aborted and read again after a pause that grows up to 30 s; when
 * even the abort fails, the consumer and producer are closed and opened again, and the new
 * producer's {@code initTransactions} completes or aborts whatever the old one left open. Only a
 * failure no retry can mend (fenced by another instance, refused credentials or settings) ends
 * the loop, reported to {@link Unrecoverable} so the process exits for its supervisor. Counters
 * move only when a batch commits, so a retried batch is counted once.
 */
public final class ScoringLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ScoringLoop.class);
  private static final String SERVICE = "detector";
  /** Heartbeats go out every 3 s by default: this much silence means the coordinator is out of reach. */
  private static final double HEARTBEAT_SILENCE_SECONDS = 15;

  /** How dead letters are written on the next attempt of a batch (see the class comment). */
  private enum DeadLetterMode { WHOLE, WITHOUT_PAYLOAD, NONE }

  private final DetectorConfig config;
  private final HooklineTopics topics;
  private final ModelHolder models;
  private final BatchScorer scorer;
  private final MeterRegistry metrics;
  private final Unrecoverable unrecoverable;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean assigned = new AtomicBoolean(false);
  private final AtomicReference<Instant> lastPoll = new AtomicReference<>(Instant.EPOCH);
  private volatile boolean failing;
  private volatile KafkaConsumer<String, byte[]> activeConsumer;
  private DeadLetterMode deadLetterMode = DeadLetterMode.WHOLE;
  private final Timer inference;
  private final Timer endToEnd;
  private final DistributionSummary batchSizes;
  private final Timer commits;
  private final Timer batches;

  public ScoringLoop(DetectorConfig config, HooklineTopics topics, ModelHolder models, BatchScorer scorer, MeterRegistry metrics,
      Unrecoverable unrecoverable, Clock clock) {
    this.config = config;
    this.topics = topics;
    this.models = models;
    this.scorer = scorer;
    this.metrics = metrics;
    this.unrecoverable = unrecoverable;
    this.clock = clock;
    this.inference = Timer.builder("hookline_inference").description("Scoring time per message (featurize, score, explain): a batch's time over its size, one sample per batch")
        .publishPercentileHistogram().register(metrics);
    this.endToEnd = Timer.builder("hookline_end_to_end").description("From the message's receivedAt to its verdict")
        .publishPercentileHistogram().register(metrics);
    this.batchSizes = DistributionSummary.builder("hookline_batch_size").description("Messages per scored batch").register(metrics);
    this.commits = Timer.builder("hookline_batch_commit").description("Committing a batch's transaction (offsets and outputs)").register(metrics);
    this.batches = Timer.builder("hookline_batch").description("A whole batch: decode, score, produce, commit").register(metrics);
    Gauge.builder("hookline_consumer_lag", this, ScoringLoop::maxLag)
        .description("Largest lag of this instance's partitions of the inbound topic, in records").register(metrics);
  }

  /** True once the group has given this instance partitions. */
  public boolean hasPartitions() {
    return assigned.get();
  }

  /**
   * True when the loop can score: partitions assigned, the last batch did not fail, it polled
   * recently (a loop stuck in a commit against an unreachable broker is not ready) and its group
   * coordinator heard from it recently (an idle loop cut off from the broker is not ready either).
   */
  public boolean isServing() {
    Duration sincePoll = Duration.between(lastPoll.get(), clock.instant());
    Duration bound = config.maxBatchWait().multipliedBy(3).plusSeconds(10);
    double sinceHeartbeat = consumerMetric("last-heartbeat-seconds-ago", "consumer-coordinator-metrics");
    return assigned.get() && !failing && sincePoll.compareTo(bound) <= 0 && !(sinceHeartbeat > HEARTBEAT_SILENCE_SECONDS);
  }

  public void stop() {
    running.set(false);
  }

  @Override
  public void run() {
    Backoff backoff = Backoff.standard();
    while (running.get()) {
      KafkaConsumer<String, byte[]> consumer = null;
      KafkaProducer<String, byte[]> producer = null;
      Duration pause = Duration.ZERO;
      try {
        consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
        activeConsumer = consumer;
        producer.initTransactions();
        while (running.get() && models.current() == null) {
          sleep(100); // not ready: nothing is consumed before a model is in service
        }
        subscribe(consumer);
        serve(consumer, producer, backoff);
      } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (KafkaFailures.isUnrecoverable(e)) {
          failing = true;
          unrecoverable.report("scoring loop (transactional id " + config.transactionalId() + ")", e);
          return;
        }
        failing = true;
        assigned.set(false);
        pause = backoff.next();
        log.warn("Kafka clients closed after a failure, opened again in {} ms: {}", pause.toMillis(), e.toString());
      } finally {
        activeConsumer = null;
        close(consumer, producer);
      }
      sleep(pause.toMillis());
    }
  }

  /**
   * Closes the clients without waiting long: against an unreachable broker a default close waits
   * for every pending send; what they leave unfinished is completed or aborted by the next
   * producer's {@code initTransactions} and re-read by the next consumer.
   */
  private static void close(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer) {
    try {
      if (producer != null) {
        producer.close(Duration.ofSeconds(2));
      }
    } catch (RuntimeException e) {
      log.debug("closing the producer: {}", e.toString());
    }
    try {
      if (consumer != null) {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
      }
    } catch (RuntimeException e) {
      log.debug("closing the consumer: {}", e.toString());
    }
  }

  /** Polls and scores until stopped; returns normally only when stopped, throws when the clients must be replaced. */
  private void serve(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer, Backoff backoff) {
    while (running.get()) {
      ConsumerRecords<String, byte[]> records = consumer.poll(config.maxBatchWait());
      lastPoll.set(clock.instant());
      if (records.isEmpty()) {
        continue;
      }
      try {
        process(records, consumer, producer);
        failing = false;
        backoff.reset();
        deadLetterMode = DeadLetterMode.WHOLE;
      } catch (RuntimeException e) {
        if (KafkaFailures.isUnrecoverable(e)) {
          throw e;
        }
        failing = true;
        if (DeadLetters.refusedAsTooLarge(e)) {
          deadLetterMode = deadLetterMode == DeadLetterMode.WHOLE ? DeadLetterMode.WITHOUT_PAYLOAD : DeadLetterMode.NONE;
        }
        abort(producer, e); // throws when the clients must be replaced
        rewind(consumer, records);
        Duration pause = backoff.next();
        log.warn("batch of {} aborted, read again in {} ms: {}", records.count(), pause.toMillis(), e.toString());
        sleep(pause.toMillis());
      }
    }
  }

  private void process(ConsumerRecords<String, byte[]> records, KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer) {
    PhishingModel model = models.current(); // one model per batch: swaps fall between batches
    long batchStart = System.nanoTime();
    Instant now = clock.instant();
    BatchTally tally = new BatchTally();
    producer.beginTransaction();
    List<EmailMessage> messages = new ArrayList<>(records.count());
    List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        EmailMessage message = topics.inbound().valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (message != null) { // a tombstone carries no mail
          messages.add(message);
          sources.add(record);
        }
      } catch (RuntimeException e) {
        if (KafkaFailures.isRegistryOutage(e)) {
          throw e; // not the record's fault: the batch is read again
        }
        deadLetter(producer, record.key(), DeadLetters.of(SERVICE, record, e, now), tally);
      }
    }
    long start = System.nanoTime();
    List<BatchScorer.Scored> scored = scoreIsolatingFailures(model, messages, sources, now, producer, tally);
    long elapsed = System.nanoTime() - start;
    for (BatchScorer.Scored s : scored) {
      String id = s.verdict().getMessageId();
      producer.send(new ProducerRecord<>(topics.verdicts().name(), id,
          topics.verdicts().valueSerde().serializer().serialize(topics.verdicts().name(), s.verdict())));
      if (s.inference() != null) {
        producer.send(new ProducerRecord<>(topics.inferenceLog().name(), id,
            topics.inferenceLog().valueSerde().serializer().serialize(topics.inferenceLog().name(), s.inference())));
      }
    }
    long commitStart = System.nanoTime();
    producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
    producer.commitTransaction();
    long done = System.nanoTime();
    // counted once the batch is committed: an aborted batch that is read again is not counted twice
    for (BatchScorer.Scored s : scored) {
      Counter.builder("hookline_verdicts").description("Verdicts committed, by label").tag("label", s.verdict().getLabel().name()).register(metrics).increment();
      endToEnd.record(s.verdict().getEndToEndMillis(), TimeUnit.MILLISECONDS);
    }
    tally.record(metrics);
    if (!scored.isEmpty()) {
      inference.record(elapsed / scored.size(), TimeUnit.NANOSECONDS);
      batchSizes.record(scored.size());
    }
    commits.record(done - commitStart, TimeUnit.NANOSECONDS);
    batches.record(done - batchStart, TimeUnit.NANOSECONDS);
  }

  /**
   * Scores the batch; if that fails, scores its messages one by one so that the message scoring
   * fails on becomes a dead letter and the others get their verdicts.
   */
  private List<BatchScorer.Scored> scoreIsolatingFailures(PhishingModel model, List<EmailMessage> messages, List<ConsumerRecord<String, byte[]>> sources,
      Instant now, KafkaProducer<String, byte[]> producer, BatchTally tally) {
    try {
      return scorer.score(model, messages, now);
    } catch (RuntimeException batchFailure) {
      log.warn("scoring a batch of {} failed ({}); scoring its messages one by one", messages.size(), batchFailure.toString());
      List<BatchScorer.Scored> scored = new ArrayList<>(messages.size());
      for (int i = 0; i < messages.size(); i++) {
        try {
          scored.addAll(scorer.score(model, List.of(messages.get(i)), now));
        } catch (RuntimeException e) {
          ConsumerRecord<String, byte[]> record = sources.get(i);
          deadLetter(producer, record.key(), DeadLetters.of(SERVICE, record, FailureKind.PROCESSING_ERROR, "scoring failed: " + e, e, now), tally);
        }
      }
      return scored;
    }
  }

  private void deadLetter(KafkaProducer<String, byte[]> producer, String key, DeadLetter letter, BatchTally tally) {
    tally.deadLetter(letter.getFailure());
    DeadLetter written = switch (deadLetterMode) {
      case WHOLE -> letter;
      case WITHOUT_PAYLOAD -> DeadLetters.withoutPayload(letter);
      case NONE -> null;
    };
    if (written == null) {
      tally.lost();
      log.error("dead letter for {}-{}@{} dropped: the dead-letter topic refused it even without the original bytes",
          letter.getSourceTopic(), letter.getSourcePartition(), letter.getSourceOffset());
      return;
    }
    log.warn("record {}-{}@{} ({} bytes) sent to {}: {}", letter.getSourceTopic(), letter.getSourcePartition(), letter.getSourceOffset(),
        letter.getValueLength(), topics.deadLetters().name(), letter.getReason());
    producer.send(new ProducerRecord<>(topics.deadLetters().name(), DeadLetters.recordKey(key),
        topics.deadLetters().valueSerde().serializer().serialize(topics.deadLetters().name(), written)));
  }

  /** Aborts the open transaction; when even that fails, throws so that the clients are replaced. */
  private static void abort(KafkaProducer<String, byte[]> producer, RuntimeException cause) {
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      if (KafkaFailures.isUnrecoverable(e)) {
        throw e;
      }
      IllegalStateException replace = new IllegalStateException("could not abort after " + cause + ": " + e, e);
      replace.addSuppressed(cause);
      throw replace;
    }
  }

  private void subscribe(KafkaConsumer<String, byte[]> consumer) {
    consumer.subscribe(Set.of(topics.inbound().name()), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        assigned.set(false);
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        assigned.set(!consumer.assignment().isEmpty() || !partitions.isEmpty());
      }

      @Override
      public void onPartitionsLost(Collection<TopicPartition> partitions) {
        assigned.set(false);
      }
    });
  }

  private Map<String, Object> consumerProperties() {
    Map<String, Object> props = new HashMap<>(config.kafka().readerProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatchSize());
    // Each batch costs a transaction (two round trips and a marker write): let the broker gather
    // a full batch, waiting at most the batch's time bound, rather than answer with a few records.
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 512 * 1024);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) Math.max(1, config.maxBatchWait().toMillis()));
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    return props;
  }

  private Map<String, Object> producerProperties() {
    Map<String, Object> props = new HashMap<>(config.kafka().producerProperties(Duration.ofSeconds(30)));
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // A batch's outputs (verdicts, inference records of ~10 KB each) leave in few large requests:
    // with 16 KB producer batches they took one round trip per record and capped throughput.
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return props;
  }

  /** The consumer's own records-lag-max; 0 before it has fetched or while no consumer is open. */
  private double maxLag() {
    double lag = consumerMetric("records-lag-max", "consumer-fetch-manager-metrics");
    return Double.isNaN(lag) ? 0 : lag;
  }

  /** A metric of the open consumer (the one without a topic tag); NaN when there is none yet. */
  private double consumerMetric(String name, String group) {
    KafkaConsumer<String, byte[]> consumer = activeConsumer;
    if (consumer == null) {
      return Double.NaN;
    }
    for (var entry : consumer.metrics().entrySet()) {
      if (entry.getKey().name().equals(name) && entry.getKey().group().equals(group) && entry.getKey().tags().get("topic") == null
          && entry.getValue().metricValue() instanceof Double value) {
        return value;
      }
    }
    return Double.NaN;
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> partitionRecords = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(partitionRecords.get(partitionRecords.size() - 1).offset() + 1));
    }
    return offsets;
  }

  /** Back to the first record of the aborted batch in every partition, to read it again. */
  private static void rewind(KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      consumer.seek(partition, records.records(partition).get(0).offset());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The dead-letter counts of one batch, recorded only when it commits. */
  private static final class BatchTally {
    private final Map<FailureKind, Integer> deadLetters = new HashMap<>();
    private int lost;

    void deadLetter(FailureKind kind) {
      deadLetters.merge(kind, 1, Integer::sum);
    }

    void lost() {
      lost++;
    }

    void record(MeterRegistry metrics) {
      deadLetters.forEach((kind, count) -> DeadLetterPublisher.setAsideCount(metrics, kind.name()).increment(count));
      if (lost > 0) {
        DeadLetterPublisher.lostCount(metrics).increment(lost);
      }
    }
  }
}
