package io.hookline.embedded.registry;

import java.util.function.Consumer;

/** Where the registry's changes are made durable, and replayed from at start. */
interface SchemaJournal extends AutoCloseable {

  /** Feeds every entry written so far, oldest first. */
  void replay(Consumer<JournalEntry> into);

  /** Makes an entry durable; returns only once it is. */
  void append(JournalEntry entry);

  @Override
  void close();
}
