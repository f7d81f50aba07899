package io.hookline.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hookline bench serde}: EmailMessage records through the serde and the embedded broker. */
@Command(
    name = "serde",
    mixinStandardHelpOptions = true,
    description = "Produce and consume EmailMessage records through the Avro serde on an embedded broker; report medians.")
public final class SerdeBenchCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--records", description = "Records per run (default: ${DEFAULT-VALUE}).")
  private int records = 100_000;

  @Option(names = "--runs", description = "Runs, warm-up included (default: ${DEFAULT-VALUE}).")
  private int runs = 7;

  @Option(names = "--warmup", description = "Leading runs left out of the medians (default: ${DEFAULT-VALUE}).")
  private int warmup = 2;

  @Option(names = "--out", description = "Result file (default: ${DEFAULT-VALUE}).")
  private Path out = Path.of("bench-results", "serde.json");

  @Override
  public Integer call() throws IOException {
    if (records < 1 || runs < 1 || warmup < 0 || warmup >= runs) {
      throw new ParameterException(
          spec.commandLine(), "need --records >= 1, --runs >= 1 and 0 <= --warmup < --runs");
    }
    PrintWriter console = spec.commandLine().getOut();
    SerdeBenchmark.Result result = SerdeBenchmark.run(records, runs, warmup, console);
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
    SerdeBenchmark.Medians m = result.medians();
    console.printf(
        "medians over %d runs: produce %,.0f rec/s (%.1f MB/s), consume %,.0f rec/s; serde alone: serialize %,.0f rec/s, deserialize %,.0f rec/s%n",
        runs - warmup, m.produceRecordsPerSecond(), m.produceMegabytesPerSecond(), m.consumeRecordsPerSecond(),
        m.serializeOnlyRecordsPerSecond(), m.deserializeOnlyRecordsPerSecond());
    console.println("written to " + out.toAbsolutePath());
    console.flush();
    return 0;
  }
}
