package io.hookline.core.model.cascade;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.model.Attribution;
import io.hookline.core.model.Explanation;
import io.hookline.core.model.ModelMetadata;
import io.hookline.core.model.ModelParts;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.Score;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast model scores every message; the slow model gives a second opinion where the fast one
 * is unsure (its calibrated probability within {@code band} of its threshold: there the rule's
 * {@code slowShare} of the slow part counts) and where the message is unlike the training mail
 * (more of its tokens unseen in training than {@code noveltyCut}: there both count equally, as
 * held-out mail of the training era cannot tell which to trust on mail of another). Each part's
 * logit is first put on one scale: its calibrated log-odds minus its threshold's, so 0 is either
 * part's decision boundary; the cascade's own calibration and threshold then read that scale.
 * Explanations are the deciding parts', scaled by the same linear maps, so they still sum exactly.
 */
public final class CascadeModel implements PhishingModel {
  static final String FAST = "fast";
  static final String SLOW = "slow";
  static final String RULE_FILE = "cascade.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The combination rule: escalate when |p_fast - threshold_fast| < band, and there decide by
   * {@code slowShare} of the slow part's shared score plus the rest of the fast part's (1: the
   * slow part alone; 0.5: both heard equally); escalate too, both heard equally, when more of the
   * message's tokens than {@code noveltyCut} were unseen in training (null: never, as in cascades
   * written before this rule).
   */
  record Rule(double band, double slowShare, Double noveltyCut) {}

  /** How much the slow part counts on a message unlike the training mail. */
  static final double NOVEL_SLOW_SHARE = 0.5;

  private final ModelMetadata metadata;
  private final PhishingModel fast;
  private final PhishingModel slow;
  private final Rule rule;
  private final FamiliarTokens familiar;

  /** @param familiar the training mail's tokens; null where the rule has no novelty cut */
  CascadeModel(ModelMetadata metadata, PhishingModel fast, PhishingModel slow, Rule rule, FamiliarTokens familiar) {
    if (rule.noveltyCut() != null && familiar == null) {
      throw new IllegalArgumentException("a novelty cut needs the training mail's tokens");
    }
    this.metadata = metadata;
    this.fast = fast;
    this.slow = slow;
    this.rule = rule;
    this.familiar = familiar;
  }

  static CascadeModel read(Path directory, ModelMetadata metadata) throws IOException {
    Rule rule = JSON.readValue(directory.resolve(RULE_FILE).toFile(), Rule.class);
    FamiliarTokens familiar = rule.noveltyCut() == null ? null : FamiliarTokens.read(directory.resolve(FamiliarTokens.FILE));
    return new CascadeModel(metadata, ModelParts.read(directory.resolve(FAST)), ModelParts.read(directory.resolve(SLOW)), rule, familiar);
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  PhishingModel fast() {
    return fast;
  }

  PhishingModel slow() {
    return slow;
  }

  /** The same rule and decision over other parts. */
  CascadeModel withParts(PhishingModel newFast, PhishingModel newSlow) {
    return new CascadeModel(metadata, newFast, newSlow, rule, familiar);
  }

  /** How much the slow part counts for this message: 0 where the fast part decides alone. */
  double slowShare(Score fastScore, FeatureVector vector) {
    return slowShare(rule, fast.metadata().threshold(), fastScore, novelty(vector));
  }

  /** The share of the message's tokens unseen in training; 0 where the rule has no novelty cut. */
  double novelty(FeatureVector vector) {
    return familiar == null ? 0 : familiar.unseenShare(vector);
  }

  static double slowShare(Rule rule, double fastThreshold, Score fastScore, double novelty) {
    if (Math.abs(fastScore.probability() - fastThreshold) < rule.band()) {
      return rule.slowShare();
    }
    return rule.noveltyCut() != null && novelty > rule.noveltyCut() ? NOVEL_SLOW_SHARE : 0;
  }

  /** How many of these messages the fast part would hand to the slow one. */
  public long escalated(List<FeatureVector> vectors) {
    List<Score> first = fast.predict(vectors);
    return java.util.stream.IntStream.range(0, vectors.size()).filter(i -> slowShare(first.get(i), vectors.get(i)) > 0).count();
  }

  /** A part's score on the shared scale: its calibrated log-odds minus its threshold's. */
  static double shared(PhishingModel part, Score score) {
    // from the logit, not the probability: a probability of 1.0 in doubles has lost how sure the part was
    return part.metadata().calibration().a() * score.logit() + part.metadata().calibration().b() - logOdds(part.metadata().threshold());
  }

  private static double logOdds(double p) {
    double q = Math.min(1 - 1e-12, Math.max(1e-12, p));
    return Math.log(q / (1 - q));
  }

  /** The shared-scale scores of both parts' decision: the fast one's, or, where escalated, both weighed by the rule. */
  double[] combined(List<FeatureVector> vectors) {
    List<Score> first = fast.predict(vectors);
    List<Integer> escalated = new ArrayList<>();
    double[] shares = new double[vectors.size()];
    double[] combined = new double[vectors.size()];
    for (int i = 0; i < vectors.size(); i++) {
      combined[i] = shared(fast, first.get(i));
      shares[i] = slowShare(first.get(i), vectors.get(i));
      if (shares[i] > 0) {
        escalated.add(i);
      }
    }
    if (!escalated.isEmpty()) {
      List<Score> second = slow.predict(escalated.stream().map(vectors::get).toList());
      for (int k = 0; k < escalated.size(); k++) {
        int i = escalated.get(k);
        combined[i] = shares[i] * shared(slow, second.get(k)) + (1 - shares[i]) * combined[i];
      }
    }
    return combined;
  }

  @Override
  public List<Score> predict(List<FeatureVector> vectors) {
    return metadata.scores(combined(vectors));
  }

  @Override
  public Explanation explain(FeatureVector vector, int namedTokens) {
    return explain(vector, namedTokens, false);
  }

  /** The deciding parts' explanations in detail (the encoder's down to words). */
  @Override
  public Explanation explainInDetail(FeatureVector vector, int namedTokens) {
    return explain(vector, namedTokens, true);
  }

  /** A batch: the fast part explains all, the slow part the escalated ones, each in one call. */
  @Override
  public List<Explanation> explain(List<FeatureVector> vectors, int namedTokens) {
    List<Explanation> first = fast.explain(vectors, namedTokens);
    List<Integer> escalated = new ArrayList<>();
    double[] shares = new double[vectors.size()];
    List<Explanation> out = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      Score fastScore = fast.metadata().score(first.get(i).logit());
      out.add(scaled(fast, first.get(i), 1));
      shares[i] = slowShare(fastScore, vectors.get(i));
      if (shares[i] > 0) {
        escalated.add(i);
      }
    }
    if (!escalated.isEmpty()) {
      List<Explanation> second = slow.explain(escalated.stream().map(vectors::get).toList(), namedTokens);
      for (int k = 0; k < escalated.size(); k++) {
        int i = escalated.get(k);
        out.set(i, combined(scaled(fast, first.get(i), 1 - shares[i]), scaled(slow, second.get(k), shares[i]), shares[i]));
      }
    }
    return out;
  }

  private Explanation explain(FeatureVector vector, int namedTokens, boolean detail) {
    double slowShare = slowShare(fast.predict(List.of(vector)).get(0), vector);
    Explanation fastPart = scaled(fast, detail ? fast.explainInDetail(vector, namedTokens) : fast.explain(vector, namedTokens), 1 - slowShare);
    if (slowShare == 0) {
      return fastPart;
    }
    return combined(fastPart, scaled(slow, detail ? slow.explainInDetail(vector, namedTokens) : slow.explain(vector, namedTokens), slowShare), slowShare);
  }

  /** Both parts' scaled terms as one explanation (the slow part's alone when it decides alone). */
  private static Explanation combined(Explanation fastPart, Explanation slowPart, double slowShare) {
    if (slowShare == 1) {
      return slowPart;
    }
    List<Attribution> both = new ArrayList<>(fastPart.attributions());
    both.addAll(slowPart.attributions());
    both.sort(java.util.Comparator.comparingDouble((Attribution t) -> -Math.abs(t.value())));
    return new Explanation(fastPart.baseValue() + slowPart.baseValue(), fastPart.logit() + slowPart.logit(), both,
        fastPart.tokenMagnitude() + slowPart.tokenMagnitude());
  }

  /**
   * A part's explanation on the shared scale, times {@code share}: shared = a * logit + b -
   * logOdds(threshold) is linear, so every term scales by a and the base takes the offset.
   */
  private static Explanation scaled(PhishingModel part, Explanation explanation, double share) {
    double a = part.metadata().calibration().a() * share;
    double offset = (part.metadata().calibration().b() - logOdds(part.metadata().threshold())) * share;
    List<Attribution> scaled = explanation.attributions().stream()
        .map(t -> new Attribution(t.feature(), t.family(), a * t.value(), t.text(), t.observed())).toList();
    return new Explanation(a * explanation.baseValue() + offset, a * explanation.logit() + offset, scaled, Math.abs(a) * explanation.tokenMagnitude());
  }

  @Override
  public PhishingModel placedOn(Device device) {
    return new CascadeModel(metadata, fast.placedOn(device), slow.placedOn(device), rule, familiar);
  }

  @Override
  public PhishingModel withMetadata(ModelMetadata newMetadata) {
    return new CascadeModel(newMetadata, fast, slow, rule, familiar);
  }

  @Override
  public void writeTo(Path directory) throws IOException {
    ModelParts.write(fast, directory.resolve(FAST));
    ModelParts.write(slow, directory.resolve(SLOW));
    JSON.writeValue(directory.resolve(RULE_FILE).toFile(), rule);
    if (familiar != null) {
      familiar.write(directory.resolve(FamiliarTokens.FILE));
    }
  }

  @Override
  public void close() {
    fast.close();
    slow.close();
  }
}
