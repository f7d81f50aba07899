package io.hookline.monitor;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Label;
import io.hookline.avro.ModelRef;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.features.TokenSample;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.Explanation;
import io.hookline.core.model.InferenceRecords;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.profile.ProfileBuilder;
import io.hookline.core.profile.Reference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The monitor's test world, built once per JVM: a specialist model trained on half of its own
 * domains (easy-ham-1, spam-1) with its reference profile, the other half of those domains as
 * in-distribution traffic it never trained on, and the shifted domains (easy-ham-2, hard-ham-1,
 * spam-2). Every message is scored and explained as the detector does, giving the inference
 * records the monitor reads.
 */
final class DriftScenario {
  static final Set<String> OWN = Set.of("easy-ham-1", "spam-1");
  static final Set<String> SHIFTED = Set.of("easy-ham-2", "hard-ham-1", "spam-2");
  static final ModelRef MODEL = new ModelRef("phish", "specialist-1");
  static final TokenSample TOKENS = new TokenSample(2);

  /** A scored message: what the gateway sent, what the detector logged, and the truth. */
  record Scored(EmailMessage message, InferenceRecord record, Label truth) {}

  final PhishingModel model;
  final ProfileBuilder.Built profile;
  final List<Scored> inDistribution;
  final List<Scored> shifted;

  private static DriftScenario instance;

  static synchronized DriftScenario get() throws Exception {
    if (instance == null) {
      instance = new DriftScenario();
    }
    return instance;
  }

  private DriftScenario() throws Exception {
    Corpus corpus = Corpus.load(SpamAssassinArchive.shipped());
    MailParser parser = new MailParser();
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    List<CorpusExample> own = new ArrayList<>(corpus.inDomains(OWN));
    own.sort(Comparator.comparing(CorpusExample::id));
    Collections.shuffle(own, new Random(20261127));
    int half = own.size() / 2;
    List<CorpusExample> trainPart = own.subList(0, half);
    List<CorpusExample> heldPart = own.subList(half, own.size());
    List<TrainingExample> train = new ArrayList<>();
    List<TrainingExample> validation = new ArrayList<>();
    for (int i = 0; i < trainPart.size(); i++) {
      CorpusExample e = trainPart.get(i);
      TrainingExample example = new TrainingExample(extractor.extract(parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH))),
          e.label() == Label.PHISHING ? 1 : 0, e.domain());
      (i % 5 == 0 ? validation : train).add(example);
    }
    model = new AdditiveFamily(FeatureSpec.CURRENT).train(train, validation,
        TrainingConfig.defaults(MODEL.getName(), MODEL.getVersion(), "specialist", 7), TrainingProgress.SILENT);
    List<TrainingExample> everything = new ArrayList<>(train);
    everything.addAll(validation);
    profile = ProfileBuilder.build(model, everything, new ProfileBuilder.HeldOut(model, validation, ProfileBuilder.oovRate(validation, ProfileBuilder.vocabularyOf(train))));
    inDistribution = score(heldPart, parser, extractor);
    shifted = score(corpus.inDomains(SHIFTED), parser, extractor);
  }

  Reference reference() {
    return new Reference(profile.profile(), profile.vocabulary());
  }

  private List<Scored> score(List<CorpusExample> examples, MailParser parser, FeatureExtractor extractor) throws Exception {
    List<Scored> scored = new ArrayList<>();
    for (CorpusExample e : examples) {
      EmailMessage message = parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH));
      FeatureVector vector = extractor.extract(message);
      Explanation explanation = model.explain(vector, 5);
      double score = model.metadata().calibration().probability(explanation.logit());
      Label label = score >= model.metadata().threshold() ? Label.PHISHING : Label.LEGITIMATE;
      InferenceRecord record = InferenceRecords.of(message, vector, explanation, model.metadata(), score, label, Instant.EPOCH, 1.0, TOKENS);
      scored.add(new Scored(message, record, e.label()));
    }
    return scored;
  }

  /** {@code count} messages drawn from {@code pool} with a seeded shuffle, cycling when the pool is smaller. */
  static List<Scored> draw(List<Scored> pool, int count, long seed) {
    List<Scored> shuffled = new ArrayList<>(pool);
    Random random = new Random(seed);
    List<Scored> drawn = new ArrayList<>(count);
    while (drawn.size() < count) {
      Collections.shuffle(shuffled, random);
      drawn.addAll(shuffled.subList(0, Math.min(shuffled.size(), count - drawn.size())));
    }
    return drawn;
  }
}
