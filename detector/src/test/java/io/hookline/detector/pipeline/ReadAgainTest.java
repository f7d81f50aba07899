package io.hookline.detector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** After a poll fails part way, its records not yet scored into a batch are read again, and none that a committed batch holds. */
class ReadAgainTest {
  private static final TopicPartition P0 = new TopicPartition("mail.inbound", 0);
  private static final TopicPartition P1 = new TopicPartition("mail.inbound", 1);

  @Test
  void recordsOfAPollThatNoBatchHoldsAreReadAgainFromTheFirst() {
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
    byPartition.put(P0, records(P0, 10, 4)); // 10..13
    byPartition.put(P1, records(P1, 50, 3)); // 50..52
    ConsumerRecords<String, byte[]> poll = new ConsumerRecords<>(byPartition, Map.of());

    // the first 5 records (P0 10..13, P1 50) went into batches that committed; the failing chunk was P1 51..52
    Map<TopicPartition, Long> readAgain = new HashMap<>();
    ScoringLoop.notReadYet(poll, 5, readAgain);
    assertThat(readAgain).containsExactlyEntriesOf(Map.of(P1, 51L));

    // an aborted batch that began earlier in P1 keeps its earlier offset
    Map<TopicPartition, Long> withAborted = new HashMap<>(Map.of(P1, 50L));
    ScoringLoop.notReadYet(poll, 5, withAborted);
    assertThat(withAborted).containsExactlyEntriesOf(Map.of(P1, 50L));

    Map<TopicPartition, Long> nothingScored = new HashMap<>();
    ScoringLoop.notReadYet(poll, 0, nothingScored);
    assertThat(nothingScored).containsOnly(Map.entry(P0, 10L), Map.entry(P1, 50L));

    Map<TopicPartition, Long> allScored = new HashMap<>();
    ScoringLoop.notReadYet(poll, 7, allScored);
    assertThat(allScored).isEmpty();
  }

  private static List<ConsumerRecord<String, byte[]>> records(TopicPartition partition, long first, int count) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(new ConsumerRecord<>(partition.topic(), partition.partition(), first + i, "m" + (first + i), new byte[0]));
    }
    return records;
  }
}
