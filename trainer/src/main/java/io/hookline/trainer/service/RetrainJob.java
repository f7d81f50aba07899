package io.hookline.trainer.service;

import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import io.hookline.avro.RetrainRequest;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.ModelArtifact;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.trainer.dataset.DataMix;
import io.hookline.trainer.dataset.Featurizer;
import io.hookline.trainer.dataset.LabelNoise;
import io.hookline.trainer.evaluation.Evaluation;
import io.hookline.trainer.evaluation.Metrics;
import io.hookline.trainer.feedback.RecentFeedback;
import io.hookline.trainer.promotion.PromotionPolicy;
import io.hookline.trainer.training.ModelTraining;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retrain: the diversified mix (every corpus domain, balanced, plus the labelled live mail
 * since the request's {@code feedbackSince}), screened for label noise, trained, judged against
 * the model in service on held-out live mail and on every corpus domain, and saved. The caller
 * publishes the events the outcome carries.
 */
public final class RetrainJob {
  private static final Logger log = LoggerFactory.getLogger(RetrainJob.class);
  private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("'r'yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  /** What the retrain produced: the events to publish (PUBLISHED, then PROMOTED or REJECTED). */
  public record Outcome(String version, boolean promoted, String reason, List<ModelEvent> events) {}

  private final TrainerConfig config;
  private final Corpus corpus;
  private final Featurizer featurizer;
  private final RecentFeedback feedback;
  private final AdditiveFamily family;

  public RetrainJob(TrainerConfig config, Corpus corpus, Featurizer featurizer, RecentFeedback feedback, AdditiveFamily family) {
    this.config = config;
    this.corpus = corpus;
    this.featurizer = featurizer;
    this.feedback = feedback;
    this.family = family;
  }

  public Outcome run(RetrainRequest request, PhishingModel current, Instant now) throws IOException {
    long seed = request.getDataPolicy().getSeed();
    String version = VERSION.format(now);
    DataMix mix = DataMix.generalist(corpus, capFor(request), seed);
    List<TrainingExample> corpusTrain = featurizer.featurize(mix.train());
    List<TrainingExample> corpusTest = featurizer.featurize(mix.test());

    // live mail: every fourth labelled message is held out to judge the candidate on the drifted traffic
    List<RecentFeedback.Labelled> live = feedback.since(request.getDataPolicy().getFeedbackSince());
    List<TrainingExample> liveTrain = new ArrayList<>();
    List<TrainingExample> liveTest = new ArrayList<>();
    for (int i = 0; i < live.size(); i++) {
      (i % 4 == 3 ? liveTest : liveTrain).add(live.get(i).example());
    }
    // deduplicated: live mail that is also in the corpus (or arrived twice) counts once
    Set<FeatureVector> seen = new HashSet<>();
    List<TrainingExample> candidates = new ArrayList<>();
    int duplicates = 0;
    for (List<TrainingExample> part : List.of(corpusTrain, liveTrain)) {
      for (TrainingExample example : part) {
        if (seen.add(example.vector())) {
          candidates.add(example);
        } else {
          duplicates++;
        }
      }
    }
    TrainingConfig trainingConfig = TrainingConfig.defaults(config.modelName(), version, request.getDataPolicy().getName(), seed)
        .withMix(mix.domains(), Map.of());
    LabelNoise.Screened screened = new LabelNoise(family, config.labelNoiseFolds(), config.labelNoiseConfidence())
        .screen(candidates, trainingConfig);
    log.info("retrain {}: {} corpus + {} live examples, {} flagged as likely mislabelled ({}%) and left out",
        request.getRequestId(), corpusTrain.size(), liveTrain.size(), screened.flagged().size(), Math.round(100 * screened.flaggedShare()));

    List<TrainingExample> train = new ArrayList<>();
    List<TrainingExample> validation = new ArrayList<>();
    List<TrainingExample> kept = screened.kept();
    for (int i = 0; i < kept.size(); i++) {
      (i % 5 == 0 ? validation : train).add(kept.get(i));
    }
    ModelTraining.Trained trained = new ModelTraining(featurizer, family).train(train, validation, trainingConfig, TrainingProgress.SILENT);
    PromotionPolicy.Decision decision = new PromotionPolicy(config.minGain(), config.floorF1()).decide(trained.model(), current, liveTest, corpusTest);
    Map<String, Double> metrics = new TreeMap<>(decision.metrics());
    if (config.leaveOneDomainOut()) {
      metrics.putAll(leaveOneDomainOut(kept, corpusTest, trainingConfig));
    }
    metrics.put("label_noise.flagged", (double) screened.flagged().size());
    metrics.put("examples.live", (double) liveTrain.size());
    metrics.put("examples.duplicates", (double) duplicates);
    PhishingModel model = trained.model().withMetadata(trained.model().metadata().withMetrics(metrics));
    ModelArtifact.Stored stored = ModelArtifact.save(model, trained.profile(), config.store());
    log.info("retrain {} -> {} {}: {}", request.getRequestId(), config.modelName(), version, decision.reason());

    List<String> domains = new ArrayList<>(mix.domains());
    if (!liveTrain.isEmpty()) {
      domains.add(RecentFeedback.DOMAIN);
    }
    ModelEvent published = event(ModelEventKind.PUBLISHED, model, stored, metrics, domains, request, "trained for request " + request.getRequestId(), now);
    ModelEvent verdict = event(decision.promote() ? ModelEventKind.PROMOTED : ModelEventKind.REJECTED, model, stored, metrics, domains, request,
        decision.reason(), now);
    return new Outcome(version, decision.promote(), decision.reason(), List.of(published, verdict));
  }

  /**
   * How the mix generalizes to a style it lacks: for each corpus domain, a model trained on the
   * mix without it, judged on that domain's held-out mail (F1, or accuracy for a one-class domain).
   */
  private Map<String, Double> leaveOneDomainOut(List<TrainingExample> mix, List<TrainingExample> corpusTest, TrainingConfig trainingConfig) {
    Map<String, Double> metrics = new TreeMap<>();
    Set<String> domains = new TreeSet<>();
    corpusTest.forEach(e -> domains.add(e.domain()));
    for (String left : domains) {
      List<TrainingExample> without = mix.stream().filter(e -> !e.domain().equals(left)).toList();
      List<TrainingExample> test = corpusTest.stream().filter(e -> e.domain().equals(left)).toList();
      Metrics m = Evaluation.of(family.train(without, List.of(), trainingConfig, TrainingProgress.SILENT), left, test).overall();
      boolean oneClass = m.truePositives() + m.falseNegatives() == 0;
      metrics.put((oneClass ? "lodo.accuracy." : "lodo.f1.") + left, oneClass ? m.accuracy() : m.f1());
    }
    return metrics;
  }

  private int capFor(RetrainRequest request) {
    Integer max = request.getDataPolicy().getMaxExamples();
    if (max == null) {
      return config.perDomainCap();
    }
    return Math.max(10, Math.min(config.perDomainCap(), max / Math.max(1, corpus.byDomain().size())));
  }

  private ModelEvent event(ModelEventKind kind, PhishingModel model, ModelArtifact.Stored stored, Map<String, Double> metrics, List<String> domains,
      RetrainRequest request, String reason, Instant now) {
    return ModelEvent.newBuilder()
        .setModel(new ModelRef(model.metadata().name(), model.metadata().version()))
        .setKind(kind)
        .setOccurredAt(now)
        .setFamily(AdditiveFamily.NAME)
        .setFeatureSpecVersion(model.metadata().featureSpec())
        .setLocation(stored.directory().toUri().toString())
        .setSha256(stored.sha256())
        .setMetrics(metrics)
        .setTrainingDomains(domains)
        .setRequestId(request.getRequestId())
        .setReason(reason)
        .build();
  }
}
