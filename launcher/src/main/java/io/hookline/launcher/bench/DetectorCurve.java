package io.hookline.launcher.bench;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Link;
import io.hookline.avro.Verdict;
import io.hookline.core.features.TokenSample;
import io.hookline.core.model.InferenceDevice;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.detector.DetectorConfig;
import io.hookline.detector.DetectorService;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;

/**
 * The detector's cost as the load and the work grow, on one embedded broker and one model (see
 * {@link BenchPlatform}): at offered rates up to saturation for each batch limit, and, draining a
 * backlog, as messages grow, as they carry more links, and with more instances sharing the
 * partitions. Each point says what it cost: verdicts/s, latency percentiles (paced points), CPU
 * per message (the whole process, which also runs the broker, the publisher and the reader; and
 * the detector's own threads alone) and bytes written to the verdict and inference-log topics
 * per verdict.
 *
 * <p>Detectors of one group come and go between points; each starts where the last committed.
 */
final class DetectorCurve {
  private static final String GROUP = "bench-curve";

  /**
   * One point of the curve.
   *
   * @param dimension what varies: "rate" (offered messages/s, 0 for a backlog drained at once),
   *     "message-kb", "links" or "instances"
   * @param value the value of that dimension at this point
   * @param maxBatch the detector's batch limit
   * @param verdictsPerSecond verdicts read back per second, first to last
   * @param p50Millis end to end from handing to the producer to reading the committed verdict (NaN where not paced)
   * @param processCpuMillisPerMessage CPU time of the whole process per verdict
   * @param detectorCpuMillisPerMessage CPU time of the detector's threads per verdict
   * @param bytesPerVerdict bytes the verdict and inference-log topics grew by, per verdict
   */
  record Point(String dimension, double value, int maxBatch, int messages, double verdictsPerSecond, double p50Millis, double p90Millis, double p99Millis,
      double p999Millis, double processCpuMillisPerMessage, double detectorCpuMillisPerMessage, double bytesPerVerdict) {}

  private final BenchPlatform platform;
  private final Admin admin;
  private final PrintWriter out;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private int published;

  DetectorCurve(BenchPlatform platform, Admin admin, PrintWriter out) {
    this.platform = platform;
    this.admin = admin;
    this.out = out;
  }

  /** Saturation (a backlog drained), then each offered rate, lowest first, on one detector with this batch limit. */
  List<Point> rates(int maxBatch, List<Double> rates, int backlog, Duration perPoint) throws Exception {
    List<Point> points = new ArrayList<>();
    try (KafkaConsumer<String, Verdict> reader = joinedReader()) {
      points.add(drain("rate", 0, maxBatch, 1, platform.parsed(), backlog, reader));
      try (DetectorService detector = DetectorService.start(config(maxBatch, 0), new FileModelStore())) {
        awaitReady(detector); // the group's join is not a cost of the first point's messages
        for (double rate : rates) {
          int messages = (int) Math.max(300, rate * perPoint.toSeconds());
          points.add(paced(maxBatch, rate, messages, reader));
        }
      }
    }
    return points;
  }

  /** Draining a backlog of the corpus with every text body made {@code kb} kilobytes long. */
  Point messageSize(int maxBatch, int kb) throws Exception {
    String filler = filler(kb * 1024);
    List<EmailMessage> grown = platform.parsed().stream()
        .map(m -> EmailMessage.newBuilder(m).setTextBody(filler).setHtmlBody(null).setSizeBytes((long) filler.length()).build()).toList();
    int messages = (int) Math.max(200, Math.min(6000, 48L * 1024 * 1024 / (kb * 1024L)));
    try (KafkaConsumer<String, Verdict> reader = joinedReader()) {
      return drain("message-kb", kb, maxBatch, 1, grown, messages, reader);
    }
  }

  /** Draining a backlog of the corpus with every message carrying {@code count} links, taken from the corpus's own. */
  Point links(int maxBatch, int count) throws Exception {
    List<Link> pool = platform.parsed().stream().flatMap(m -> m.getLinks().stream()).toList();
    List<EmailMessage> linked = new ArrayList<>();
    for (int i = 0; i < platform.parsed().size(); i++) {
      List<Link> links = new ArrayList<>(count);
      for (int k = 0; k < count; k++) {
        links.add(pool.get((i * count + k) % pool.size()));
      }
      linked.add(EmailMessage.newBuilder(platform.parsed().get(i)).setLinks(links).build());
    }
    try (KafkaConsumer<String, Verdict> reader = joinedReader()) {
      return drain("links", count, maxBatch, 1, linked, 6000, reader);
    }
  }

  /** A backlog drained and not counted: the JVM compiles the hot paths (the detector's and the broker's) in the first ones. */
  void warmUp(int maxBatch, int backlog) throws Exception {
    try (KafkaConsumer<String, Verdict> reader = joinedReader()) {
      drain("warm-up (not counted)", 0, maxBatch, 1, platform.parsed(), backlog, reader);
    }
  }

  /** Draining a backlog with {@code instances} detectors in one group sharing the partitions. */
  Point instances(int maxBatch, int instances, int backlog) throws Exception {
    try (KafkaConsumer<String, Verdict> reader = joinedReader()) {
      return drain("instances", instances, maxBatch, instances, platform.parsed(), backlog, reader);
    }
  }

