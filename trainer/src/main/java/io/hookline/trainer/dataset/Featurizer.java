package io.hookline.trainer.dataset;

import io.hookline.avro.Label;
import io.hookline.core.corpus.ContentHash;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParseException;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.TrainingExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Corpus examples to training examples: parsed as the gateway would, then featurized. */
public final class Featurizer {
  private final MailParser parser;
  private final FeatureExtractor extractor;

  public Featurizer(MailParser parser, FeatureExtractor extractor) {
    this.parser = parser;
    this.extractor = extractor;
  }

  /** Examples that are not mail at all are skipped: they could not reach the model in service either. */
  public List<TrainingExample> featurize(List<CorpusExample> examples) {
    List<TrainingExample> out = new ArrayList<>(examples.size());
    for (CorpusExample example : examples) {
      try {
        var message = parser.parse(example.raw(), InboundContext.of(example.id(), Instant.EPOCH));
        out.add(new TrainingExample(extractor.extract(message), example.label() == Label.PHISHING ? 1 : 0, example.domain())
            .withContent(ContentHash.of(example.raw())));
      } catch (MailParseException e) {
        // not mail (empty or binary): the detector would dead-letter it, so it cannot teach the model
      }
    }
    return out;
  }
}
