package io.hookline.core.corpus;

import io.hookline.avro.Label;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A Maildir: one message per file in {@code cur/} and {@code new/} ({@code tmp/} holds deliveries
 * in progress and is skipped), with one label and domain.
 */
public record Maildir(Path maildir, Label label, String domain) implements CorpusSource {
  @Override
  public String name() {
    return maildir.getFileName().toString();
  }

  @Override
  public void read(Consumer<CorpusExample> sink) throws IOException {
    if (!Files.isDirectory(maildir.resolve("cur")) && !Files.isDirectory(maildir.resolve("new"))) {
      throw new IOException(maildir + " is not a Maildir: it has neither cur/ nor new/");
    }
    List<Path> files = new ArrayList<>();
    for (String sub : List.of("cur", "new")) {
      Path dir = maildir.resolve(sub);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> list = Files.list(dir)) {
          list.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      }
    }
    for (Path file : files) {
      sink.accept(new CorpusExample(domain + "/" + maildir.relativize(file), domain, label, Files.readAllBytes(file)));
    }
  }
}
