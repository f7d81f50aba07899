package io.hookline.core.model;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Label;
import io.hookline.avro.ModelRef;
import io.hookline.avro.Reason;
import io.hookline.core.features.EngineeredFeature;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.features.TokenSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of one scored message that the drift monitor reads: engineered features, the token
 * hashes of the vocabulary sample, and every attribution (signals, the named tokens, the other and
 * absent tokens as one term each, and the magnitude of the token family).
 */
public final class InferenceRecords {
  private InferenceRecords() {}

  public static InferenceRecord of(EmailMessage message, FeatureVector vector, Explanation explanation, ModelMetadata model,
      double score, Label label, Instant scoredAt, double sampleRate, TokenSample tokens) {
    return of(message, vector, explanation, model, score, label, scoredAt, sampleRate, tokens, null);
  }

  /** @param embedding the model's embedding of the message's text ({@link PhishingModel#embeddings}), projected here; null for none */
  public static InferenceRecord of(EmailMessage message, FeatureVector vector, Explanation explanation, ModelMetadata model,
      double score, Label label, Instant scoredAt, double sampleRate, TokenSample tokens, float[] embedding) {
    List<Float> projected = new ArrayList<>(embedding == null ? 0 : EmbeddingProjection.DIMENSIONS);
    if (embedding != null) {
      for (float v : EmbeddingProjection.project(embedding)) {
        projected.add(v);
      }
    }
    Map<String, Double> features = new HashMap<>();
    for (EngineeredFeature feature : EngineeredFeature.values()) {
      features.put(feature.featureName(), vector.value(feature));
    }
    List<Long> hashes = new ArrayList<>((int) (vector.tokenCount() * tokens.fraction()) + 8);
    for (long hash : vector.tokenHashes()) {
      if (tokens.contains(hash)) {
        hashes.add(hash);
      }
    }
    List<Reason> attributions = new ArrayList<>(explanation.attributions().size() + 1);
    for (Attribution a : explanation.attributions()) {
      attributions.add(new Reason(a.feature(), a.family().label(), a.value(), ""));
    }
    attributions.add(new Reason(AttributionNames.TOKEN_MAGNITUDE, "token", explanation.tokenMagnitude(), ""));
    return InferenceRecord.newBuilder()
        .setMessageId(message.getMessageId())
        .setTenant(message.getTenant())
        .setReceivedAt(message.getReceivedAt())
        .setScoredAt(scoredAt)
        .setModel(new ModelRef(model.name(), model.version()))
        .setFeatureSpecVersion(model.featureSpec())
        .setScore(score)
        .setLabel(label)
        .setLogit(explanation.logit())
        .setBaseValue(explanation.baseValue())
        .setFeatures(features)
        .setTokenHashes(hashes)
        .setTokenSampleBits(tokens.bits())
        .setAttributions(attributions)
        .setAttributionsComplete(false)
        .setSampleRate(sampleRate)
        .setSourceDomain(message.getOrigin() == null ? null : message.getOrigin().getDomain())
        .setEmbedding(projected)
        .build();
  }
}
