package io.hookline.core.corpus;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Where labelled mail comes from: a folder of .eml files, an mbox, a Maildir, a CSV data set, a
 * packaged corpus. Sources stream their examples, so a corpus larger than memory can be read.
 */
public interface CorpusSource {

  /** A short name for reports, for example {@code spamassassin}. */
  String name();

  /** Feeds every example to {@code sink}, in a stable order. */
  void read(Consumer<CorpusExample> sink) throws IOException;
}
