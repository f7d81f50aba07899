package io.hookline.detector.pipeline;

import io.hookline.avro.FailureKind;
import io.hookline.detector.scoring.BatchScorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * What one transaction holds until it commits: the records read into it (several polls' worth),
 * the verdicts written, the dead letters set aside, and how long scoring took. Its offsets are
 * those to commit with it; its first offsets are where to read again if it does not commit.
 */
final class Batch {
  private final KafkaProducer<String, byte[]> producer;
  private final long openedNanos;
  private final Map<TopicPartition, Long> first = new HashMap<>();
  private final Map<TopicPartition, Long> last = new HashMap<>();
  private final List<BatchScorer.Scored> scored = new ArrayList<>();
  private final Map<FailureKind, Integer> deadLetters = new HashMap<>();
  private int records;
  private int lost;
  private long scoringNanos;
  private long handedOverNanos;

  Batch(KafkaProducer<String, byte[]> producer, long openedNanos) {
    this.producer = producer;
    this.openedNanos = openedNanos;
  }

  /** The producer whose open transaction this batch is written in. */
  KafkaProducer<String, byte[]> producer() {
    return producer;
  }

  /** When the batch's first record was read, on the monotonic clock. */
  long openedNanos() {
    return openedNanos;
  }

  /** Counts a record as read into this batch (in each partition, records come in offset order). */
  void read(ConsumerRecord<?, ?> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    first.putIfAbsent(partition, record.offset());
    last.put(partition, record.offset());
    records++;
  }

  void scored(List<BatchScorer.Scored> verdicts, long nanos) {
    scored.addAll(verdicts);
    scoringNanos += nanos;
  }

  void deadLetter(FailureKind kind) {
    deadLetters.merge(kind, 1, Integer::sum);
  }

  /** A dead letter the topic refused even without the original bytes. */
  void lost() {
    lost++;
  }

  /** Records read into the batch, tombstones and dead letters included. */
  int records() {
    return records;
  }

  List<BatchScorer.Scored> verdicts() {
    return scored;
  }

  Map<FailureKind, Integer> deadLetters() {
    return deadLetters;
  }

  int lostDeadLetters() {
    return lost;
  }

  long scoringNanos() {
    return scoringNanos;
  }

  /** Marks when the batch was handed to the committer, on the monotonic clock. */
  void handedOver(long nanos) {
    handedOverNanos = nanos;
  }

  /** When the batch was handed to the committer; its commit took from then until it ended. */
  long handedOverNanos() {
    return handedOverNanos;
  }

  /** The offsets to commit with the batch: after its last record in each partition. */
  Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    last.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset + 1)));
    return offsets;
  }

  /** Lowers {@code readAgain} to this batch's first offset in each of its partitions. */
  void firstOffsets(Map<TopicPartition, Long> readAgain) {
    first.forEach((partition, offset) -> readAgain.merge(partition, offset, Math::min));
  }
}
