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
import io.hookline.core.model.Explanation;
import io.hookline.core.model.InferenceRecords;
import io.hookline.core.model.PhishingModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a batch of messages with one model: a verdict with its top reasons for every message,
 * and, for a sample of them, the record the drift monitor reads (features, token hashes, every
 * attribution).
 */
public final class BatchScorer {

  /** What one message produced; {@code inference} is null when the message was not sampled. */
  public record Scored(Verdict verdict, InferenceRecord inference) {}

  private final FeatureExtractor extractor;
  private final int reasons;
  private final double sampleRate;
  private final TokenSample tokens;
  private final DevicePlacement placement;

  public BatchScorer(FeatureExtractor extractor, int reasons, double sampleRate, TokenSample tokens, DevicePlacement placement) {
    this.extractor = extractor;
    this.reasons = reasons;
    this.sampleRate = sampleRate;
    this.tokens = tokens;
    this.placement = placement;
  }

  /** Scores with {@code model}, placed on the inference device; one thread at a time. */
  public List<Scored> score(PhishingModel model, List<EmailMessage> messages, Instant now) {
    long start = System.nanoTime();
    List<FeatureVector> vectors = new ArrayList<>(messages.size());
    for (EmailMessage message : messages) {
      vectors.add(extractor.extract(message));
    }
    List<Explanation> explanations = placement.of(model).explain(vectors, reasons);
    long perMessageMicros = messages.isEmpty() ? 0 : (System.nanoTime() - start) / 1_000 / messages.size();
    var metadata = model.metadata();
    ModelRef ref = new ModelRef(metadata.name(), metadata.version());
    List<Scored> scored = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      EmailMessage message = messages.get(i);
      Explanation explanation = explanations.get(i);
      double score = metadata.score(explanation.logit()).probability();
      Label label = metadata.phishing(score) ? Label.PHISHING : Label.LEGITIMATE;
      List<Reason> top = new ArrayList<>();
      for (Attribution a : explanation.reasons(label == Label.PHISHING, reasons)) {
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
          ? InferenceRecords.of(message, vectors.get(i), explanation, metadata, score, label, now, sampleRate, tokens) : null;
      scored.add(new Scored(verdict, inference));
    }
    return scored;
  }

  /** Sampling by message id, so a replay samples the same messages. */
  private boolean sampled(String messageId) {
    if (sampleRate >= 1) {
      return true;
    }
    return (Math.floorMod(messageId.hashCode(), 10_000) / 10_000.0) < sampleRate;
  }
}
