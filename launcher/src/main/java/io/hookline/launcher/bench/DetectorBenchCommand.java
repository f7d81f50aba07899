package io.hookline.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Option(names = "--out", description = "Result file (default: ${DEFAULT-VALUE}).")
  private Path out = Path.of("bench-results", "detector.json");

  @Override
  public Integer call() throws Exception {
    DetectorBenchmark.Result result = DetectorBenchmark.run(backlog, messages, rate, maxBatch, sampleRate, io.hookline.core.model.InferenceDevice.parse(device), spec.commandLine().getOut());
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
    spec.commandLine().getOut().println("written to " + out.toAbsolutePath());
    return 0;
  }
}
