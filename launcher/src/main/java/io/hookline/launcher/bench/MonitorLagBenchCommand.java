package io.hookline.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.avro.Verdict;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.detector.DetectorConfig;
import io.hookline.detector.DetectorService;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.kafka.EmbeddedKafkaSettings;
import io.hookline.monitor.MonitorConfig;
import io.hookline.monitor.MonitorService;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hookline bench monitor-lag}: the drift monitor reading the inference log while the
 * detector drains a backlog at full speed on the same machine (and broker): how far behind the
 * log the monitor's committed position falls, sampled every 250 ms, and how long after the last
 * verdict it has read everything.
 */
@Command(name = "monitor-lag", mixinStandardHelpOptions = true,
    description = "The drift monitor's lag on the inference log while the detector drains a backlog at full speed on the same machine: "
        + "the lag sampled every 250 ms, its peak, and the time the monitor needs after the last verdict to read everything.")
public final class MonitorLagBenchCommand implements Callable<Integer> {
  private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);

  @Spec private CommandSpec spec;

  @Option(names = "--messages", description = "Backlog the detector drains (default: ${DEFAULT-VALUE}).")
  private int messages = 24_000;

  @Option(names = "--out", description = "Result file (default: ${DEFAULT-VALUE}).")
  private Path out = Path.of("bench-results", "monitor-lag.json");

  /** One sample: seconds since the detector started, verdicts so far, the monitor's lag in inference-log records. */
  record Sample(double seconds, long inferenceRecords, long monitorLag) {}

  /**
   * @param drainSeconds from the detector's start to its last verdict
   * @param caughtUpSeconds from the last verdict until the monitor had committed every inference record; NaN when it had not within a minute
   */
  record Results(BenchMachine machine, int messages, double verdictsPerSecond, long peakLag, double drainSeconds, double caughtUpSeconds, List<Sample> samples) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    if (messages < 1000) {
      throw new ParameterException(spec.commandLine(), "--messages must be at least 1000, was " + messages);
    }
    BenchMachine machine = BenchMachine.now();
    console.println(machine.describe());
    try (EmbeddedStack stack = EmbeddedStack.start(EmbeddedKafkaSettings.temporary());
        Admin admin = Admin.create(stack.broker().clientProperties())) {
      BenchPlatform platform = BenchPlatform.prepare(stack, 3);
      Map<String, String> settings = new HashMap<>(platform.names().settings());
      settings.putAll(stack.clientSettings());
      settings.put("monitor.http.port", "0");
      settings.put("monitor.application-id", "bench-monitor-lag");
      settings.put("monitor.state-dir", Files.createTempDirectory("hookline-bench-monitor").toString());
      settings.put("detector.http.port", "0");
      settings.put("detector.group-id", "bench-monitor-lag-detector");
      settings.put("detector.batch.max-size", "256");
      ConfigSource config = ConfigSource.of(settings);
      DetectorBenchmark.publish(platform.kafka(), platform.topics(), platform.parsed(), "lag-", messages, 0);
      try (MonitorService monitor = MonitorService.start(MonitorConfig.from(config), new FileModelStore());
          KafkaConsumer<String, Verdict> verdicts = DetectorBenchmark.reader(platform.kafka(), platform.topics())) {
        verdicts.subscribe(Set.of(platform.names().verdicts()));
        verdicts.poll(Duration.ofMillis(500));
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        int seen = 0;
        long peak = 0;
        double drained = Double.NaN;
        double caughtUp = Double.NaN;
        long nextSample = start;
        try (DetectorService detector = DetectorService.start(DetectorConfig.from(config), new FileModelStore())) {
          long deadline = start + Duration.ofMinutes(5).toNanos();
          while (System.nanoTime() < deadline) {
            seen += verdicts.poll(Duration.ofMillis(20)).count();
            if (seen >= messages && Double.isNaN(drained)) {
              drained = (System.nanoTime() - start) / 1e9;
            }
            if (System.nanoTime() >= nextSample) {
              nextSample += SAMPLE_EVERY.toNanos();
              long[] lag = lag(admin, platform.names().inferenceLog(), "bench-monitor-lag");
              peak = Math.max(peak, lag[1]);
              samples.add(new Sample((System.nanoTime() - start) / 1e9, lag[0], lag[1]));
              if (!Double.isNaN(drained) && lag[1] == 0 && lag[0] >= messages) {
                caughtUp = samples.get(samples.size() - 1).seconds() - drained;
                break;
              }
              if (!Double.isNaN(drained) && (System.nanoTime() - start) / 1e9 - drained > 60) {
                break;
              }
            }
          }
        }
        double rate = messages / drained;
        console.printf(Locale.ROOT, "detector: %,d verdicts in %.1f s (%,.0f/s); monitor lag peaked at %,d inference records and was 0 %.1f s after the last verdict%n",
            seen, drained, rate, peak, caughtUp);
        Path json = out.toAbsolutePath();
        Files.createDirectories(json.getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), new Results(machine, messages, rate, peak, drained, caughtUp, samples));
        console.println("written to " + json);
        return 0;
      }
    }
  }

  /** {records in the log, records the group has not committed} over the topic's partitions. */
  private static long[] lag(Admin admin, String topic, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    List<TopicPartition> partitions = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
    long end = 0;
    long behind = 0;
    for (var entry : admin.listOffsets(latest).all().get().entrySet()) {
      long logEnd = entry.getValue().offset();
      OffsetAndMetadata at = committed.get(entry.getKey());
      end += logEnd;
      behind += logEnd - (at == null ? 0 : at.offset());
    }
    return new long[] {end, behind};
  }
}
