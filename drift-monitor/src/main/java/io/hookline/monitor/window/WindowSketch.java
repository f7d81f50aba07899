package io.hookline.monitor.window;

import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Label;
import io.hookline.avro.Reason;
import io.hookline.core.features.EngineeredFeature;
import io.hookline.core.features.FeatureFamily;
import io.hookline.core.model.AttributionNames;
import io.hookline.core.model.EmbeddingProjection;
import io.hookline.core.profile.Reference;
import io.hookline.core.profile.TokenHashSet;
import io.hookline.core.profile.ProfileBuilder;
import io.hookline.monitor.labelling.LabelCandidate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Everything the monitor keeps of one window, as mergeable summaries: two sketches of the same
 * model's events, built on different partitions or instances, merge into the sketch of their
 * union. Quantile sketches (KLL) hold the signal, score and SHAP-value distributions; exact
 * message counts the reference's top tokens (a bounded set); plain sums the rest. Its size is
 * bounded, whatever the number of events.
 */
public final class WindowSketch {
  /** KLL accuracy parameter: about 1.3% rank error, a few KB per sketch. */
  static final int K = 200;
  static final int SAMPLE_IDS = 5;
  /** Mini-batch means kept for the sequential change detectors. */
  static final int MAX_BATCHES = 256;
  /** Messages kept whole (their signal values) for the domain classifier. */
  public static final int SAMPLED_MESSAGES = 200;

  static final List<String> EXPLAINED = ProfileBuilder.explainedFeatures();
  /** Mean |SHAP| slots: every signal, then the present tokens, then the absent ones. */
  public static final List<String> ATTRIBUTED;
  private static final Map<String, Integer> SLOTS = new HashMap<>();
  private static final Map<String, Integer> COLUMNS = new HashMap<>();
  private static final Map<String, Integer> FAMILIES = new HashMap<>();

  static {
    List<String> names = new ArrayList<>();
    for (EngineeredFeature f : EngineeredFeature.values()) {
      names.add(f.featureName());
    }
    names.add(AttributionNames.TOKEN_PRESENT);
    names.add(AttributionNames.TOKEN_ABSENT);
    ATTRIBUTED = List.copyOf(names);
    for (int i = 0; i < ATTRIBUTED.size(); i++) {
      SLOTS.put(ATTRIBUTED.get(i), i);
    }
    for (int i = 0; i < EXPLAINED.size(); i++) {
      COLUMNS.put(EXPLAINED.get(i), i);
    }
    SLOTS.put(AttributionNames.TOKEN_MAGNITUDE, ATTRIBUTED.indexOf(AttributionNames.TOKEN_PRESENT));
    for (FeatureFamily family : FeatureFamily.values()) {
      FAMILIES.put(family.label(), family.ordinal());
    }
  }

  long events;
  long firstReceived = Long.MAX_VALUE;
  long lastReceived = Long.MIN_VALUE;
  final KllDoublesSketch[] signals;
  final KllDoublesSketch scores;
  final KllDoublesSketch[] shap;
  /** Messages containing each of the reference's top tokens (those in the logged vocabulary sample). */
  final Map<Long, Long> topTokens;
  long tokensSeen;
  long tokensUnknown;
  /** The vocabulary sample the detector logged token hashes from (see TokenSample). */
  int tokenSampleBits;
  long positives;
  double scoreSum;
  /** Confidence-based expected confusion counts (calibrated scores as probabilities). */
  double expectedTp;
  double expectedFp;
  double expectedFn;
  /** Sums of p(1 - p) over messages said phishing and said legitimate: the variance of the expected counts. */
  double expectedTpVariance;
  double expectedFnVariance;
  /**
   * A bottom-k sample of the window's messages by a hash of their id, each as its signal values:
   * the same messages whichever partition or instance saw them, so sketches merge into the sample
   * of their union.
   */
  final TreeMap<Long, float[]> sampled = new TreeMap<>();
  /** Counts from true labels. */
  long tp;
  long fp;
  long fn;
  long tn;
  final double[] absAttribution;
  final double[] familyAttribution;
  final List<String> sampleIds;
  /** Per flushed partial: events, score sum, labelled, errors (for the change detectors). */
  final List<double[]> batches;
  /** The messages whose labels would help most, most useful first (at most {@link LabelCandidate#KEPT}). */
  final List<LabelCandidate> candidates = new ArrayList<>();
  /**
   * A uniform random sample of the window's messages as label candidates (bottom-k by the id's
   * hash, so it merges): labels of messages picked for their usefulness alone describe the
   * decision boundary, not the traffic, and would bias both training and the promotion test.
   */
  final TreeMap<Long, LabelCandidate> drawnCandidates = new TreeMap<>();
  /** Messages whose record carries a projected text embedding, and the sum of those embeddings. */
  long embedded;
  final double[] embeddingSum = new double[EmbeddingProjection.DIMENSIONS];

