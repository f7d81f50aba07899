package io.hookline.trainer.service;

import io.hookline.avro.DataPolicy;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.RetrainTrigger;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.model.ModelFamily;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.trainer.dataset.DataMix;
import io.hookline.trainer.dataset.Featurizer;
import io.hookline.trainer.dataset.LabelNoise;
import io.hookline.trainer.evaluation.Evaluation;
import io.hookline.trainer.evaluation.Metrics;
import io.hookline.trainer.feedback.RecentFeedback;
import io.hookline.trainer.promotion.PromotionPolicy;
import io.hookline.trainer.training.LiveWeighting;
import io.hookline.trainer.training.ModelTraining;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retrain, as a short sequence of steps:
 *
 * <ol>
 *   <li><b>evidence</b>: the live labels (all the trainer keeps, from the request's {@code
 *       feedbackSince} on), split into those the model in service learned from and the new ones;
 *       with a model in service and fewer than {@code min-new-labels} new ones there is nothing to
 *       learn or to test on, and the request is rejected with that reason (an operator's request
 *       is still trained and published, for promotion by hand); so is a request when no label
 *       arrived since the last rejected candidate (the same labels would make the same candidate);
 *   <li><b>mix</b>: the corpus part the request's data policy names ({@link DataMix#forPolicy}); the
 *       live labels are read again once it is ready, so those that arrived meanwhile count;
 *   <li><b>screen</b>: duplicates dropped, likely mislabelled examples left out ({@link LabelNoise});
 *   <li><b>weigh</b>: how much the live labels count, by cross-validation on the new ones ({@link
 *       LiveWeighting}); the threshold is then placed on validation mail that holds the live
 *       labels at that weight;
 *   <li><b>train</b> on everything kept, with a reference that expects the live style at least
 *       half of the time, and <b>judge</b> against the model in service ({@link
 *       PromotionPolicy}) on the new labels, for a drift retrain on those of mail received since
 *       the alert where there are enough; how each corpus domain fares when left out ({@code lodo.*});
 *   <li><b>save</b> the artifact with the actual mix, counts and weight in its metadata.
 * </ol>
 *
 * The caller publishes the events the outcome carries.
 */
