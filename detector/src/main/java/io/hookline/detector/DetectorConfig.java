package io.hookline.detector;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.features.TokenSample;
import io.hookline.core.model.InferenceDevice;
import io.hookline.core.topics.TopicNames;
import java.time.Duration;
import java.util.Objects;

/**
 * The detector's settings, from {@code detector.*} keys (defaults in parentheses): {@code
 * group-id} (hookline-detector), {@code transactional-id} (hookline-detector-0; unique per
 * instance), {@code batch.max-size} (64), {@code batch.max-wait} (20ms), {@code model.name}
 * (phish), {@code inference-log.sample-rate} (1.0), {@code inference-log.token-sample-bits} (2: a
 * quarter of the vocabulary's hashes travel, see TokenSample), {@code reasons} (5), {@code http.port} (9401;
 * 0 picks a free one), {@code device} (auto: the GPU when DJL sees one, else the JVM; also jvm,
 * cpu, gpu), {@code inference-threads} (1; DJL's intra-op threads, read once when the engine starts).
 */
public record DetectorConfig(
    KafkaConnection kafka,
    TopicNames topics,
    String groupId,
    String transactionalId,
    int maxBatchSize,
    Duration maxBatchWait,
    String modelName,
    double inferenceLogSampleRate,
    TokenSample inferenceLogTokens,
    int reasons,
    int httpPort,
    InferenceDevice device,
    int inferenceThreads) {

  public DetectorConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    if (maxBatchSize < 1 || maxBatchSize > 10_000) {
      throw new IllegalArgumentException("detector.batch.max-size must be in 1..10000, was " + maxBatchSize);
    }
    if (inferenceLogSampleRate < 0 || inferenceLogSampleRate > 1) {
      throw new IllegalArgumentException("detector.inference-log.sample-rate must be in [0, 1], was " + inferenceLogSampleRate);
    }
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(inferenceLogTokens, "inferenceLogTokens");
    if (inferenceThreads < 1 || inferenceThreads > 256) {
      throw new IllegalArgumentException("detector.inference-threads must be in 1..256, was " + inferenceThreads);
    }
    if (reasons < 0 || reasons > 50) {
      throw new IllegalArgumentException("detector.reasons must be in 0..50, was " + reasons);
    }
  }

  /** The same settings for another instance of the same group: its own transactional id. */
  public DetectorConfig withIdentity(String otherTransactionalId) {
    return new DetectorConfig(kafka, topics, groupId, otherTransactionalId, maxBatchSize, maxBatchWait, modelName, inferenceLogSampleRate, inferenceLogTokens,
        reasons, httpPort, device, inferenceThreads);
  }

  /** The same settings on another inference device. */
  public DetectorConfig withDevice(InferenceDevice other) {
    return new DetectorConfig(kafka, topics, groupId, transactionalId, maxBatchSize, maxBatchWait, modelName, inferenceLogSampleRate, inferenceLogTokens,
        reasons, httpPort, other, inferenceThreads);
  }

  public static DetectorConfig from(ConfigSource config) {
    return new DetectorConfig(
        KafkaConnection.from(config),
        TopicNames.from(config),
        config.string("detector.group-id", "hookline-detector"),
        config.string("detector.transactional-id", "hookline-detector-0"),
        config.integer("detector.batch.max-size", 64),
        config.duration("detector.batch.max-wait", Duration.ofMillis(20)),
        config.string("detector.model.name", "phish"),
        config.decimal("detector.inference-log.sample-rate", 1.0),
        new TokenSample(config.integer("detector.inference-log.token-sample-bits", 2)),
        config.integer("detector.reasons", 5),
        config.integer("detector.http.port", 9401),
        InferenceDevice.parse(config.string("detector.device", "auto")),
        config.integer("detector.inference-threads", 1));
  }
}