  public WindowSketch() {
    this(newSketches(EngineeredFeature.values().length), KllDoublesSketch.newHeapInstance(K), newSketches(EXPLAINED.size()),
        new HashMap<>(), new double[ATTRIBUTED.size()], new double[FeatureFamily.values().length], new ArrayList<>(), new ArrayList<>());
  }

  WindowSketch(KllDoublesSketch[] signals, KllDoublesSketch scores, KllDoublesSketch[] shap, Map<Long, Long> topTokens,
      double[] absAttribution, double[] familyAttribution, List<String> sampleIds, List<double[]> batches) {
    this.signals = signals;
    this.scores = scores;
    this.shap = shap;
    this.topTokens = topTokens;
    this.absAttribution = absAttribution;
    this.familyAttribution = familyAttribution;
    this.sampleIds = sampleIds;
    this.batches = batches;
  }

  /** Sketches written before this build knew its later signals, with empty ones for those added at the end. */
  static KllDoublesSketch[] withEverySignal(KllDoublesSketch[] written) {
    int signals = EngineeredFeature.values().length;
    if (written.length >= signals) {
      return written;
    }
    KllDoublesSketch[] all = java.util.Arrays.copyOf(written, signals);
    for (int i = written.length; i < signals; i++) {
      all[i] = KllDoublesSketch.newHeapInstance(K);
    }
    return all;
  }

  private static KllDoublesSketch[] newSketches(int n) {
    KllDoublesSketch[] sketches = new KllDoublesSketch[n];
    for (int i = 0; i < n; i++) {
      sketches[i] = KllDoublesSketch.newHeapInstance(K);
    }
    return sketches;
  }

  /**
   * Adds one scored message.
   *
   * @param reference the reference of the model that scored it, or null when it is not available
   *     (token novelty is then not counted)
   */
  public void add(InferenceRecord record, Reference reference) {
    events++;
    long received = record.getReceivedAt().toEpochMilli();
    firstReceived = Math.min(firstReceived, received);
    lastReceived = Math.max(lastReceived, received);
    EngineeredFeature[] features = EngineeredFeature.values();
    var values = record.getFeatures();
    for (int i = 0; i < features.length; i++) {
      Double value = values.get(features[i].featureName());
      if (value != null && Double.isFinite(value)) {
        signals[i].update(value);
      }
    }
    List<Float> embedding = record.getEmbedding();
    if (embedding.size() == embeddingSum.length) {
      embedded++;
      for (int k = 0; k < embeddingSum.length; k++) {
        embeddingSum[k] += embedding.get(k);
      }
    }
    double score = record.getScore();
    scores.update(score);
    scoreSum += score;
    if (record.getLabel() == Label.PHISHING) {
      positives++;
      expectedTp += score;
      expectedFp += 1 - score;
      expectedTpVariance += score * (1 - score);
    } else {
      expectedFn += score;
      expectedFnVariance += score * (1 - score);
    }
    float[] row = new float[features.length];
    for (int i = 0; i < features.length; i++) {
      Double value = values.get(features[i].featureName());
      row[i] = value == null || !Double.isFinite(value) ? 0f : value.floatValue();
    }
    long priority = priority(record.getMessageId()); // one hash orders both samples
    offerSampled(priority, row);
    tokenSampleBits = Math.max(tokenSampleBits, record.getTokenSampleBits());
    int unknown = 0;
    if (reference != null) {
      TokenHashSet vocabulary = reference.vocabularySet();
      TokenHashSet top = reference.topTokenHashes();
      for (long hash : record.getTokenHashes()) {
        tokensSeen++;
        if (!vocabulary.contains(hash)) {
          tokensUnknown++;
          unknown++;
        } else if (top.contains(hash)) {
          topTokens.merge(hash, 1L, Long::sum);
        }
      }
    }
    double novelty = record.getTokenHashes().isEmpty() ? 0 : (double) unknown / record.getTokenHashes().size();
    LabelCandidate candidate = LabelCandidate.of(record.getMessageId(), received, score, record.getLabel() == Label.PHISHING, novelty);
    LabelCandidate.offer(candidates, candidate);
    offerDrawn(priority, candidate);
    double[] explained = new double[EXPLAINED.size()];
    for (Reason reason : record.getAttributions()) {
      // named tokens and token.other are left out: token.magnitude counts present tokens one by one
      Integer slot = SLOTS.get(reason.getFeature());
      if (slot == null) {
        continue;
      }
      double value = reason.getAttribution();
      Integer column = COLUMNS.get(reason.getFeature());
      if (column != null) {
        explained[column] = value;
      }
      absAttribution[slot] += Math.abs(value);
      familyAttribution[familyOf(reason.getFamily())] += Math.abs(value);
    }
    for (int i = 0; i < explained.length; i++) {
      shap[i].update(explained[i]);
    }
    if (sampleIds.size() < SAMPLE_IDS) {
      sampleIds.add(record.getMessageId());
    }
  }

