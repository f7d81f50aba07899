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
 * readers use read_committed. A batch is scored while the one before it commits, on a second
 * transactional producer (see {@link TransactionPipeline}).
 *
 * <p>Nothing a record carries can stop it: a record that cannot be decoded, or that scoring fails
 * on, becomes a dead letter in the batch's transaction, shortened to fit the topic (see {@link
 * DeadLetters}); if the topic still refuses it, the batch is read again with dead letters that
 * carry no original bytes, and then with none (logged and counted), never retried forever.
 *
 * <p>Nothing outside it stops it either: a batch that fails for another reason (broker or
 * registry outage, rebalance) is aborted and read again after a pause that grows up to 30 s; when
 * even the abort fails, the consumer and producers are closed and opened again, and the new
 * producers' {@code initTransactions} complete or abort whatever the old ones left open. Only a
 * failure no retry can mend (fenced by another instance, refused credentials or settings) ends
 * the loop, reported to {@link Unrecoverable} so the process exits for its supervisor. Counters
 * move only when a batch commits, so a retried batch is counted once.
 */
public final class ScoringLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ScoringLoop.class);
  private static final String SERVICE = "detector";
  /** Heartbeats go out every 3 s by default: this much silence means the coordinator is out of reach. */
  private static final double HEARTBEAT_SILENCE_SECONDS = 15;
  /** How long a poll waits while a batch waits for the committer: the committer is looked at again this often. */
  private static final Duration WAITING_FOR_COMMITTER = Duration.ofMillis(1);

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
  /** Read on the scoring thread, reset on the committer thread when a batch commits. */
  private volatile DeadLetterMode deadLetterMode = DeadLetterMode.WHOLE;
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
      TransactionPipeline pipeline = null;
      Duration pause = Duration.ZERO;
      try {
        consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
        activeConsumer = consumer;
        pipeline = TransactionPipeline.open(config.transactionalId(),
            id -> new KafkaProducer<>(producerProperties(id), new StringSerializer(), new ByteArraySerializer()));
        while (running.get() && models.current() == null) {
          sleep(100); // not ready: nothing is consumed before a model is in service
        }
        subscribe(consumer, pipeline);
        serve(consumer, pipeline, backoff);
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
        close(consumer, pipeline);
      }
      sleep(pause.toMillis());
    }
  }

  /**
   * Closes the clients without waiting long: against an unreachable broker a default close waits
   * for every pending send; what they leave unfinished is completed or aborted by the next
   * producers' {@code initTransactions} and re-read by the next consumer.
   */
  private static void close(KafkaConsumer<String, byte[]> consumer, TransactionPipeline pipeline) {
    if (pipeline != null) {
      pipeline.close();
    }
    try {
      if (consumer != null) {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
      }
    } catch (RuntimeException e) {
      log.debug("closing the consumer: {}", e.toString());
    }
  }

  /**
   * Polls and scores until stopped; returns normally only when stopped (after committing what it
   * read), throws when the clients must be replaced. Records are scored into the open batch as
   * they come, in chunks, and the batch goes to the committer when {@link CommitCadence} says; a
   * batch is scored while the one before it commits (see {@link TransactionPipeline}). With no
   * batch open, the commit in flight is waited for, so that its failure is noticed and its records
   * read again without waiting for more traffic.
   */
  private void serve(KafkaConsumer<String, byte[]> consumer, TransactionPipeline pipeline, Backoff backoff) {
    CommitCadence cadence = new CommitCadence(config.maxBatchSize(), config.latencyTarget());
    while (running.get()) {
      ConsumerRecords<String, byte[]> records = ConsumerRecords.empty();
      int started = 0; // records of this poll scored into a batch; after a failure the rest are read again too
      try {
        // a batch waiting for the committer looks again soon; otherwise the loop waits for records
        Duration wait = pipeline.openBatch() == null ? config.maxBatchWait() : WAITING_FOR_COMMITTER;
        records = consumer.poll(wait);
        lastPoll.set(clock.instant());
        int polled = records.count();
        List<ConsumerRecord<String, byte[]>> chunk = new ArrayList<>(Math.min(polled, cadence.chunk()));
        boolean caughtUp = polled < cadence.chunk();
        for (ConsumerRecord<String, byte[]> record : records) {
          chunk.add(record);
          if (chunk.size() >= cadence.chunk()) {
            scoreChunk(chunk, pipeline, cadence);
            started += chunk.size();
            chunk.clear();
            handOverIfDue(consumer, pipeline, cadence, false);
          }
        }
        if (!chunk.isEmpty()) {
          scoreChunk(chunk, pipeline, cadence);
          started += chunk.size();
        }
        if (pipeline.openBatch() == null) {
          pipeline.settle();
        } else {
          handOverIfDue(consumer, pipeline, cadence, caughtUp);
        }
        if (!records.isEmpty()) {
          failing = false;
          backoff.reset();
        }
      } catch (RuntimeException e) {
        if (KafkaFailures.isUnrecoverable(e) || e instanceof org.apache.kafka.common.errors.InterruptException) {
          throw e;
        }
        failing = true;
        Map<TopicPartition, Long> readAgain = pipeline.recover(e); // throws when the clients must be replaced
        notReadYet(records, started, readAgain);
        if (DeadLetters.refusedAsTooLarge(e)) {
          deadLetterMode = deadLetterMode == DeadLetterMode.WHOLE ? DeadLetterMode.WITHOUT_PAYLOAD : DeadLetterMode.NONE;
        }
        rewind(consumer, readAgain);
        Duration pause = backoff.next();
        log.warn("batch aborted, its records read again in {} ms: {}", pause.toMillis(), e.toString());
        sleep(pause.toMillis());
      }
    }
    // a clean stop commits what was read
    pipeline.commitAsync(consumer.groupMetadata(), this::committed);
    pipeline.settle();
  }

  /**
   * Lowers {@code readAgain} to the first record of each partition that a failed poll's loop
   * never read into a batch: the consumer's position is already past them.
   */
  static void notReadYet(ConsumerRecords<String, byte[]> records, int started, Map<TopicPartition, Long> readAgain) {
    int index = 0;
    for (ConsumerRecord<String, byte[]> record : records) {
      if (index++ >= started) {
        readAgain.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
      }
    }
  }

  private void handOverIfDue(KafkaConsumer<String, byte[]> consumer, TransactionPipeline pipeline, CommitCadence cadence, boolean caughtUp) {
    Batch batch = pipeline.openBatch();
    if (batch != null && cadence.handOver(batch.records(), System.nanoTime() - batch.openedNanos(), pipeline.committerFree(), caughtUp)) {
      pipeline.commitAsync(consumer.groupMetadata(), committed -> {
        cadence.committed(System.nanoTime() - committed.handedOverNanos());
        committed(committed);
      });
    }
  }

  /** Decodes, scores and writes a chunk of records into the open batch (opening one when none is). */
  private void scoreChunk(List<ConsumerRecord<String, byte[]>> chunk, TransactionPipeline pipeline, CommitCadence cadence) {
    PhishingModel model = models.current(); // one model per chunk: swaps fall between chunks
    Instant now = clock.instant();
    Batch batch = pipeline.batch(System.nanoTime());
    KafkaProducer<String, byte[]> producer = batch.producer();
    List<EmailMessage> messages = new ArrayList<>(chunk.size());
    List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(chunk.size());
    chunk.forEach(batch::read); // all of them first: if the chunk fails, the batch says where to read it again
    for (ConsumerRecord<String, byte[]> record : chunk) {
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
        deadLetter(producer, record.key(), DeadLetters.of(SERVICE, record, e, now), batch);
      }
    }
    long start = System.nanoTime();
    List<BatchScorer.Scored> scored = scoreIsolatingFailures(model, messages, sources, now, producer, batch);
    long elapsed = System.nanoTime() - start;
    cadence.scored(messages.size(), elapsed);
    for (BatchScorer.Scored s : scored) {
      String id = s.verdict().getMessageId();
      producer.send(new ProducerRecord<>(topics.verdicts().name(), id,
          topics.verdicts().valueSerde().serializer().serialize(topics.verdicts().name(), s.verdict())));
      if (s.inference() != null) {
        producer.send(new ProducerRecord<>(topics.inferenceLog().name(), id,
            topics.inferenceLog().valueSerde().serializer().serialize(topics.inferenceLog().name(), s.inference())));
      }
    }
    batch.scored(scored, elapsed);
  }

  /**
   * Counts a committed batch (on the committer thread): counters move only when a batch commits,
   * so an aborted batch that is read again is not counted twice. A commit also shows that dead
   * letters fit the topic again in whatever form they were written.
   */
  private void committed(Batch batch) {
    long done = System.nanoTime();
    List<BatchScorer.Scored> scored = batch.verdicts();
    for (BatchScorer.Scored s : scored) {
      Counter.builder("hookline_verdicts").description("Verdicts committed, by label").tag("label", s.verdict().getLabel().name()).register(metrics).increment();
      endToEnd.record(s.verdict().getEndToEndMillis(), TimeUnit.MILLISECONDS);
    }
    batch.deadLetters().forEach((kind, count) -> DeadLetterPublisher.setAsideCount(metrics, kind.name()).increment(count));
    if (batch.lostDeadLetters() > 0) {
      DeadLetterPublisher.lostCount(metrics).increment(batch.lostDeadLetters());
    }
    if (!scored.isEmpty()) {
      inference.record(batch.scoringNanos() / scored.size(), TimeUnit.NANOSECONDS);
      batchSizes.record(scored.size());
    }
    commits.record(done - batch.handedOverNanos(), TimeUnit.NANOSECONDS);
    batches.record(done - batch.openedNanos(), TimeUnit.NANOSECONDS);
    deadLetterMode = DeadLetterMode.WHOLE;
  }

  /**
   * Scores the batch; if that fails, scores its messages one by one so that the message scoring
   * fails on becomes a dead letter and the others get their verdicts.
   */
  private List<BatchScorer.Scored> scoreIsolatingFailures(PhishingModel model, List<EmailMessage> messages, List<ConsumerRecord<String, byte[]>> sources,
      Instant now, KafkaProducer<String, byte[]> producer, Batch batch) {
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
          deadLetter(producer, record.key(), DeadLetters.of(SERVICE, record, FailureKind.PROCESSING_ERROR, "scoring failed: " + e, e, now), batch);
        }
      }
      return scored;
    }
  }

  private void deadLetter(KafkaProducer<String, byte[]> producer, String key, DeadLetter letter, Batch batch) {
    batch.deadLetter(letter.getFailure());
    DeadLetter written = switch (deadLetterMode) {
      case WHOLE -> letter;
      case WITHOUT_PAYLOAD -> DeadLetters.withoutPayload(letter);
      case NONE -> null;
    };
    if (written == null) {
      batch.lost();
      log.error("dead letter for {}-{}@{} dropped: the dead-letter topic refused it even without the original bytes",
          letter.getSourceTopic(), letter.getSourcePartition(), letter.getSourceOffset());
      return;
    }
    log.warn("record {}-{}@{} ({} bytes) sent to {}: {}", letter.getSourceTopic(), letter.getSourcePartition(), letter.getSourceOffset(),
        letter.getValueLength(), topics.deadLetters().name(), letter.getReason());
    producer.send(new ProducerRecord<>(topics.deadLetters().name(), DeadLetters.recordKey(key),
        topics.deadLetters().valueSerde().serializer().serialize(topics.deadLetters().name(), written)));
  }

  /**
   * Subscribes to the inbound topic. Before partitions are given up, the open batch is committed
   * and waited for, so that their next owner starts after what this instance answered; if that
   * fails, the failure stays with the pipeline and is handled in the loop (aborted, and the
   * partitions still held read again).
   */
  private void subscribe(KafkaConsumer<String, byte[]> consumer, TransactionPipeline pipeline) {
    consumer.subscribe(Set.of(topics.inbound().name()), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        assigned.set(false);
        try {
          pipeline.commitAsync(consumer.groupMetadata(), ScoringLoop.this::committed);
          pipeline.settle();
        } catch (RuntimeException e) {
          log.warn("the last commit before giving up partitions failed: {}", e.toString());
        }
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
    // Records are wanted as soon as they come: a batch gathers them while the commit before it
    // runs (CommitCadence), so the broker need not hold a fetch back to fill it.
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) Math.max(1, config.maxBatchWait().toMillis()));
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    return props;
  }

  private Map<String, Object> producerProperties(String transactionalId) {
    Map<String, Object> props = new HashMap<>(config.kafka().producerProperties(Duration.ofSeconds(30)));
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
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

  /**
   * Back to the first record not committed in every partition this instance still holds; a
   * partition given up meanwhile is read by its next owner from the committed offset.
   */
  private static void rewind(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> readAgain) {
    Set<TopicPartition> held = consumer.assignment();
    readAgain.forEach((partition, offset) -> {
      if (held.contains(partition)) {
        consumer.seek(partition, offset);
      }
    });
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
