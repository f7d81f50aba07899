package io.hookline.launcher.bench;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Label;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.model.cascade.CascadeModel;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.profile.ProfileBuilder;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the end-to-end benchmarks stand on: Hookline's topics on an embedded broker, the shipped
 * corpus (raw and parsed), and a model trained on all of it promoted as {@code phish/bench}
 * (of the additive family unless another is named; a fifth of the corpus held out for its
 * calibration) with its reference profile, and the share of the corpus a cascade hands to its
 * encoder.
 */
record BenchPlatform(KafkaConnection kafka, TopicNames names, HooklineTopics topics, List<CorpusExample> corpus, List<EmailMessage> parsed,
    double escalatedShare) {

  static BenchPlatform prepare(EmbeddedStack stack, int partitions) throws Exception {
    return prepare(stack, partitions, AdditiveFamily.NAME, List.of());
  }

  /** @param trainDomains the corpus domains the model learns from (empty: all); the whole corpus is replayed */
  static BenchPlatform prepare(EmbeddedStack stack, int partitions, String family, List<String> trainDomains) throws Exception {
    TopicNames names = TopicNames.DEFAULTS;
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, partitions, (short) 1);
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(names, kafka.registry());
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    MailParser parser = new MailParser();
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    List<EmailMessage> parsed = new ArrayList<>();
    List<TrainingExample> examples = new ArrayList<>();
    List<TrainingExample> heldOut = new ArrayList<>();
    List<FeatureVector> vectors = new ArrayList<>(corpus.size());
    for (CorpusExample e : corpus) {
      EmailMessage message = parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH));
      parsed.add(message);
      FeatureVector vector = extractor.extract(message);
      vectors.add(vector);
      if (trainDomains.isEmpty() || trainDomains.contains(e.domain())) {
        // every fifth message held out for calibration, as training does: a cascade chooses its band there
        (parsed.size() % 5 == 0 ? heldOut : examples).add(new TrainingExample(vector, e.label() == Label.PHISHING ? 1 : 0, e.domain()));
      }
    }
    PhishingModel model = ModelFamilies.named(family)
        .train(examples, heldOut, TrainingConfig.defaults("phish", "bench", "all", 1), TrainingProgress.SILENT);
    double escalated = model instanceof CascadeModel cascade ? cascade.escalated(vectors) / (double) vectors.size() : 0;
    // with its reference profile, so that a monitor on the platform judges its windows as in service
    List<TrainingExample> everything = new ArrayList<>(examples);
    everything.addAll(heldOut);
    ProfileBuilder.Built profile = ProfileBuilder.build(model, everything,
        new ProfileBuilder.HeldOut(model, heldOut, ProfileBuilder.oovRate(heldOut, ProfileBuilder.vocabularyOf(examples))));
    ModelArtifact.Stored stored = ModelArtifact.save(model, profile, Files.createTempDirectory("hookline-bench-models"));
    try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
        topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(names.modelEvents(), "phish/bench", ModelEvent.newBuilder().setModel(new ModelRef("phish", "bench"))
          .setKind(ModelEventKind.PROMOTED).setOccurredAt(Instant.now()).setFamily(model.metadata().family()).setFeatureSpecVersion(model.metadata().featureSpec())
          .setLocation(stored.directory().toUri().toString()).setSha256(stored.sha256()).build())).get();
    }
    return new BenchPlatform(kafka, names, topics, corpus, parsed, escalated);
  }
}
