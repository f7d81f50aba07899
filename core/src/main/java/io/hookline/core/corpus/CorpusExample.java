package io.hookline.core.corpus;

import io.hookline.avro.Label;
import java.util.Objects;

/**
 * One labelled message of a corpus: its raw bytes, its true label, and its domain (the source
 * group or style it comes from, which is what domain shift is measured across).
 *
 * @param id stable within the corpus, for example {@code spam-2/00017.8a1b...}
 */
public record CorpusExample(String id, String domain, Label label, byte[] raw) {
  public CorpusExample {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(raw, "raw");
    if (label == Label.UNKNOWN) {
      throw new IllegalArgumentException("a corpus example needs a known label: " + id);
    }
  }
}