public final class RetrainJob {
  private static final Logger log = LoggerFactory.getLogger(RetrainJob.class);
  private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("'r'yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
  /** Metric recording when the newest live label a model learned from arrived (epoch ms): later labels are new to it. */
  public static final String LABELLED_UNTIL = "live.labelled_until_ms";

  /** What the retrain produced: the events to publish (PUBLISHED then PROMOTED or REJECTED, or REJECTED alone). */
  public record Outcome(String version, boolean promoted, String reason, List<ModelEvent> events) {}

  /**
   * The model in service, and when the newest live label it learned from arrived (null when it
   * learned from none: every label is new to it).
   */
  public record InService(PhishingModel model, Instant labelledUntil) {
    public static InService of(PhishingModel model) {
      Double until = model.metadata().metrics().get(LABELLED_UNTIL);
      return new InService(model, until == null ? null : Instant.ofEpochMilli(until.longValue()));
    }
  }

  /** A request that cannot be run as asked: it is answered REJECTED at once, not tried again. */
  public static final class RequestRefused extends RuntimeException {
    public RequestRefused(String message) {
      super(message);
    }
  }

  /** The live labels of a retrain: the ones the model in service learned from, and the new ones. */
  private record Evidence(List<RecentFeedback.Labelled> seen, List<RecentFeedback.Labelled> fresh) {
    List<RecentFeedback.Labelled> all() {
      List<RecentFeedback.Labelled> all = new ArrayList<>(seen);
      all.addAll(fresh);
      return all;
    }
  }

  private final TrainerConfig config;
  private final Corpus corpus;
  private final Featurizer featurizer;
  private final RecentFeedback feedback;
  private final ModelFamily family;
  /** Per version in service, the newest live label a rejected candidate to replace it learned from. */
  private final Map<String, Instant> triedUntil = new java.util.concurrent.ConcurrentHashMap<>();
  /** What the job is doing, in words, for those who watch it (operators, the demo); "idle" between requests. */
  private volatile String stage = IDLE;
  private static final String IDLE = "idle";

  public RetrainJob(TrainerConfig config, Corpus corpus, Featurizer featurizer, RecentFeedback feedback, ModelFamily family) {
    this.config = config;
    this.corpus = corpus;
    this.featurizer = featurizer;
    this.feedback = feedback;
    this.family = family;
  }

  /** What the job is doing now, in words. */
  public String stage() {
    return stage;
  }

  /** @param current the model in service, or null */
  public Outcome run(RetrainRequest request, InService current, Instant now) throws IOException {
    try {
      return attempt(request, current, now);
    } finally {
      stage = IDLE;
    }
  }

  private Outcome attempt(RetrainRequest request, InService current, Instant now) throws IOException {
    stage = "request " + request.getRequestId() + ": gathering the live labels and the corpus mix";
    DataPolicy policy = request.getDataPolicy();
    long seed = policy.getSeed();
    String version = VERSION.format(now);

    Evidence evidence = evidence(policy, current);
    String servingVersion = current == null ? "" : current.model().metadata().version();
    Instant newest = newest(evidence);
    Instant tried = triedUntil.get(servingVersion);
    if (current != null && tried != null && (newest == null || !newest.isAfter(tried)) && request.getTrigger() != RetrainTrigger.OPERATOR) {
      String reason = "rejected: no new evidence: no live label arrived since the last candidate to replace " + config.modelName() + " "
          + servingVersion + " was tried";
      log.info("retrain {} {}", request.getRequestId(), reason);
      return rejected(request, version, reason, now);
    }
    if (!enoughEvidence(evidence, current) && request.getTrigger() != RetrainTrigger.OPERATOR) {
      String noEvidence = noEvidence(evidence, current);
      log.info("retrain {} rejected: {}", request.getRequestId(), noEvidence);
      return rejected(request, version, "rejected: " + noEvidence, now);
    }

    DataMix mix;
    try {
      mix = DataMix.forPolicy(corpus, policy, config.perDomainCap());
    } catch (IllegalArgumentException e) {
      throw new RequestRefused("the request's data policy cannot be met: " + e.getMessage());
    }
    List<TrainingExample> corpusTrain = featurizer.featurize(mix.train());
    List<TrainingExample> corpusTest = featurizer.featurize(mix.test());
    // read again: labels that arrived while the corpus was prepared are the freshest evidence of the drift
    evidence = evidence(policy, current);
    newest = newest(evidence);
    boolean enoughEvidence = enoughEvidence(evidence, current);
    String noEvidence = noEvidence(evidence, current);
    List<TrainingExample> seenLive = examples(evidence.seen());
    List<TrainingExample> newLive = examples(evidence.fresh());

    TrainingConfig trainingConfig = TrainingConfig.defaults(config.modelName(), version, policy.getName(), seed);
    stage = String.format(Locale.ROOT, "request %s: screening %,d corpus and %,d live examples for labels that look wrong", request.getRequestId(),
        corpusTrain.size(), seenLive.size() + newLive.size());
    Screened screened = screen(corpusTrain, seenLive, newLive, trainingConfig);
    List<TrainingExample> corpusValidation = everyFifth(screened.corpus(), true);
    List<TrainingExample> corpusFit = everyFifth(screened.corpus(), false);
    stage = "request " + request.getRequestId() + ": choosing how much the live labels weigh against the corpus";
    LiveWeighting.Choice weighting = new LiveWeighting(family).choose(corpusFit, corpusValidation, screened.seen(), screened.fresh(), trainingConfig);
    log.info("retrain {}: {} corpus + {} live examples ({} new), {} flagged as likely mislabelled and left out; {}", request.getRequestId(),
        screened.corpus().size(), screened.seen().size() + screened.fresh().size(), screened.fresh().size(), screened.flagged(), weighting.describe());

    List<TrainingExample> live = new ArrayList<>();
    screened.seen().forEach(e -> live.add(e.withWeight(weighting.weight())));
    screened.fresh().forEach(e -> live.add(e.withWeight(weighting.weight())));
    List<TrainingExample> train = new ArrayList<>(corpusFit);
    train.addAll(everyFifth(live, false));
    List<TrainingExample> validation = new ArrayList<>(corpusValidation);
    validation.addAll(everyFifth(live, true)); // the reference profile then expects the live style too, at its weight
    Map<String, Integer> counts = new TreeMap<>(mix.trainingCounts());
    live.forEach(e -> counts.merge(RecentFeedback.DOMAIN + "/" + (e.phishing() == 1 ? "PHISHING" : "LEGITIMATE"), 1, Integer::sum));
    List<String> domains = new ArrayList<>(mix.domains());
    if (!live.isEmpty()) {
      domains.add(RecentFeedback.DOMAIN);
    }
    trainingConfig = trainingConfig.withMix(domains, counts);
    stage = String.format(Locale.ROOT, "request %s: training candidate %s on %,d examples (%,d live, weight %.1f)", request.getRequestId(), version,
        train.size() + validation.size(), live.size(), weighting.weight());
    ModelTraining.Trained trained = new ModelTraining(featurizer, family, config.shortcuts(), false).train(train, validation, trainingConfig, TrainingProgress.SILENT,
        RetrainJob::liveAtLeastHalf);
    PhishingModel model = trained.model(); // its threshold was placed on validation mail with the live labels at their weight

    stage = "request " + request.getRequestId() + ": comparing candidate " + version + " with the model in service";
    PromotionPolicy promotion = new PromotionPolicy(config.minGain(), config.floorF1(), config.maxRegression());
    Judged judged = judged(request, evidence, screened.fresh());
    PromotionPolicy.Decision decision = promotion.decide(model, weighting.crossValidated(screened.fresh(), judged.picks(), model.metadata().threshold()),
        current == null ? null : current.model(), judged.labels(), judged.description(), corpusTest);
    Map<String, Double> metrics = new TreeMap<>(decision.metrics());
    if (config.leaveOneDomainOut()) {
      stage = "request " + request.getRequestId() + ": checking candidate " + version + " on each domain left out";
      metrics.putAll(leaveOneDomainOut(screened.corpus(), live, corpusTest, trainingConfig));
    }
    model.metadata().metrics().forEach(metrics::putIfAbsent); // the shortcut diagnosis
    List<String> generalization = current == null ? List.of()
        : promotion.generalizationFailures(metrics, current.model().metadata().metrics(), corpora(domains).equals(corpora(current.model().metadata().domains())));
    if (decision.promote() && !generalization.isEmpty()) {
      decision = new PromotionPolicy.Decision(false, "rejected: " + String.join("; ", generalization), decision.metrics());
    }
    boolean promote = decision.promote() && enoughEvidence;
    if (!promote && newest != null) {
      triedUntil.put(servingVersion, newest); // the same labels would make the same candidate: wait for more
    }
    String reason = enoughEvidence ? decision.reason()
        : "rejected: " + noEvidence + "; trained and published for promotion by hand (hookline models promote " + version + ")";
    metrics.put("label_noise.flagged", (double) screened.flagged());
    metrics.put("examples.corpus", (double) screened.corpus().size());
    metrics.put("examples.live", (double) live.size());
    metrics.put("examples.live.new", (double) screened.fresh().size());
    metrics.put("examples.duplicates", (double) screened.duplicates());
    metrics.put("live.weight", weighting.weight());
    weighting.logLossByWeight().forEach((w, loss) -> metrics.put(String.format(Locale.ROOT, "live.weight.log_loss.%.1f", w), loss));
    metrics.put("threshold", model.metadata().threshold());
    evidence.all().stream().map(RecentFeedback.Labelled::labelledAt).max(Instant::compareTo)
        .ifPresent(until -> metrics.put(LABELLED_UNTIL, (double) until.toEpochMilli()));
    model = model.withMetadata(model.metadata().withMetrics(metrics));
    ModelArtifact.Stored stored = ModelArtifact.save(model, trained.profile(), config.store());
    log.info("retrain {} -> {} {}: {}", request.getRequestId(), config.modelName(), version, reason);

    ModelEvent published = event(ModelEventKind.PUBLISHED, model, stored, metrics, domains, request, "trained for request " + request.getRequestId(), now);
    ModelEvent verdict = event(promote ? ModelEventKind.PROMOTED : ModelEventKind.REJECTED, model, stored, metrics, domains, request, reason, now);
    return new Outcome(version, promote, reason, List.of(published, verdict));
  }

  /** The corpus domains of a mix, without the live labels. */
  private static Set<String> corpora(List<String> domains) {
    Set<String> corpora = new TreeSet<>(domains);
    corpora.remove(RecentFeedback.DOMAIN);
    return corpora;
  }

  /**
   * The traffic a repaired model should expect: the live style at least as often as the corpus
   * (its labels count more in the reference than in training where they are fewer), so the
   * repair does not alarm on the very mail it was made for. Training weights stay as chosen.
   */
  static List<TrainingExample> liveAtLeastHalf(List<TrainingExample> examples) {
    double live = examples.stream().filter(e -> RecentFeedback.DOMAIN.equals(e.domain())).mapToDouble(TrainingExample::weight).sum();
    double corpus = examples.stream().filter(e -> !RecentFeedback.DOMAIN.equals(e.domain())).mapToDouble(TrainingExample::weight).sum();
    if (live == 0 || live >= corpus) {
      return examples;
    }
    double factor = corpus / live;
    return examples.stream().map(e -> RecentFeedback.DOMAIN.equals(e.domain()) ? e.withWeight(e.weight() * factor) : e).toList();
  }

  /** The answer to a request that produced no model: a REJECTED event without an artifact. */
  public Outcome rejected(RetrainRequest request, String version, String reason, Instant now) {
    ModelEvent event = ModelEvent.newBuilder()
        .setModel(new ModelRef(config.modelName(), version))
        .setKind(ModelEventKind.REJECTED)
        .setOccurredAt(now)
        .setFamily(family.name())
        .setFeatureSpecVersion("")
        .setLocation("")
        .setSha256("")
        .setRequestId(request.getRequestId())
        .setReason(reason)
        .build();
    return new Outcome(version, false, reason, List.of(event));
  }

  /** A version name for a retrain started at {@code now}. */
  public static String versionAt(Instant now) {
    return VERSION.format(now);
  }

  private Evidence evidence(DataPolicy policy, InService current) {
    List<RecentFeedback.Labelled> seen = new ArrayList<>();
    List<RecentFeedback.Labelled> fresh = new ArrayList<>();
    Instant until = current == null ? null : current.labelledUntil();
    for (RecentFeedback.Labelled labelled : feedback.since(policy.getFeedbackSince())) {
      (until != null && !labelled.labelledAt().isAfter(until) ? seen : fresh).add(labelled);
    }
    return new Evidence(seen, fresh);
  }

  private static Instant newest(Evidence evidence) {
    return evidence.fresh().stream().map(RecentFeedback.Labelled::labelledAt).max(Instant::compareTo).orElse(null);
  }

  private boolean enoughEvidence(Evidence evidence, InService current) {
    return current == null || evidence.fresh().size() >= config.minNewLabels();
  }

  private String noEvidence(Evidence evidence, InService current) {
    return String.format(Locale.ROOT, "no new evidence: %d live labels arrived since %s %s learned from its last (at least %d needed to learn "
        + "from and to test a candidate on)", evidence.fresh().size(), config.modelName(),
        current == null ? "-" : current.model().metadata().version(), config.minNewLabels());
  }

  /** The new labels a candidate is judged on, which of the cross-validated ones they are, and what they are in words. */
  private record Judged(List<TrainingExample> labels, Predicate<TrainingExample> picks, String description) {}

  /**
   * For a drift retrain, the new labels of mail received since the alert asked for it, where there
   * are at least {@code min-new-labels} of them: the traffic the model in service failed on, not
   * the familiar mail before it, on which any candidate ties. Otherwise (too few yet, or a request
   * of an operator) every new label.
   *
   * @param fresh the new labels the screening kept
   */
  private Judged judged(RetrainRequest request, Evidence evidence, List<TrainingExample> fresh) {
    Set<TrainingExample> sinceAlert = Collections.newSetFromMap(new IdentityHashMap<>());
    if (request.getTrigger() == RetrainTrigger.DRIFT) {
      evidence.fresh().stream().filter(l -> !l.receivedAt().isBefore(request.getRequestedAt())).map(RecentFeedback.Labelled::example)
          .forEach(sinceAlert::add);
    }
    List<TrainingExample> kept = fresh.stream().filter(sinceAlert::contains).toList();
    return kept.size() >= config.minNewLabels() ? new Judged(kept, sinceAlert::contains, "new live labels of mail received since the alert")
        : new Judged(fresh, e -> true, "new live labels");
  }

  private static List<TrainingExample> examples(List<RecentFeedback.Labelled> labelled) {
    return labelled.stream().map(RecentFeedback.Labelled::example).toList();
  }

  /** What is left to train on after the screening, by part. */
  private record Screened(List<TrainingExample> corpus, List<TrainingExample> seen, List<TrainingExample> fresh, int flagged, int duplicates) {}

  /**
   * Drops duplicates and the likely mislabelled. Live mail also in the corpus, or labelled twice,
   * counts once, as live mail: the live labels are the evidence the retrain is judged on.
   */
  private Screened screen(List<TrainingExample> corpusTrain, List<TrainingExample> seenLive, List<TrainingExample> newLive, TrainingConfig trainingConfig) {
    Set<FeatureVector> seen = new HashSet<>();
    Map<TrainingExample, Integer> part = new IdentityHashMap<>();
    List<TrainingExample> candidates = new ArrayList<>();
    int duplicates = 0;
    List<List<TrainingExample>> parts = List.of(corpusTrain, seenLive, newLive);
    List<Integer> firstClaim = List.of(2, 1, 0); // new live labels first, then the seen ones, then the corpus
    for (int p : firstClaim) {
      for (TrainingExample example : parts.get(p)) {
        if (seen.add(example.vector())) {
          candidates.add(example);
          part.put(example, p);
        } else {
          duplicates++;
        }
      }
    }
    LabelNoise.Screened screened = new LabelNoise(family, config.labelNoiseFolds(), config.labelNoiseConfidence()).screen(candidates, trainingConfig);
    List<List<TrainingExample>> kept = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    // kept in the order they came, so splits and folds do not depend on the screening's fold order
    Set<TrainingExample> keep = Collections.newSetFromMap(new IdentityHashMap<>());
    keep.addAll(screened.kept());
    for (TrainingExample example : candidates) {
      if (keep.contains(example)) {
        kept.get(part.get(example)).add(example);
      }
    }
    return new Screened(kept.get(0), kept.get(1), kept.get(2), screened.flagged().size(), duplicates);
  }

  /** Every fifth example (the validation part), or the other four fifths. */
  private static List<TrainingExample> everyFifth(List<TrainingExample> examples, boolean fifth) {
    List<TrainingExample> out = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      if ((i % 5 == 0) == fifth) {
        out.add(examples.get(i));
      }
    }
    return out;
  }

