package io.hookline.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.InferenceDevice;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hookline bench bogofilter}: the detector's drain rate (Kafka, exactly-once, inference log,
 * reasons on every verdict) beside {@code bogofilter -B} classifying the same messages as files,
 * in one run, runs taken in turn so that both meet the same machine.
 */
@Command(name = "bogofilter", mixinStandardHelpOptions = true,
    description = "The detector draining a backlog and bogofilter -B classifying the same messages, side by side in one run (runs in turn); "
        + "medians, spreads and their ratio. Skipped, with the reason, where bogofilter is not installed.")
public final class BogofilterBenchCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--messages", description = "Messages each side handles per run: the shipped corpus, repeated (default: ${DEFAULT-VALUE}).")
  private int messages = 24_000;

  @Option(names = "--runs", description = "Runs of each side, in turn (default: ${DEFAULT-VALUE}).")
  private int runs = 3;

  @Option(names = "--max-batch", description = "The detector's batch.max-size (default: ${DEFAULT-VALUE}).")
  private int maxBatch = 256;

  @Option(names = "--warmup", description = "Detector drains before the measured runs, not counted: the JVM compiles the hot paths during the first; "
      + "bogofilter, compiled ahead of time, classifies the corpus once to read its word list (default: ${DEFAULT-VALUE}).")
  private int warmup = 2;

  @Option(names = "--out", description = "Result file (default: ${DEFAULT-VALUE}).")
  private Path out = Path.of("bench-results", "versus-bogofilter.json");

  /** One run of one side. */
  record Run(String side, int messages, double messagesPerSecond) {}

  /** The machine, every run, each side's median and spread, and the detector's median over bogofilter's. */
  record Results(BenchMachine machine, String bogofilter, List<Run> runs, DetectorBenchCommand.Spread detector, DetectorBenchCommand.Spread bogofilterRate,
      double detectorOverBogofilter) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    if (runs < 1 || messages < 1000 || warmup < 0) {
      throw new ParameterException(spec.commandLine(), "--runs must be at least 1, --messages at least 1000 and --warmup at least 0, were " + runs + ", " + messages
          + " and " + warmup);
    }
    Optional<Path> executable = Bogofilter.find();
    if (executable.isEmpty()) {
      console.println("skipped: bogofilter is not on the PATH (Debian: apt-get install bogofilter)");
      return 0;
    }
    BenchMachine machine = BenchMachine.now();
    console.println(machine.describe());
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    Path work = Files.createTempDirectory("hookline-bench-bogofilter");
    List<Path> files = Bogofilter.write(corpus, work.resolve("messages"));
    Bogofilter bogofilter = Bogofilter.trained(executable.get(), work.resolve("wordlists"), corpus, files);
    List<Path> repeated = new ArrayList<>(messages);
    for (int i = 0; i < messages; i++) {
      repeated.add(files.get(i % files.size()));
    }
    bogofilter.classify(files); // the word list read into the page cache once, as on a gateway that runs it all day
    for (int run = 0; run < warmup; run++) {
      console.println("detector warm-up run (not counted):");
      DetectorBenchmark.run(AdditiveFamily.NAME, List.of(), messages, 0, 0, maxBatch, 1.0, InferenceDevice.AUTO, io.hookline.detector.DetectorConfig.defaultScoringThreads(),
          console);
    }
    List<Run> all = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      double bogo = bogofilter.classify(repeated);
      console.printf(Locale.ROOT, "bogofilter -B: %,d messages at %,.0f messages/s%n", messages, bogo);
      all.add(new Run("bogofilter", messages, bogo));
      DetectorBenchmark.Result detector = DetectorBenchmark.run(AdditiveFamily.NAME, List.of(), messages, 0, 0, maxBatch, 1.0, InferenceDevice.AUTO, io.hookline.detector.DetectorConfig.defaultScoringThreads(), console);
      all.add(new Run("detector", messages, detector.backlogVerdictsPerSecond()));
      console.flush();
    }
    DetectorBenchCommand.Spread detector = DetectorBenchCommand.Spread.of(all.stream().filter(r -> r.side().equals("detector")).toList(), Run::messagesPerSecond);
    DetectorBenchCommand.Spread bogo = DetectorBenchCommand.Spread.of(all.stream().filter(r -> r.side().equals("bogofilter")).toList(), Run::messagesPerSecond);
    double ratio = detector.median() / bogo.median();
    console.printf(Locale.ROOT, "over %d runs: detector median %,.0f verdicts/s (%,.0f to %,.0f), bogofilter -B median %,.0f messages/s (%,.0f to %,.0f): %.2f times%n",
        runs, detector.median(), detector.min(), detector.max(), bogo.median(), bogo.min(), bogo.max(), ratio);
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(),
        new Results(machine, executable.get().toString(), all, detector, bogo, ratio));
    console.println("written to " + out.toAbsolutePath());
    return 0;
  }
}
