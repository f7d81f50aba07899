package io.hookline.detector;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.topics.TopicNames;
import java.time.Duration;
import java.util.Objects;

/**
 * The detector's settings, from {@code detector.*} keys (defaults in parentheses): {@code
 * group-id} (hookline-detector), {@code transactional-id} (hookline-detector-0; unique per
 * instance), {@code batch.max-size} (64), {@code batch.max-wait} (20ms), {@code model.name}
 * (phish), {@code inference-log.sample-rate} (1.0), {@code reasons} (5), {@code http.port} (9401;
 * 0 picks a free one).
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
    int reasons,
    int httpPort) {

  public DetectorConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    if (maxBatchSize < 1 || maxBatchSize > 10_000) {
      throw new IllegalArgumentException("detector.batch.max-size must be in 1..10000, was " + maxBatchSize);
    }
    if (inferenceLogSampleRate < 0 || inferenceLogSampleRate > 1) {
      throw new IllegalArgumentException("detector.inference-log.sample-rate must be in [0, 1], was " + inferenceLogSampleRate);
    }
    if (reasons < 0 || reasons > 50) {
      throw new IllegalArgumentException("detector.reasons must be in 0..50, was " + reasons);
    }
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
        Double.parseDouble(config.string("detector.inference-log.sample-rate", "1.0")),
        config.integer("detector.reasons", 5),
        config.integer("detector.http.port", 9401));
  }
}
