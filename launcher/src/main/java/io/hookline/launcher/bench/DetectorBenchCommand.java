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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hookline bench detector}: throughput and end-to-end latency of the detector, exactly-once on. */
@Command(name = "detector", mixinStandardHelpOptions = true,
    description = "Replay the corpus through the detector on the embedded broker: verdicts/s draining a backlog, then latency at a fixed rate.")
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

  @Option(names = "--device", description = "The detector's inference device: auto, jvm, cpu, gpu (default: ${DEFAULT-VALUE}).")
  private String device = "auto";

  @Option(names = "--family", split = ",", paramLabel = "FAMILY[,FAMILY...]",
      description = "Model families to run, one after the other on fresh platforms, each trained on the whole corpus; ratios are to the first "
          + "(default: ${DEFAULT-VALUE}).")
  private List<String> families = List.of(AdditiveFamily.NAME);

  @Option(names = "--train-domains", split = ",", paramLabel = "DOMAIN[,DOMAIN...]",
      description = "Corpus domains the models learn from (default: all); the whole corpus is replayed, so mail of other domains is new to them.")
  private List<String> trainDomains = List.of();

  @Option(names = "--out", description = "Result file (default: ${DEFAULT-VALUE}).")
  private Path out = Path.of("bench-results", "detector.json");

  /** Every family's run, and each one's drain rate and p99 as a ratio of the first family's. */
  record Results(List<DetectorBenchmark.Result> runs, Map<String, Double> ratios) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    for (String family : families) {
      ModelFamilies.named(family); // an unknown name fails here, before any platform starts
    }
    List<DetectorBenchmark.Result> runs = new ArrayList<>();
    for (String family : families) {
      runs.add(DetectorBenchmark.run(family, trainDomains, backlog, messages, rate, maxBatch, sampleRate, InferenceDevice.parse(device), console));
    }
    Map<String, Double> ratios = new LinkedHashMap<>();
    DetectorBenchmark.Result first = runs.get(0);
    for (DetectorBenchmark.Result run : runs.subList(1, runs.size())) {
      ratios.put(run.family() + "_over_" + first.family() + "_drain", run.backlogVerdictsPerSecond() / first.backlogVerdictsPerSecond());
      ratios.put(run.family() + "_over_" + first.family() + "_p99", run.p99Millis() / first.p99Millis());
      console.printf(Locale.ROOT, "%s drains at %.2f times %s's rate, p99 %.2f times%n", run.family(),
          run.backlogVerdictsPerSecond() / first.backlogVerdictsPerSecond(), first.family(), run.p99Millis() / first.p99Millis());
    }
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), new Results(runs, ratios));
    console.println("written to " + out.toAbsolutePath());
    return 0;
  }
}
