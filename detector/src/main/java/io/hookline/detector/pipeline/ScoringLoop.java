package io.hookline.detector.pipeline;

import io.hookline.avro.DeadLetter;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Verdict;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.topics.DeadLetters;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.detector.DetectorConfig;
import io.hookline.detector.model.ModelHolder;
import io.hookline.detector.scoring.BatchScorer;
import io.hookline.schemas.wire.WireFormatException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's consume-score-produce loop, exactly once: each batch's verdicts, inference
 * records, dead letters and consumed offsets commit in one Kafka transaction, and downstream
 * readers use read_committed. A batch that fails is aborted and read again; a record that cannot be
 * decoded goes to the dead-letter topic inside the same transaction, so nothing is lost and
 * nothing is answered twice.
 */
public final class ScoringLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ScoringLoop.class);

  private final DetectorConfig config;
  private final HooklineTopics topics;
  private final ModelHolder models;
  private final BatchScorer scorer;
  private final MeterRegistry metrics;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean assigned = new AtomicBoolean(false);
  private final Timer inference;
  private final Timer endToEnd;
  private final DistributionSummary batchSizes;
  private final Timer commits;
  private final Timer batches;

  public ScoringLoop(DetectorConfig config, HooklineTopics topics, ModelHolder models, BatchScorer scorer, MeterRegistry metrics) {
    this.config = config;
    this.topics = topics;
    this.models = models;
    this.scorer = scorer;
    this.metrics = metrics;
    this.inference = Timer.builder("hookline_inference").description("Scoring time per message (featurize, score, explain)")
        .publishPercentileHistogram().register(metrics);
    this.endToEnd = Timer.builder("hookline_end_to_end").description("From the message's receivedAt to its verdict")
        .publishPercentileHistogram().register(metrics);
    this.batchSizes = DistributionSummary.builder("hookline_batch_size").description("Messages per scored batch").register(metrics);
    this.commits = Timer.builder("hookline_batch_commit").description("Committing a batch's transaction (offsets and outputs)").register(metrics);
    this.batches = Timer.builder("hookline_batch").description("A whole batch: decode, score, produce, commit").register(metrics);
  }

  /** True once the group has given this instance partitions. */
  public boolean hasPartitions() {
    return assigned.get();
  }

  public void stop() {
    running.set(false);
  }

  @Override
  public void run() {
    Map<String, Object> consumerProps = new HashMap<>(config.kafka().readerProperties());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatchSize());
    // Each batch costs a transaction (two round trips and a marker write): let the broker gather
    // a full batch, waiting at most the batch's time bound, rather than answer with a few records.
    consumerProps.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 512 * 1024);
    consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) Math.max(1, config.maxBatchWait().toMillis()));
    consumerProps.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    Map<String, Object> producerProps = new HashMap<>(config.kafka().producerProperties(Duration.ofSeconds(30)));
    producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // A batch's outputs (verdicts, inference records of ~10 KB each) leave in few large requests:
    // with 16 KB producer batches they took one round trip per record and capped throughput.
    producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
    producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.initTransactions();
      Gauge.builder("hookline_consumer_lag", consumer, ScoringLoop::maxLag)
          .description("Largest lag of this instance's partitions of the inbound topic, in records").register(metrics);
      while (running.get() && models.current() == null) {
        sleep(100); // not ready: nothing is consumed before a model is in service
      }
      consumer.subscribe(Set.of(topics.inbound().name()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          assigned.set(false);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          assigned.set(!consumer.assignment().isEmpty() || !partitions.isEmpty());
        }
      });
      while (running.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(config.maxBatchWait());
        if (records.isEmpty()) {
          continue;
        }
        try {
          process(records, consumer, producer);
        } catch (ProducerFencedException e) {
          log.error("another detector took over transactional id {}; stopping", config.transactionalId());
          return;
        } catch (KafkaException e) { // the registry being unreachable included: not the record's fault
          log.warn("batch of {} aborted, will be read again: {}", records.count(), e.toString());
          producer.abortTransaction();
          rewind(consumer, records);
          sleep(500);
        }
      }
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void process(ConsumerRecords<String, byte[]> records, KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer) {
    PhishingModel model = models.current(); // one model per batch: swaps fall between batches
    long batchStart = System.nanoTime();
    Instant now = Instant.now();
    producer.beginTransaction();
    List<EmailMessage> messages = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        EmailMessage message = topics.inbound().valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (message == null) {
          continue; // a tombstone carries no mail
        }
        messages.add(message);
      } catch (WireFormatException e) {
        DeadLetter letter = DeadLetters.of("detector", record, e, now);
        producer.send(new ProducerRecord<>(topics.deadLetters().name(), record.key(),
            topics.deadLetters().valueSerde().serializer().serialize(topics.deadLetters().name(), letter)));
        metrics.counter("hookline_dead_letters_total", "kind", letter.getFailure().name()).increment();
      }
    }
    long start = System.nanoTime();
    List<BatchScorer.Scored> scored = scorer.score(model, messages, now);
    long elapsed = System.nanoTime() - start;
    for (BatchScorer.Scored s : scored) {
      Verdict verdict = s.verdict();
      producer.send(new ProducerRecord<>(topics.verdicts().name(), verdict.getMessageId(),
          topics.verdicts().valueSerde().serializer().serialize(topics.verdicts().name(), verdict)));
      if (s.inference() != null) {
        InferenceRecord inferenceRecord = s.inference();
        producer.send(new ProducerRecord<>(topics.inferenceLog().name(), verdict.getMessageId(),
            topics.inferenceLog().valueSerde().serializer().serialize(topics.inferenceLog().name(), inferenceRecord)));
      }
      metrics.counter("hookline_verdicts_total", "label", verdict.getLabel().name()).increment();
      endToEnd.record(verdict.getEndToEndMillis(), TimeUnit.MILLISECONDS);
    }
    if (!scored.isEmpty()) {
      inference.record(elapsed / scored.size(), TimeUnit.NANOSECONDS);
      batchSizes.record(scored.size());
    }
    long commitStart = System.nanoTime();
    producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
    producer.commitTransaction();
    long done = System.nanoTime();
    commits.record(done - commitStart, TimeUnit.NANOSECONDS);
    batches.record(done - batchStart, TimeUnit.NANOSECONDS);
  }

  /** The consumer's own records-lag-max; 0 before it has fetched. */
  private static double maxLag(KafkaConsumer<String, byte[]> consumer) {
    for (var entry : consumer.metrics().entrySet()) {
      if (entry.getKey().name().equals("records-lag-max") && entry.getKey().tags().get("topic") == null) {
        Object value = entry.getValue().metricValue();
        if (value instanceof Double lag && !lag.isNaN()) {
          return lag;
        }
      }
    }
    return 0;
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
}