  /** Adds a verdict whose true label arrived. */
  public void addLabelled(Label predicted, Label actual) {
    boolean said = predicted == Label.PHISHING;
    boolean was = actual == Label.PHISHING;
    if (said && was) {
      tp++;
    } else if (said) {
      fp++;
    } else if (was) {
      fn++;
    } else {
      tn++;
    }
  }

  /** Folds another sketch of the same window into this one. */
  public void merge(WindowSketch other) {
    events += other.events;
    firstReceived = Math.min(firstReceived, other.firstReceived);
    lastReceived = Math.max(lastReceived, other.lastReceived);
    for (int i = 0; i < signals.length; i++) {
      signals[i].merge(other.signals[i]);
    }
    scores.merge(other.scores);
    for (int i = 0; i < shap.length; i++) {
      shap[i].merge(other.shap[i]);
    }
    other.topTokens.forEach((hash, n) -> topTokens.merge(hash, n, Long::sum));
    tokensSeen += other.tokensSeen;
    tokensUnknown += other.tokensUnknown;
    tokenSampleBits = Math.max(tokenSampleBits, other.tokenSampleBits);
    positives += other.positives;
    scoreSum += other.scoreSum;
    embedded += other.embedded;
    for (int k = 0; k < embeddingSum.length; k++) {
      embeddingSum[k] += other.embeddingSum[k];
    }
    expectedTp += other.expectedTp;
    expectedFp += other.expectedFp;
    expectedFn += other.expectedFn;
    expectedTpVariance += other.expectedTpVariance;
    expectedFnVariance += other.expectedFnVariance;
    other.sampled.forEach(this::offerSampled);
    tp += other.tp;
    fp += other.fp;
    fn += other.fn;
    tn += other.tn;
    for (int i = 0; i < absAttribution.length; i++) {
      absAttribution[i] += other.absAttribution[i];
    }
    for (int i = 0; i < familyAttribution.length; i++) {
      familyAttribution[i] += other.familyAttribution[i];
    }
    for (String id : other.sampleIds) {
      if (sampleIds.size() < SAMPLE_IDS) {
        sampleIds.add(id);
      }
    }
    for (double[] batch : other.batches) {
      if (batches.size() < MAX_BATCHES) {
        batches.add(batch);
      }
    }
    other.candidates.forEach(c -> LabelCandidate.offer(candidates, c));
    other.drawnCandidates.forEach(this::offerDrawn);
  }

  /** Seals what was added since the sketch was created as one mini-batch for the change detectors. */
  public void sealBatch() {
    batches.clear();
    batches.add(new double[] {events, scoreSum, tp + fp + fn + tn, fp + fn});
  }

  void offerSampled(long priority, float[] row) {
    if (sampled.size() < SAMPLED_MESSAGES || priority < sampled.lastKey()) {
      sampled.put(priority, row);
      if (sampled.size() > SAMPLED_MESSAGES) {
        sampled.pollLastEntry();
      }
    }
  }

  void offerDrawn(long priority, LabelCandidate candidate) {
    if (candidate.messageId().length() > LabelCandidate.MAX_ID_LENGTH) {
      return;
    }
    if (drawnCandidates.size() < LabelCandidate.KEPT || priority < drawnCandidates.lastKey()) {
      drawnCandidates.put(priority, candidate);
      if (drawnCandidates.size() > LabelCandidate.KEPT) {
        drawnCandidates.pollLastEntry();
      }
    }
  }

