package io.hookline.launcher;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusSource;
import io.hookline.core.corpus.CorpusSpecs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The {@code --corpus} option of the commands that read labelled mail. */
public final class CorpusOptions {
  @Option(names = "--corpus", paramLabel = "SPEC", description = {
      "Where the mail comes from (repeatable; default: spamassassin, the shipped corpus):",
      "spamassassin | archive:PATH | npm:PATH | eml:DIR:LABEL:DOMAIN | mbox:FILE:LABEL:DOMAIN | maildir:DIR:LABEL:DOMAIN | csv:FILE[:DOMAIN]"})
  private List<String> corpora = new ArrayList<>(List.of("spamassassin"));

  /** Whether the shipped corpus is read, as by default: its splits are known by name. */
  public boolean shipped() {
    return corpora.equals(List.of("spamassassin"));
  }

  /** Reads the named corpora, without duplicates; a malformed spec is a usage error. */
  public Corpus load(CommandSpec spec) throws IOException {
    List<CorpusSource> sources = new ArrayList<>();
    try {
      corpora.forEach(c -> sources.add(CorpusSpecs.parse(c)));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return Corpus.load(sources.toArray(CorpusSource[]::new));
  }
}
