package io.hookline.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.InferenceDevice;
import io.hookline.core.model.ModelFamilies;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hookline bench detector}: throughput and end-to-end latency of the detector, exactly-once on. */
@Command(name = "detector", mixinStandardHelpOptions = true,
    description = "Replay the corpus through the detector on the embedded broker: verdicts/s draining a backlog, then latency at a fixed rate; "
        + "medians and spreads over --runs runs.")
public final class DetectorBenchCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--rate", description = "Offered rate of the paced run, messages/s (default: ${DEFAULT-VALUE}).")
  private double rate = 1000;

  @Option(names = "--backlog", description = "Messages waiting when the detector starts; the corpus, repeated (default: ${DEFAULT-VALUE}).")
  private int backlog = 24_000;

  @Option(names = "--messages", description = "Messages in the paced run (default: ${DEFAULT-VALUE}).")
  private int messages = 10_000;

  @Option(names = "--max-batch", description = "The detector's batch.max-size (default: ${DEFAULT-VALUE}).")
  private int maxBatch = 256;

  @Option(names = "--sample-rate", description = "The detector's inference-log.sample-rate (default: ${DEFAULT-VALUE}).")
  private double sampleRate = 1.0;

  @Option(names = "--scoring-threads", description = "The detector's scoring-threads (default: one less than the cores the JVM sees, ${DEFAULT-VALUE}).")
  private int scoringThreads = io.hookline.detector.DetectorConfig.defaultScoringThreads();

  @Option(names = "--device", description = "The detector's inference device: auto, jvm, cpu, gpu (default: ${DEFAULT-VALUE}).")
  private String device = "auto";

  @Option(names = "--family", split = ",", paramLabel = "FAMILY[,FAMILY...]",
      description = "Model families to run, one after the other on fresh platforms, each trained on the whole corpus; ratios are to the first "
          + "(default: ${DEFAULT-VALUE}).")
  private List<String> families = List.of(AdditiveFamily.NAME);

  @Option(names = "--train-domains", split = ",", paramLabel = "DOMAIN[,DOMAIN...]",
      description = "Corpus domains the models learn from (default: all); the whole corpus is replayed, so mail of other domains is new to them.")
  private List<String> trainDomains = List.of();

  @Option(names = "--runs", description = "Runs of each family, each on a fresh platform; medians and spreads over them (default: ${DEFAULT-VALUE}).")
  private int runs = 3;

  @Option(names = "--warmup", description = "Runs of the first family before the measured ones, not counted: the JVM compiles the hot path "
      + "during the first (default: ${DEFAULT-VALUE}).")
  private int warmup = 1;

  @Option(names = "--out", description = "Result file (default: ${DEFAULT-VALUE}).")
  private Path out = Path.of("bench-results", "detector.json");

  /** A measure over a family's runs: median, lowest, highest. */
  record Spread(double median, double min, double max) {
    static <T> Spread of(List<T> runs, ToDoubleFunction<T> measure) {
      double[] values = runs.stream().mapToDouble(measure).sorted().toArray();
      int n = values.length;
      double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
      return new Spread(median, values[0], values[n - 1]);
    }
  }

  /** A family's runs summed up. */
  record Summary(String family, int runs, Spread drainVerdictsPerSecond, Spread achievedRate, Spread p50Millis, Spread p99Millis, Spread p999Millis) {
    static Summary of(String family, List<DetectorBenchmark.Result> runs) {
      return new Summary(family, runs.size(), Spread.of(runs, DetectorBenchmark.Result::backlogVerdictsPerSecond), Spread.of(runs, DetectorBenchmark.Result::achievedRate),
          Spread.of(runs, DetectorBenchmark.Result::p50Millis), Spread.of(runs, DetectorBenchmark.Result::p99Millis), Spread.of(runs, DetectorBenchmark.Result::p999Millis));
    }
  }

  /** The machine, every run, each family's medians and spreads, and each family's medians as ratios of the first family's. */
  record Results(BenchMachine machine, List<DetectorBenchmark.Result> runs, List<Summary> summaries, Map<String, Double> ratios) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    for (String family : families) {
      ModelFamilies.named(family); // an unknown name fails here, before any platform starts
    }
    if (runs < 1 || warmup < 0) {
      throw new ParameterException(spec.commandLine(), "--runs must be at least 1 and --warmup at least 0, were " + runs + " and " + warmup);
    }
    BenchMachine machine = BenchMachine.now();
    console.println(machine.describe());
    for (int run = 0; run < warmup; run++) {
      console.println("warm-up run (not counted):");
      DetectorBenchmark.run(families.get(0), trainDomains, backlog, messages, rate, maxBatch, sampleRate, InferenceDevice.parse(device), scoringThreads, console);
    }
    List<DetectorBenchmark.Result> all = new ArrayList<>();
    List<Summary> summaries = new ArrayList<>();
    for (String family : families) {
      List<DetectorBenchmark.Result> ofFamily = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        ofFamily.add(DetectorBenchmark.run(family, trainDomains, backlog, messages, rate, maxBatch, sampleRate, InferenceDevice.parse(device), scoringThreads, console));
      }
      Summary summary = Summary.of(family, ofFamily);
      console.printf(Locale.ROOT, "%s over %d runs: drain median %,.0f verdicts/s (%,.0f to %,.0f); at %.0f msg/s p99 median %.1f ms (%.1f to %.1f)%n", family, runs,
          summary.drainVerdictsPerSecond().median(), summary.drainVerdictsPerSecond().min(), summary.drainVerdictsPerSecond().max(), rate,
          summary.p99Millis().median(), summary.p99Millis().min(), summary.p99Millis().max());
      all.addAll(ofFamily);
      summaries.add(summary);
    }
    Map<String, Double> ratios = new LinkedHashMap<>();
    Summary first = summaries.get(0);
    for (Summary other : summaries.subList(1, summaries.size())) {
      double drain = other.drainVerdictsPerSecond().median() / first.drainVerdictsPerSecond().median();
      double p99 = other.p99Millis().median() / first.p99Millis().median();
      ratios.put(other.family() + "_over_" + first.family() + "_drain", drain);
      ratios.put(other.family() + "_over_" + first.family() + "_p99", p99);
      console.printf(Locale.ROOT, "%s drains at %.2f times %s's median rate, p99 %.2f times%n", other.family(), drain, first.family(), p99);
    }
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), new Results(machine, all, summaries, ratios));
    console.println("written to " + out.toAbsolutePath());
    return 0;
  }
}
