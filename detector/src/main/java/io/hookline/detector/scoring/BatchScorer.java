package io.hookline.detector.scoring;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Label;
import io.hookline.avro.ModelRef;
import io.hookline.avro.Reason;
import io.hookline.avro.Verdict;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.features.TokenSample;
import io.hookline.core.model.Attribution;
import io.hookline.core.model.AttributionNames;
import io.hookline.core.model.Explanation;
import io.hookline.core.model.InferenceRecords;
import io.hookline.core.model.PhishingModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores a batch of messages with one model: a verdict with its top reasons for every message,
 * and, for a sample of them, the record the drift monitor reads (features, token hashes, every
 * attribution). Where the model explains in more detail than its batch call, verdicts get
 * reasons in detail within a time budget ({@link DetailedReasons}); the monitor's records keep
 * the batch's attributions, whose names are the same for every message.
 */
public final class BatchScorer {

  /** What one message produced; {@code inference} is null when the message was not sampled. */
  public record Scored(Verdict verdict, InferenceRecord inference) {}

  private final Featurizer featurizer;
  private final int reasons;
  private final double sampleRate;
  private final TokenSample tokens;
  private final DevicePlacement placement;
  private final DetailedReasons detail;
  /**
   * How long an estimate over the budget stands before one detailed explanation is tried again, as
   * costs change: by time, not by batches, so an explanation that costs a second is tried a few
   * times a minute however small the batches come.
   */
  static final Duration RETRY_DETAIL_AFTER = Duration.ofSeconds(30);
  /** What one detailed explanation has cost lately, in nanoseconds (0: not known yet). */
  private double detailNanos;
  /** When the last detailed explanation started (System.nanoTime). */
  private long lastDetailAt;

  /** A scorer that featurizes on the scoring thread alone. */
  public BatchScorer(FeatureExtractor extractor, int reasons, double sampleRate, TokenSample tokens, DevicePlacement placement, DetailedReasons detail) {
    this(extractor, Runnable::run, 0, reasons, sampleRate, tokens, placement, detail);
  }

  /**
   * A scorer that featurizes each batch on the scoring thread and {@code helpers} threads of
   * {@code executor}.
   */
  public BatchScorer(FeatureExtractor extractor, java.util.concurrent.Executor executor, int helpers, int reasons, double sampleRate, TokenSample tokens,
      DevicePlacement placement, DetailedReasons detail) {
    this.featurizer = new Featurizer(extractor, executor, helpers);
    this.detail = detail;
    this.reasons = reasons;
    this.sampleRate = sampleRate;
    this.tokens = tokens;
    this.placement = placement;
  }

  /** Scores with {@code model}, placed on the inference device; one thread at a time. */
  public List<Scored> score(PhishingModel model, List<EmailMessage> messages, Instant now) {
    long start = System.nanoTime();
    List<FeatureVector> vectors = featurizer.featurize(messages);
    PhishingModel placed = placement.of(model);
    List<Explanation> explanations = placed.explain(vectors, reasons);
    var metadata = model.metadata();
    List<Explanation> shown = inDetail(placed, messages, vectors, explanations, start);
    // a family that embeds text has just done so for the scores: from its cache, for the monitor
    List<float[]> embeddings = sampleRate > 0 ? placed.embeddings(vectors) : List.of();
    long perMessageMicros = messages.isEmpty() ? 0 : (System.nanoTime() - start) / 1_000 / messages.size();
    ModelRef ref = new ModelRef(metadata.name(), metadata.version());
    List<Scored> scored = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      EmailMessage message = messages.get(i);
      Explanation explanation = explanations.get(i);
      double score = metadata.score(explanation.logit()).probability();
      Label label = metadata.phishing(score) ? Label.PHISHING : Label.LEGITIMATE;
      List<Reason> top = new ArrayList<>();
      for (Attribution a : shown.get(i).reasons(label == Label.PHISHING, reasons)) {
        top.add(new Reason(a.feature(), a.family().label(), a.value(), a.text()));
      }
      Verdict verdict = Verdict.newBuilder()
          .setMessageId(message.getMessageId())
          .setTenant(message.getTenant())
          .setScore(score)
          .setLabel(label)
          .setThreshold(metadata.threshold())
          .setModel(ref)
          .setDecidedAt(now)
          .setInferenceMicros(perMessageMicros)
          .setEndToEndMillis(Math.max(0, Duration.between(message.getReceivedAt(), now).toMillis()))
          .setReasons(top)
          .build();
      InferenceRecord inference = sampled(message.getMessageId())
          ? InferenceRecords.of(message, vectors.get(i), explanation, metadata, score, label, now, sampleRate, tokens,
              embeddings.isEmpty() ? null : embeddings.get(i)) : null;
      scored.add(new Scored(verdict, inference));
    }
    return scored;
  }

  /**
   * The explanations whose reasons the verdicts show: in detail, where an explanation holds a text
   * read as a whole, for PHISHING verdicts, strongest first, then for the sampled others, while the
   * batch's budget lasts.
   */
  private List<Explanation> inDetail(PhishingModel placed, List<EmailMessage> messages, List<FeatureVector> vectors, List<Explanation> explanations,
      long start) {
    if (detail.budget().isZero()) {
      return explanations;
    }
    var metadata = placed.metadata();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      boolean phishing = metadata.phishing(metadata.score(explanations.get(i).logit()).probability());
      // the attributions are scanned last: most messages of an additive model never get that far
      if ((phishing || detail.samples(messages.get(i).getMessageId()))
          && explanations.get(i).attributions().stream().anyMatch(a -> AttributionNames.wholeText(a.feature()))) {
        order.add(i);
      }
    }
    order.sort(Comparator.comparingDouble((Integer i) -> -explanations.get(i).logit()));
    List<Explanation> shown = new ArrayList<>(explanations);
    long deadline = start + detail.budget().toNanos();
    boolean started = false;
    for (int i : order) {
      // one detailed explanation is not cut short: start one only where it is expected to fit
      if (System.nanoTime() + detailNanos > deadline) {
        break;
      }
      long before = System.nanoTime();
      shown.set(i, placed.explainInDetail(vectors.get(i), reasons));
      long cost = System.nanoTime() - before;
      detailNanos = detailNanos == 0 ? cost : 0.8 * detailNanos + 0.2 * cost;
      lastDetailAt = before;
      started = true;
    }
    if (!started && !order.isEmpty() && System.nanoTime() - lastDetailAt > RETRY_DETAIL_AFTER.toNanos()) {
      detailNanos = 0; // not known any more: the next batch tries one
    }
    return shown;
  }

  /** Sampling by message id, so a replay samples the same messages. */
  private boolean sampled(String messageId) {
    if (sampleRate >= 1) {
      return true;
    }
    return (Math.floorMod(messageId.hashCode(), 10_000) / 10_000.0) < sampleRate;
  }
}
