package io.hookline.launcher.bench;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Verdict;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.features.TokenSample;
import io.hookline.core.model.InferenceDevice;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.detector.DetectorConfig;
import io.hookline.detector.DetectorService;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.kafka.EmbeddedKafkaSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The detector end to end on the embedded broker, exactly-once on: a backlog run (the whole corpus
 * waiting on the topic when the detector starts; verdicts per second while it drains) and a paced
 * run at a fixed rate (latency from when each message is handed to the producer until its verdict
 * is committed and read), left out when it is given no messages.
 */
final class DetectorBenchmark {

  /**
   * One run of one family.
   *
   * @param pacedRate the offered rate of the paced run, messages/s
   * @param achievedRate the verdicts/s read back over the paced run, from the first verdict to the last
   */
  record Result(String family, double escalatedShare, String device, int maxBatch, int scoringThreads, double sampleRate, int backlogMessages, double backlogVerdictsPerSecond,
      double pacedRate, double achievedRate, double p50Millis, double p90Millis, double p99Millis, double p999Millis, double maxMillis) {}

  private DetectorBenchmark() {}

  static Result run(String family, List<String> trainDomains, int backlogMessages, int pacedMessages, double rate, int maxBatch, double sampleRate, InferenceDevice device,
      int scoringThreads, PrintWriter out) throws Exception {
    try (EmbeddedStack stack = EmbeddedStack.start(EmbeddedKafkaSettings.temporary())) {
      BenchPlatform platform = BenchPlatform.prepare(stack, 3, family, trainDomains);
      TopicNames names = platform.names();
      KafkaConnection kafka = platform.kafka();
      HooklineTopics topics = platform.topics();
      List<EmailMessage> parsed = platform.parsed();
      DetectorConfig config = new DetectorConfig(kafka, names, "bench-detector", "bench-detector-0", maxBatch, Duration.ofMillis(5), "phish", sampleRate, new TokenSample(2), 5, 0, device, 1)
          .withScoringThreads(scoringThreads);
      // backlog: the corpus waits on the topic before the detector starts, so the drain rate is
      // the detector's alone, not shared with a publisher on the same cores
      publish(kafka, topics, parsed, "backlog-", backlogMessages, 0);
      try (KafkaConsumer<String, Verdict> verdicts = reader(kafka, topics)) {
        verdicts.subscribe(Set.of(names.verdicts()));
        verdicts.poll(Duration.ofMillis(500)); // join before the detector answers
        try (DetectorService detector = DetectorService.start(config, new FileModelStore())) {
          long[] firstAndLast = new long[2];
          int seen = awaitVerdicts(verdicts, backlogMessages, null, firstAndLast);
          double batch = meanBatch(detector, "hookline_batch_size");
          // the first batch's verdicts arrive together at firstAndLast[0]: the rate counts the rest
          double drained = (seen - batch) / ((firstAndLast[1] - firstAndLast[0]) / 1e9);
          out.printf("%s (%.1f%% of the corpus escalated) backlog: %,d verdicts at %,.0f verdicts/s (mean batch %.1f messages, %.1f ms per batch of which %.1f ms commit, %.1f ms scoring)%n",
              family, 100 * platform.escalatedShare(), seen, drained, batch, 1000 * meanBatch(detector, "hookline_batch_seconds"),
              1000 * meanBatch(detector, "hookline_batch_commit_seconds"), 1000 * meanBatch(detector, "hookline_inference_seconds") * batch);
          out.flush();
          if (pacedMessages == 0) {
            return new Result(family, platform.escalatedShare(), device.toString(), maxBatch, scoringThreads, sampleRate, seen, drained, 0, 0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
          }
          // paced: latency at a fixed rate
          long[] latencies = new long[pacedMessages];
          long[] pacedFirstAndLast = new long[2];
          Thread gateway = new Thread(() -> publish(kafka, topics, parsed, "paced-", pacedMessages, rate));
          gateway.start();
          int answered = awaitVerdicts(verdicts, pacedMessages, latencies, pacedFirstAndLast);
          gateway.join();
          if (answered < 2) {
            throw new IllegalStateException("the paced run read back " + answered + " verdicts of " + pacedMessages + " within 5 minutes");
          }
          long[] measured = Arrays.copyOf(latencies, answered); // a run cut short by the deadline counts what came back
          Arrays.sort(measured);
          double achieved = (answered - 1) / ((pacedFirstAndLast[1] - pacedFirstAndLast[0]) / 1e9);
          Result result = new Result(family, platform.escalatedShare(), device.toString(), maxBatch, scoringThreads, sampleRate, seen, drained, rate, achieved,
              percentile(measured, 0.5), percentile(measured, 0.9), percentile(measured, 0.99), percentile(measured, 0.999), percentile(measured, 1));
          out.printf("%s paced at %.0f msg/s (%.0f verdicts/s read back): end-to-end p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
              family, rate, achieved, result.p50Millis(), result.p90Millis(), result.p99Millis(), result.p999Millis(), result.maxMillis());
          out.flush();
          return result;
        }
      }
    }
  }

  /** The {@code q} quantile of sorted nanoseconds, in milliseconds (the nearest rank). */
  static double percentile(long[] sortedNanos, double q) {
    int rank = (int) Math.ceil(q * sortedNanos.length - 1e-9) - 1; // 0.07 * 100 is 7.000000000000001 in doubles: rank 7, not 8
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank))] / 1e6;
  }

  /** The mean of one of the detector's summaries or timers: sum over count. */
  private static double meanBatch(DetectorService detector, String name) throws Exception {
    String metrics = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + detector.httpPort() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    double count = 0;
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + "_count")) {
        count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith(name + "_sum")) {
        sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return count == 0 ? 0 : sum / count;
  }

  static KafkaConsumer<String, Verdict> reader(KafkaConnection kafka, HooklineTopics topics) {
    Map<String, Object> props = new HashMap<>(kafka.readerProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    return new KafkaConsumer<>(props, new StringDeserializer(), topics.verdicts().valueSerde().deserializer());
  }

  /** Counts verdicts until {@code expected}; records latency from receivedAt when asked. */
  static int awaitVerdicts(KafkaConsumer<String, Verdict> consumer, int expected, long[] latencies, long[] firstAndLast) {
    int seen = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (seen < expected && System.nanoTime() < deadline) {
      for (var record : consumer.poll(Duration.ofMillis(20))) {
        if (latencies != null && seen < latencies.length) {
          latencies[seen] = System.nanoTime() - SentClock.sentNanos(record.key());
        }
        if (seen == 0) {
          firstAndLast[0] = System.nanoTime();
        }
        firstAndLast[1] = System.nanoTime();
        seen++;
      }
    }
    return seen;
  }

  static void publish(KafkaConnection kafka, HooklineTopics topics, List<EmailMessage> parsed, String prefix, int count, double rate) {
    Map<String, Object> props = new HashMap<>(kafka.producerProperties(Duration.ofSeconds(30)));
    props.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, rate > 0 ? 0 : 5);
    try (KafkaProducer<String, EmailMessage> producer = new KafkaProducer<>(props, topics.inbound().keySerde().serializer(), topics.inbound().valueSerde().serializer())) {
      // the producer's first send waits for the topic's metadata: fetched before the clock starts, so
      // the first messages' latency is the detector's, not the publisher's start
      producer.partitionsFor(topics.inbound().name());
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        if (rate > 0) {
          long due = start + (long) (i * 1e9 / rate);
          // park, not spin: a spinning gateway would take one of the detector's cores
          for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
          }
        }
        EmailMessage message = EmailMessage.newBuilder(parsed.get(i % parsed.size())).setMessageId(prefix + i).setReceivedAt(Instant.now()).build();
        SentClock.sent(message.getMessageId());
        producer.send(new ProducerRecord<>(topics.inbound().name(), message.getMessageId(), message));
      }
    }
  }

  /** When each message was handed to the producer, by id, on this JVM's monotonic clock. */
  private static final class SentClock {
    private static final Map<String, Long> SENT = new java.util.concurrent.ConcurrentHashMap<>();

    static void sent(String id) {
      SENT.put(id, System.nanoTime());
    }

    static long sentNanos(String id) {
      Long sent = SENT.remove(id);
      return sent == null ? System.nanoTime() : sent;
    }
  }
}
