package io.hookline.core.topics;

import io.hookline.avro.DeadLetter;
import io.hookline.core.config.KafkaConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the dead letters of readers that work outside a transaction (the followers of {@code
 * model.events}, {@code mail.inbound} and {@code mail.feedback}, the trainer's requests). A send is
 * tried once, then once more without the original bytes if the topic refused it as too large; a
 * letter that still cannot be written is logged and counted ({@code
 * hookline_dead_letters_lost_total}) and never retried, so a reader is never held up by its own
 * dead letters. The producer is created on the first dead letter.
 */
public final class DeadLetterPublisher implements UnreadableRecords, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private final SideChannel<DeadLetter> channel;
  private final String service;
  private final MeterRegistry metrics;

  public DeadLetterPublisher(KafkaConnection kafka, TopicSpec<String, DeadLetter> topic, String service, MeterRegistry metrics) {
    this.channel = new SideChannel<>(kafka, topic);
    this.service = service;
    this.metrics = metrics;
  }

  @Override
  public void setAside(ConsumerRecord<String, byte[]> record, Exception failure) {
    DeadLetter letter = DeadLetters.of(service, record, failure, Instant.now());
    log.warn("unreadable record {}-{}@{} ({} bytes) sent to {}: {}", record.topic(), record.partition(), record.offset(),
        letter.getValueLength(), channel.topicName(), letter.getReason());
    setAsideCount(metrics, letter.getFailure().name()).increment();
    String key = DeadLetters.recordKey(record.key());
    channel.send(key, letter, sendFailure -> {
      if (DeadLetters.refusedAsTooLarge(sendFailure)) {
        channel.send(null, DeadLetters.withoutPayload(letter), again -> lost(letter, again));
      } else {
        lost(letter, sendFailure);
      }
    });
  }

  private void lost(DeadLetter letter, Exception why) {
    lostCount(metrics).increment();
    log.error("dead letter for {}-{}@{} could not be written ({}); the record stays in its topic", letter.getSourceTopic(),
        letter.getSourcePartition(), letter.getSourceOffset(), why.toString());
  }

  @Override
  public void close() {
    channel.close();
  }

  /** {@code hookline_dead_letters_total{kind}}: records set aside, counted wherever a service sets one aside. */
  public static Counter setAsideCount(MeterRegistry metrics, String kind) {
    return Counter.builder("hookline_dead_letters")
        .description("Records set aside on the dead-letter topic, by failure kind").tag("kind", kind).register(metrics);
  }

  /** {@code hookline_dead_letters_lost_total}: dead letters that could not be published either. */
  public static Counter lostCount(MeterRegistry metrics) {
    return Counter.builder("hookline_dead_letters_lost")
        .description("Dead letters that could not be published either (only logged)").register(metrics);
  }
}
