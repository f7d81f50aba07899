package io.hookline.core.topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reader does with a record it cannot decode or process: set it aside and move on. Services
 * write it to the dead-letter topic ({@link DeadLetterPublisher}); a one-shot command only says
 * which record it skipped ({@link #skipped}).
 */
@FunctionalInterface
public interface UnreadableRecords {

  void setAside(ConsumerRecord<String, byte[]> record, Exception failure);

  /** Logs the record's place and the failure (never its content) and moves on. */
  static UnreadableRecords skipped(String reader) {
    Logger log = LoggerFactory.getLogger(UnreadableRecords.class);
    return (record, failure) -> log.warn("{} skipped the unreadable record {}-{}@{} ({} bytes): {}", reader, record.topic(),
        record.partition(), record.offset(), record.value() == null ? 0 : record.value().length, failure.getMessage());
  }
}
