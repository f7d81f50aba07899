package io.hookline.detector;

import io.hookline.avro.Label;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.ModelEventKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What the detector tests set up alike: a small real model and its ModelEvent. */
final class DetectorFixtures {
  private DetectorFixtures() {}

  /** An additive model trained on every {@code step}-th corpus message. */
  static PhishingModel train(List<CorpusExample> corpus, MailParser parser, String version, long seed, int step) throws Exception {
    List<TrainingExample> examples = examples(corpus, parser, 0, step);
    return new AdditiveFamily(FeatureSpec.CURRENT).train(examples, List.of(), TrainingConfig.defaults("phish", version, "test", seed), TrainingProgress.SILENT);
  }

  /**
   * A model of the named family trained on every {@code step}-th corpus message and calibrated on
   * as many others (a cascade chooses its band on them).
   */
  static PhishingModel train(String family, List<CorpusExample> corpus, MailParser parser, String version, long seed, int step) throws Exception {
    return ModelFamilies.named(family, FeatureSpec.CURRENT).train(examples(corpus, parser, 0, step), examples(corpus, parser, step / 2, step),
        TrainingConfig.defaults("phish", version, "test", seed), TrainingProgress.SILENT);
  }

  private static List<TrainingExample> examples(List<CorpusExample> corpus, MailParser parser, int first, int step) throws Exception {
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = first; i < corpus.size(); i += step) {
      CorpusExample e = corpus.get(i);
      examples.add(new TrainingExample(extractor.extract(parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH))),
          e.label() == Label.PHISHING ? 1 : 0, e.domain()));
    }
    return examples;
  }

  /** Announces a saved artifact as the promoted version of model "phish". */
  static void promote(KafkaConnection kafka, HooklineTopics topics, String version, ModelArtifact.Stored stored) throws Exception {
    promote(kafka, topics, version, stored, AdditiveFamily.NAME);
  }

  /** Announces a saved artifact of the named family as the promoted version of model "phish". */
  static void promote(KafkaConnection kafka, HooklineTopics topics, String version, ModelArtifact.Stored stored, String family) throws Exception {
    ModelEvent event = ModelEvent.newBuilder()
        .setModel(new ModelRef("phish", version)).setKind(ModelEventKind.PROMOTED).setOccurredAt(Instant.now())
        .setFamily(family).setFeatureSpecVersion(FeatureSpec.CURRENT.version()).setLocation(stored.directory().toUri().toString())
        .setSha256(stored.sha256()).build();
    try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
        topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.modelEvents().name(), ModelEventKeys.of(event), event)).get();
    }
  }
}
