package io.hookline.launcher;

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
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.ModelEventKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What the resilience tests set up alike: a small real model of model name "phish", saved and promoted. */
public final class ModelFixtures {
  private ModelFixtures() {}

  /** A model trained on every 30th corpus message from {@code seed} on, saved in {@code store}. */
  public static ModelArtifact.Stored train(List<CorpusExample> corpus, MailParser parser, String version, long seed, Path store) throws Exception {
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = (int) seed; i < corpus.size(); i += 30) {
      CorpusExample e = corpus.get(i);
      examples.add(new TrainingExample(extractor.extract(parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH))),
          e.label() == Label.PHISHING ? 1 : 0, e.domain()));
    }
    var model = new AdditiveFamily(FeatureSpec.CURRENT).train(examples, List.of(), TrainingConfig.defaults("phish", version, "test", seed), TrainingProgress.SILENT);
    return ModelArtifact.save(model, store);
  }

  /** Announces a saved artifact as the promoted version of "phish". */
  public static void promote(KafkaConnection kafka, HooklineTopics topics, String version, ModelArtifact.Stored stored) throws Exception {
    ModelEvent event = ModelEvent.newBuilder()
        .setModel(new ModelRef("phish", version)).setKind(ModelEventKind.PROMOTED).setOccurredAt(Instant.now())
        .setFamily(AdditiveFamily.NAME).setFeatureSpecVersion(FeatureSpec.CURRENT.version()).setLocation(stored.directory().toUri().toString())
        .setSha256(stored.sha256()).build();
    try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(30)),
        topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.modelEvents().name(), ModelEventKeys.of(event), event)).get();
    }
  }
}