  private Point drain(String dimension, double value, int maxBatch, int instances, List<EmailMessage> messages, int count, KafkaConsumer<String, Verdict> reader)
      throws Exception {
    DetectorBenchmark.publish(platform.kafka(), platform.topics(), messages, "curve-" + published++ + "-", count, 0);
    Cost cost = Cost.start(this);
    List<DetectorService> detectors = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        detectors.add(DetectorService.start(config(maxBatch, i), new FileModelStore()));
      }
      long[] firstAndLast = new long[2];
      int seen = DetectorBenchmark.awaitVerdicts(reader, count, null, firstAndLast);
      double rate = (seen - 1) / ((firstAndLast[1] - firstAndLast[0]) / 1e9);
      Point point = cost.point(dimension, value, maxBatch, seen, rate, null);
      report(point);
      return point;
    } finally {
      for (DetectorService detector : detectors) {
        detector.close();
      }
    }
  }

  private Point paced(int maxBatch, double rate, int count, KafkaConsumer<String, Verdict> reader) throws Exception {
    Cost cost = Cost.start(this);
    long[] latencies = new long[count];
    long[] firstAndLast = new long[2];
    String prefix = "curve-" + published++ + "-";
    Thread gateway = new Thread(() -> DetectorBenchmark.publish(platform.kafka(), platform.topics(), platform.parsed(), prefix, count, rate));
    gateway.start();
    int seen = DetectorBenchmark.awaitVerdicts(reader, count, latencies, firstAndLast);
    gateway.join();
    long[] measured = Arrays.copyOf(latencies, seen);
    Arrays.sort(measured);
    double achieved = (seen - 1) / ((firstAndLast[1] - firstAndLast[0]) / 1e9);
    Point point = cost.point("rate", rate, maxBatch, seen, achieved, measured);
    report(point);
    return point;
  }

  private static void awaitReady(DetectorService detector) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!detector.ready() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private void report(Point p) {
    out.printf(java.util.Locale.ROOT, "%s %s, batch %d: %,d verdicts at %,.0f/s; p50 %.1f ms, p99 %.1f ms; CPU %.3f ms/message (detector %.3f); %.0f bytes/verdict%n",
        p.dimension(), p.value() == 0 && p.dimension().equals("rate") ? "saturation" : String.valueOf(p.value()), p.maxBatch(), p.messages(), p.verdictsPerSecond(),
        p.p50Millis(), p.p99Millis(), p.processCpuMillisPerMessage(), p.detectorCpuMillisPerMessage(), p.bytesPerVerdict());
    out.flush();
  }

  private DetectorConfig config(int maxBatch, int instance) {
    return new DetectorConfig(platform.kafka(), platform.names(), GROUP, GROUP + "-" + instance, maxBatch, Duration.ofMillis(5), "phish", 1.0, new TokenSample(2), 5, 0,
        InferenceDevice.AUTO, 1);
  }

  private KafkaConsumer<String, Verdict> joinedReader() {
    KafkaConsumer<String, Verdict> reader = DetectorBenchmark.reader(platform.kafka(), platform.topics());
    reader.subscribe(Set.of(platform.names().verdicts()));
    reader.poll(Duration.ofMillis(500)); // join before the detector answers
    return reader;
  }

  /** Real words of the corpus, repeated to {@code chars}. */
  private String filler(int chars) {
    StringBuilder text = new StringBuilder(chars + 1024);
    for (int i = 0; text.length() < chars; i = (i + 1) % platform.parsed().size()) {
      String body = platform.parsed().get(i).getTextBody();
      if (body != null) {
        text.append(body).append('\n');
      }
    }
    text.setLength(chars);
    return text.toString();
  }

  /** Bytes of the verdict and inference-log topics on the broker. */
  private long topicBytes() throws Exception {
    Set<String> topics = Set.of(platform.names().verdicts(), platform.names().inferenceLog());
    List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
    long bytes = 0;
    for (var perBroker : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
      for (LogDirDescription dir : perBroker.values()) {
        for (var replica : dir.replicaInfos().entrySet()) {
          if (topics.contains(replica.getKey().topic())) {
            bytes += replica.getValue().size();
          }
        }
      }
    }
    return bytes;
  }

  /** CPU time of the detector's threads: its scoring loop, committer, model watcher and its producers' network threads. */
  private long detectorCpuNanos() {
    long total = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && (info.getThreadName().startsWith("detector-") || info.getThreadName().contains(GROUP))) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** What a point's measurement started from. */
  private record Cost(DetectorCurve curve, long processCpu, long detectorCpu, long bytes) {
    static Cost start(DetectorCurve curve) throws Exception {
      return new Cost(curve, processCpuNanos(), curve.detectorCpuNanos(), curve.topicBytes());
    }

    Point point(String dimension, double value, int maxBatch, int seen, double rate, long[] sortedLatencies) throws Exception {
      double n = Math.max(1, seen);
      double process = (processCpuNanos() - processCpu) / 1e6 / n;
      double detector = (curve.detectorCpuNanos() - detectorCpu) / 1e6 / n;
      double bytesPer = (curve.topicBytes() - bytes) / n;
      if (sortedLatencies == null || sortedLatencies.length == 0) {
        return new Point(dimension, value, maxBatch, seen, rate, Double.NaN, Double.NaN, Double.NaN, Double.NaN, process, detector, bytesPer);
      }
      return new Point(dimension, value, maxBatch, seen, rate, DetectorBenchmark.percentile(sortedLatencies, 0.5), DetectorBenchmark.percentile(sortedLatencies, 0.9),
          DetectorBenchmark.percentile(sortedLatencies, 0.99), DetectorBenchmark.percentile(sortedLatencies, 0.999), process, detector, bytesPer);
    }
  }
}
