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
 * The fast model scores every message; where its calibrated probability lies within {@code band}
 * of its threshold, the slow model's opinion decides instead. Each part's logit is first put on
 * one scale: its calibrated log-odds minus its threshold's, so 0 is either part's decision
 * boundary; the cascade's own calibration and threshold then read that scale. Explanations are the
 * deciding part's, scaled by the same linear map, so they still sum exactly.
 */
public final class CascadeModel implements PhishingModel {
  static final String FAST = "fast";
  static final String SLOW = "slow";
  static final String RULE_FILE = "cascade.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The combination rule: escalate when |p_fast - threshold_fast| < band, and there decide by
   * {@code slowShare} of the slow part's shared score plus the rest of the fast part's (1: the
   * slow part alone; 0.5: both heard equally).
   */
  record Rule(double band, double slowShare) {}

  private final ModelMetadata metadata;
  private final PhishingModel fast;
  private final PhishingModel slow;
  private final Rule rule;

  CascadeModel(ModelMetadata metadata, PhishingModel fast, PhishingModel slow, Rule rule) {
    this.metadata = metadata;
    this.fast = fast;
    this.slow = slow;
    this.rule = rule;
  }

  static CascadeModel read(Path directory, ModelMetadata metadata) throws IOException {
    Rule rule = JSON.readValue(directory.resolve(RULE_FILE).toFile(), Rule.class);
    return new CascadeModel(metadata, ModelParts.read(directory.resolve(FAST)), ModelParts.read(directory.resolve(SLOW)), rule);
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  /** Whether the fast part's score asks for the slow part's opinion. */
  boolean escalates(Score fastScore) {
    return Math.abs(fastScore.probability() - fast.metadata().threshold()) < rule.band();
  }

  /** How many of these messages the fast part would hand to the slow one. */
  public long escalated(List<FeatureVector> vectors) {
    return fast.predict(vectors).stream().filter(this::escalates).count();
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

  /** The shared-scale scores of both parts' decision: the fast one's, or the slow one's where escalated. */
  double[] combined(List<FeatureVector> vectors) {
    List<Score> first = fast.predict(vectors);
    List<Integer> escalated = new ArrayList<>();
    double[] combined = new double[vectors.size()];
    for (int i = 0; i < vectors.size(); i++) {
      combined[i] = shared(fast, first.get(i));
      if (escalates(first.get(i))) {
        escalated.add(i);
      }
    }
    if (!escalated.isEmpty()) {
      List<Score> second = slow.predict(escalated.stream().map(vectors::get).toList());
      for (int k = 0; k < escalated.size(); k++) {
        int i = escalated.get(k);
        combined[i] = rule.slowShare() * shared(slow, second.get(k)) + (1 - rule.slowShare()) * combined[i];
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
    List<Explanation> out = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      Score fastScore = fast.metadata().score(first.get(i).logit());
      out.add(scaled(fast, first.get(i), 1));
      if (escalates(fastScore)) {
        escalated.add(i);
      }
    }
    if (!escalated.isEmpty()) {
      List<Explanation> second = slow.explain(escalated.stream().map(vectors::get).toList(), namedTokens);
      for (int k = 0; k < escalated.size(); k++) {
        int i = escalated.get(k);
        out.set(i, combined(scaled(fast, first.get(i), 1 - rule.slowShare()), scaled(slow, second.get(k), rule.slowShare()), rule.slowShare()));
      }
    }
    return out;
  }

  private Explanation explain(FeatureVector vector, int namedTokens, boolean detail) {
    boolean escalated = escalates(fast.predict(List.of(vector)).get(0));
    double slowShare = escalated ? rule.slowShare() : 0;
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
    return new CascadeModel(metadata, fast.placedOn(device), slow.placedOn(device), rule);
  }

  @Override
  public PhishingModel withMetadata(ModelMetadata newMetadata) {
    return new CascadeModel(newMetadata, fast, slow, rule);
  }

  @Override
  public void writeTo(Path directory) throws IOException {
    ModelParts.write(fast, directory.resolve(FAST));
    ModelParts.write(slow, directory.resolve(SLOW));
    JSON.writeValue(directory.resolve(RULE_FILE).toFile(), rule);
  }

  @Override
  public void close() {
    fast.close();
    slow.close();
  }
}
