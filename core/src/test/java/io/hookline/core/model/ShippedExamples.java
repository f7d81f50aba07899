package io.hookline.core.model;

import io.hookline.avro.Label;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Featurized messages of the shipped corpus for the model families' tests: a fixed slice of each domain, by id. */
public final class ShippedExamples {
  private ShippedExamples() {}

  /** Messages {@code skip} to {@code skip + perDomain} of each domain, in id order. */
  public static List<TrainingExample> of(Corpus corpus, List<String> domains, int skip, int perDomain) throws Exception {
    MailParser parser = new MailParser();
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    List<TrainingExample> out = new ArrayList<>();
    for (String domain : domains) {
      List<CorpusExample> all = new ArrayList<>(corpus.inDomains(Set.of(domain)));
      all.sort(Comparator.comparing(CorpusExample::id));
      for (CorpusExample e : all.subList(skip, skip + perDomain)) {
        out.add(new TrainingExample(extractor.extract(parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH))), e.label() == Label.PHISHING ? 1 : 0,
            e.domain()));
      }
    }
    return out;
  }
}
