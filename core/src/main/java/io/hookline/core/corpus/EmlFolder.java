package io.hookline.core.corpus;

import io.hookline.avro.Label;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Every {@code .eml} file under a folder, recursively, in path order, with one label and domain. */
public record EmlFolder(Path folder, Label label, String domain) implements CorpusSource {
  @Override
  public String name() {
    return folder.getFileName().toString();
  }

  @Override
  public void read(Consumer<CorpusExample> sink) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".eml")).sorted().toList();
    }
    for (Path file : files) {
      sink.accept(new CorpusExample(domain + "/" + folder.relativize(file), domain, label, Files.readAllBytes(file)));
    }
  }
}