  /**
   * How the mix generalizes to a style it lacks: for each corpus domain, a model trained on the
   * mix without it, judged on that domain's held-out mail (F1, or accuracy for a one-class domain).
   */
  private Map<String, Double> leaveOneDomainOut(List<TrainingExample> corpusKept, List<TrainingExample> live, List<TrainingExample> corpusTest,
      TrainingConfig trainingConfig) {
    Map<String, Double> metrics = new TreeMap<>();
    Set<String> domains = new TreeSet<>();
    corpusTest.forEach(e -> domains.add(e.domain()));
    for (String left : domains) {
      List<TrainingExample> without = new ArrayList<>(corpusKept.stream().filter(e -> !e.domain().equals(left)).toList());
      without.addAll(live);
      List<TrainingExample> test = corpusTest.stream().filter(e -> e.domain().equals(left)).toList();
      Metrics m = Evaluation.of(family.train(without, List.of(), trainingConfig, TrainingProgress.SILENT), left, test).overall();
      boolean oneClass = m.truePositives() + m.falseNegatives() == 0;
      metrics.put((oneClass ? "lodo.accuracy." : "lodo.f1.") + left, oneClass ? m.accuracy() : m.f1());
    }
    return metrics;
  }

  private ModelEvent event(ModelEventKind kind, PhishingModel model, ModelArtifact.Stored stored, Map<String, Double> metrics, List<String> domains,
      RetrainRequest request, String reason, Instant now) {
    return ModelEvent.newBuilder()
        .setModel(new ModelRef(model.metadata().name(), model.metadata().version()))
        .setKind(kind)
        .setOccurredAt(now)
        .setFamily(model.metadata().family())
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