  /** The first 64 bits of the id's name-based UUID (MD5): uniform, and the same on every instance. */
  static long priority(String messageId) {
    return UUID.nameUUIDFromBytes(messageId.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
  }

  /** A family unknown to this build (a newer detector's) counts as tokens, the largest family. */
  private static int familyOf(String label) {
    return FAMILIES.getOrDefault(label, FeatureFamily.TOKEN.ordinal());
  }

  /** The quantile sketch of one signal, or null for a name this build does not know. */
  public KllDoublesSketch signal(String name) {
    for (EngineeredFeature f : EngineeredFeature.values()) {
      if (f.featureName().equals(name)) {
        return signals[f.ordinal()];
      }
    }
    return null;
  }

  /** The quantile sketch of one explained feature's SHAP values, or null. */
  public KllDoublesSketch shap(String feature) {
    Integer column = COLUMNS.get(feature);
    return column == null ? null : shap[column];
  }

  public KllDoublesSketch scores() {
    return scores;
  }

  /** Messages containing each of the reference's top tokens seen in the window. */
  public Map<Long, Long> topTokens() {
    return java.util.Collections.unmodifiableMap(topTokens);
  }

  public long tokensSeen() {
    return tokensSeen;
  }

  public long tokensUnknown() {
    return tokensUnknown;
  }

  public int tokenSampleBits() {
    return tokenSampleBits;
  }

  public long positives() {
    return positives;
  }

  public double meanScore() {
    return events == 0 ? 0 : scoreSum / events;
  }

  /** Expected true positives, false positives and false negatives from calibrated scores. */
  public double[] expectedConfusion() {
    return new double[] {expectedTp, expectedFp, expectedFn};
  }

  /** Variances of the expected true positive and false negative counts (sums of p(1 - p)). */
  public double[] expectedConfusionVariance() {
    return new double[] {expectedTpVariance, expectedFnVariance};
  }

  public int sampledMessages() {
    return sampled.size();
  }

  /** The sampled messages' signal values, in a random but stable order (by their id's hash). */
  public double[][] sampledSignals() {
    double[][] rows = new double[sampled.size()][];
    int i = 0;
    for (float[] row : sampled.values()) {
      double[] values = new double[row.length];
      for (int j = 0; j < row.length; j++) {
        values[j] = row[j];
      }
      rows[i++] = values;
    }
    return rows;
  }

  /** True positives, false positives, false negatives, true negatives among labelled verdicts. */
  public long[] confusion() {
    return new long[] {tp, fp, fn, tn};
  }

  /** Mean |SHAP| per attributed feature (signals, token.present, token.absent). */
  public Map<String, Double> meanAbsAttribution() {
    Map<String, Double> means = new java.util.LinkedHashMap<>();
    for (int i = 0; i < ATTRIBUTED.size(); i++) {
      means.put(ATTRIBUTED.get(i), events == 0 ? 0 : absAttribution[i] / events);
    }
    return means;
  }

  /** Share of the window's total |SHAP| per feature family. */
  public Map<String, Double> familyShares() {
    double total = Arrays.stream(familyAttribution).sum();
    Map<String, Double> shares = new java.util.LinkedHashMap<>();
    for (FeatureFamily family : FeatureFamily.values()) {
      shares.put(family.label(), total == 0 ? 0 : familyAttribution[family.ordinal()] / total);
    }
    return shares;
  }

  /** How many of the window's messages carry a text embedding. */
  public long embedded() {
    return embedded;
  }

  /** The mean of the window's projected text embeddings; null where none carried one. */
  public double[] meanEmbedding() {
    if (embedded == 0) {
      return null;
    }
    double[] mean = embeddingSum.clone();
    for (int k = 0; k < mean.length; k++) {
      mean[k] /= embedded;
    }
    return mean;
  }

  public long events() {
    return events;
  }

  public long labelled() {
    return tp + fp + fn + tn;
  }

  public long firstReceived() {
    return firstReceived;
  }

  public long lastReceived() {
    return lastReceived;
  }

  public List<String> sampleIds() {
    return List.copyOf(sampleIds);
  }

  /** A uniform random sample of the window's messages, in a random but stable order. */
  public List<LabelCandidate> drawnLabelCandidates() {
    return List.copyOf(drawnCandidates.values());
  }

  /** The messages whose true labels would help most, most useful first. */
  public List<LabelCandidate> labelCandidates() {
    return List.copyOf(candidates);
  }

  /** Mini-batches in the order they were merged: {events, score sum, labelled, errors}. */
  public List<double[]> batches() {
    return List.copyOf(batches);
  }
}
