package io.hookline.core.corpus;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar.gz of raw messages at {@code <group>/<file>}, read directly; the group is the domain and
 * names the label ({@link Labels#ofGroup}). The SpamAssassin public corpus ships in this form.
 */
public final class SpamAssassinArchive implements CorpusSource {
  /** The copy shipped with Hookline (see PROVENANCE.md beside it). */
  static final String SHIPPED_RESOURCE = "/corpora/spamassassin/spamassassin.tar.gz";

  private final String name;
  private final IoSupplier opener;

  @FunctionalInterface
  private interface IoSupplier {
    InputStream open() throws IOException;
  }

  private SpamAssassinArchive(String name, IoSupplier opener) {
    this.name = name;
    this.opener = opener;
  }

  /** The SpamAssassin public corpus shipped with Hookline: 6,046 messages in five groups. */
  public static SpamAssassinArchive shipped() {
    return new SpamAssassinArchive(
        "spamassassin",
        () -> {
          InputStream in = SpamAssassinArchive.class.getResourceAsStream(SHIPPED_RESOURCE);
          if (in == null) {
            throw new IOException("the shipped corpus " + SHIPPED_RESOURCE + " is not on the class path");
          }
          return in;
        });
  }

  /** An archive of the same layout at a path. */
  public static SpamAssassinArchive at(Path archive) {
    return new SpamAssassinArchive(archive.getFileName().toString(), () -> Files.newInputStream(archive));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void read(Consumer<CorpusExample> sink) throws IOException {
    try (InputStream raw = opener.open();
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        if (!entry.isFile()) {
          continue;
        }
        String path = entry.getName();
        int slash = path.indexOf('/');
        if (slash <= 0) {
          continue;
        }
        String group = path.substring(0, slash);
        sink.accept(new CorpusExample(path, group, Labels.ofGroup(group), tar.readAllBytes()));
      }
    }
  }
}
