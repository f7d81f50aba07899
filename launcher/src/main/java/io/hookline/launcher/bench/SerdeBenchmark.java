package io.hookline.launcher.bench;

import io.hookline.avro.EmailMessage;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.kafka.EmbeddedKafkaSettings;
import io.hookline.schemas.registry.SchemaRegistry;
import io.hookline.schemas.wire.AvroDeserializer;
import io.hookline.schemas.wire.AvroSerializer;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Moves {@code EmailMessage} records through the Confluent-format serde and a real broker on
 * loopback, and times each leg: broker start, produce (serialize + send + acks=all), consume
 * (fetch + deserialize), and the serde alone in memory, to show where the time goes.
 */
final class SerdeBenchmark {

  /** One run's timings; rates in records per second. */
  record Run(
      int run,
      boolean warmup,
      long records,
      long valueBytes,
      double produceSeconds,
      double consumeSeconds,
      double serializeOnlySeconds,
      double deserializeOnlySeconds) {
    double produceRate() {
      return records / produceSeconds;
    }

    double consumeRate() {
      return records / consumeSeconds;
    }

    double serializeOnlyRate() {
      return records / serializeOnlySeconds;
    }

    double deserializeOnlyRate() {
      return records / deserializeOnlySeconds;
    }
  }

  /** Medians over the measured (non-warm-up) runs. */
  record Medians(
      double produceRecordsPerSecond,
      double consumeRecordsPerSecond,
      double produceMegabytesPerSecond,
      double serializeOnlyRecordsPerSecond,
      double deserializeOnlyRecordsPerSecond) {}

  record Result(
      String benchmark,
      String startedAt,
      BenchMachine machine,
      int records,
      double meanValueBytes,
      double brokerStartupSeconds,
      List<Run> runs,
      Medians medians) {}

  private SerdeBenchmark() {}

  static Result run(int records, int runs, int warmup, PrintWriter progress) {
    String startedAt = Instant.now().toString();
    BenchMachine machine = BenchMachine.now();
    progress.println(machine.describe());
    List<EmailMessage> messages = new SyntheticMail(20261127L).generate(records, "bench-");
    try (EmbeddedStack stack = EmbeddedStack.start(EmbeddedKafkaSettings.temporary())) {
      double startup = stack.broker().startupTime().toNanos() / 1e9;
      progress.printf("broker started in %.2f s; %d runs of %d records (%d warm-up)%n", startup, runs, records, warmup);
      progress.flush();
      SchemaRegistry registry = stack.registryClient();
      List<Run> results = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        Run result = oneRun(stack, registry, messages, run, run <= warmup);
        results.add(result);
        progress.printf(
            "run %d%s: produce %,.0f rec/s, consume %,.0f rec/s, serialize only %,.0f rec/s, deserialize only %,.0f rec/s%n",
            run, result.warmup() ? " (warm-up)" : "", result.produceRate(), result.consumeRate(),
            result.serializeOnlyRate(), result.deserializeOnlyRate());
        progress.flush();
      }
      List<Run> measured = results.stream().filter(r -> !r.warmup()).toList();
      double meanBytes = (double) results.get(0).valueBytes() / records;
      Medians medians =
          new Medians(
              median(measured.stream().mapToDouble(Run::produceRate).toArray()),
              median(measured.stream().mapToDouble(Run::consumeRate).toArray()),
              median(measured.stream().mapToDouble(r -> r.valueBytes() / r.produceSeconds() / 1e6).toArray()),
              median(measured.stream().mapToDouble(Run::serializeOnlyRate).toArray()),
              median(measured.stream().mapToDouble(Run::deserializeOnlyRate).toArray()));
      return new Result(
          "serde-loopback", startedAt, machine, records, meanBytes, startup, results, medians);
    }
  }

  private static Run oneRun(EmbeddedStack stack, SchemaRegistry registry, List<EmailMessage> messages, int run, boolean warmup) {
    String topic = "bench.serde." + run + "." + System.nanoTime();
    stack.createTopics(1, topic);
    AvroSerializer<EmailMessage> serializer = new AvroSerializer<>(registry, EmailMessage.class, false, true);
    AvroDeserializer<EmailMessage> deserializer = new AvroDeserializer<>(registry, EmailMessage.class);

    // The serde alone, in memory: the share of the transport cost that is Avro.
    long t0 = System.nanoTime();
    List<byte[]> encoded = new ArrayList<>(messages.size());
    for (EmailMessage message : messages) {
      encoded.add(serializer.serialize(topic, message));
    }
    long t1 = System.nanoTime();
    for (byte[] bytes : encoded) {
      if (deserializer.deserialize(topic, bytes) == null) {
        throw new IllegalStateException("a record decoded to null");
      }
    }
    long t2 = System.nanoTime();
    encoded.clear();

    AtomicLong valueBytes = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long produceStart = System.nanoTime();
    try (KafkaProducer<String, EmailMessage> producer = new KafkaProducer<>(producerProperties(stack), new StringSerializer(), serializer)) {
      for (EmailMessage message : messages) {
        producer.send(
            new ProducerRecord<>(topic, message.getMessageId(), message),
            (metadata, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              } else {
                valueBytes.addAndGet(metadata.serializedValueSize());
              }
            });
      }
      producer.flush();
    }
    long produceEnd = System.nanoTime();
    if (failure.get() != null) {
      throw new IllegalStateException("produce failed", failure.get());
    }

    long consumeStart = System.nanoTime();
    int received = 0;
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, EmailMessage> consumer = new KafkaConsumer<>(consumerProperties(stack), new StringDeserializer(), deserializer)) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (received < messages.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("consumed only " + received + " of " + messages.size() + " records in 5 minutes");
        }
        for (ConsumerRecord<String, EmailMessage> record : consumer.poll(Duration.ofMillis(100))) {
          String expected = messages.get(received).getMessageId();
          if (!expected.equals(record.value().getMessageId())) {
            throw new IllegalStateException("record " + received + " is " + record.value().getMessageId() + ", expected " + expected);
          }
          received++;
        }
      }
    }
    long consumeEnd = System.nanoTime();
    return new Run(
        run, warmup, messages.size(), valueBytes.get(),
        (produceEnd - produceStart) / 1e9, (consumeEnd - consumeStart) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }

  private static Map<String, Object> producerProperties(EmbeddedStack stack) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
  }

  private static Map<String, Object> consumerProperties(EmbeddedStack stack) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
