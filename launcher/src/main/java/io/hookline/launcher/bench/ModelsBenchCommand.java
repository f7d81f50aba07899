package io.hookline.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.SpamAssassinArchive;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hookline bench models}: what each model family costs on this machine's CPU. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Encoder messages/s by text length and batch; additive against cascade scoring (with the share escalated); Partition SHAP per "
        + "explained message; medians and ratios in one result file.")
public final class ModelsBenchCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--messages", description = "Shifted messages scored per run (default: ${DEFAULT-VALUE}).")
  private int messages = 256;

  @Option(names = "--runs", description = "Runs of each measurement; the median is reported (default: ${DEFAULT-VALUE}).")
  private int runs = 3;

  @Option(names = "--out", description = "Result file (default: ${DEFAULT-VALUE}).")
  private Path out = Path.of("bench-results", "models.json");

  @Override
  public Integer call() throws Exception {
    if (messages < 1 || runs < 1) {
      throw new ParameterException(spec.commandLine(), "need --messages >= 1 and --runs >= 1");
    }
    PrintWriter console = spec.commandLine().getOut();
    ModelsBenchmark.Result result = ModelsBenchmark.run(Corpus.load(SpamAssassinArchive.shipped()), messages, runs, console);
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
    console.printf("cascade scores at %.2f times the additive family's rate; written to %s%n", result.ratios().get("cascade_over_additive_throughput"),
        out.toAbsolutePath());
    console.flush();
    return 0;
  }
}
