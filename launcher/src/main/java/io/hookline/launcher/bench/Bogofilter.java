package io.hookline.launcher.bench;

import io.hookline.avro.Label;
import io.hookline.core.corpus.CorpusExample;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * bogofilter, the Bayesian filter many gateways run, driven as its users drive it in bulk: trained
 * with {@code -s}/{@code -n} on the messages as files, then classifying files with {@code -B}
 * (one process, the word list opened once). It classifies only: no Kafka, no exactly-once, no
 * reasons.
 */
final class Bogofilter {
  private final Path executable;
  private final Path wordlists;

  private Bogofilter(Path executable, Path wordlists) {
    this.executable = executable;
    this.wordlists = wordlists;
  }

  /** The {@code bogofilter} on the PATH, if there is one. */
  static Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "bogofilter");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Writes the corpus as one file per message under {@code dir}; returns them in corpus order. */
  static List<Path> write(List<CorpusExample> corpus, Path dir) throws IOException {
    List<Path> files = new ArrayList<>(corpus.size());
    Files.createDirectories(dir);
    for (int i = 0; i < corpus.size(); i++) {
      Path file = dir.resolve(Integer.toString(i));
      Files.write(file, corpus.get(i).raw());
      files.add(file);
    }
    return files;
  }

  /** A bogofilter with word lists under {@code wordlists}, trained on every message of the corpus, as the detector's bench model is. */
  static Bogofilter trained(Path executable, Path wordlists, List<CorpusExample> corpus, List<Path> files) throws IOException, InterruptedException {
    Files.createDirectories(wordlists);
    List<String> spam = new ArrayList<>();
    List<String> ham = new ArrayList<>();
    for (int i = 0; i < corpus.size(); i++) {
      (corpus.get(i).label() == Label.PHISHING ? spam : ham).add(files.get(i).toString());
    }
    Bogofilter bogofilter = new Bogofilter(executable, wordlists);
    bogofilter.run("-s", spam);
    bogofilter.run("-n", ham);
    return bogofilter;
  }

  /**
   * Classifies the files in one {@code -B} run; returns the messages classified per second of
   * wall time (process start included, as a gateway's batch job pays it).
   *
   * @throws IllegalStateException when bogofilter fails or answers for fewer messages than given
   */
  double classify(List<Path> files) throws IOException, InterruptedException {
    List<String> names = files.stream().map(Path::toString).toList();
    long start = System.nanoTime();
    String output = run("-t", names);
    double seconds = (System.nanoTime() - start) / 1e9;
    long answered = output.lines().filter(line -> !line.isBlank()).count();
    if (answered != files.size()) {
      throw new IllegalStateException("bogofilter answered for " + answered + " of " + files.size() + " messages");
    }
    return files.size() / seconds;
  }

  /** Runs bogofilter in bulk mode on the named files; its exit codes 0, 1 and 2 say spam, ham and unsure, 3 an error. */
  private String run(String mode, List<String> names) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(executable.toString(), "-d", wordlists.toString(), mode, "-B"));
    command.addAll(names);
    Path out = Files.createTempFile("hookline-bogofilter", ".out");
    Path err = Files.createTempFile("hookline-bogofilter", ".err");
    try {
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      int exit = process.waitFor();
      if (exit > 2) {
        throw new IllegalStateException("bogofilter " + mode + " exited with " + exit + ": " + Files.readAllLines(err, StandardCharsets.UTF_8).stream().limit(3).toList());
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
