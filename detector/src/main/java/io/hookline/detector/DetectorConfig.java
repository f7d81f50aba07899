package io.hookline.detector;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.features.TokenSample;
import io.hookline.core.model.InferenceDevice;
import io.hookline.core.topics.TopicNames;
import io.hookline.detector.scoring.DetailedReasons;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * The detector's settings, from {@code detector.*} keys (defaults in parentheses): {@code
 * group-id} (hookline-detector), {@code instance-id} (this host's name and the HTTP port, which no
 * two instances on one host share; with port 0, the host's name and a random suffix), {@code
 * transactional-id} (hookline-detector-INSTANCE-ID; must differ between instances, or the newer
 * one fences the older), {@code batch.max-size} (64), {@code batch.max-wait} (20ms; 1ms..60s), {@code model.name}
 * (phish), {@code inference-log.sample-rate} (1.0), {@code inference-log.token-sample-bits} (2: a
 * quarter of the vocabulary's hashes travel, see TokenSample), {@code reasons} (5), {@code http.port} (9401;
 * 0 picks a free one), {@code device} (auto: the GPU when DJL sees one, else the JVM; also jvm,
 * cpu, gpu), {@code inference-threads} (1; DJL's intra-op threads, read once when the engine starts),
 * {@code reasons.detail-budget} (100ms per batch for reasons in detail, where the model gives them;
 * 0 turns them off), {@code reasons.detail-sample} (0.01 of LEGITIMATE verdicts also explained in
 * detail; every PHISHING one is, while the budget lasts), {@code latency-target} (50ms; 1ms..60s:
 * records are scored in chunks of at most a quarter of it, and a batch is committed as soon as the
 * commit before it has ended, see CommitCadence), {@code scoring-threads} (one less than the cores
 * the JVM sees, at least 1; 1..64: threads that featurize each batch, the scoring thread among
 * them; a core is left to the Kafka clients' threads, the committer and the collector).
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
    int inferenceThreads,
    DetailedReasons detailedReasons,
    Duration latencyTarget,
    int scoringThreads) {

  /** The latency target by default. */
  private static final Duration DEFAULT_LATENCY_TARGET = Duration.ofMillis(50);

  /** Settings with reasons in detail as by default. */
  public DetectorConfig(KafkaConnection kafka, TopicNames topics, String groupId, String transactionalId, int maxBatchSize, Duration maxBatchWait,
      String modelName, double inferenceLogSampleRate, TokenSample inferenceLogTokens, int reasons, int httpPort, InferenceDevice device,
      int inferenceThreads) {
    this(kafka, topics, groupId, transactionalId, maxBatchSize, maxBatchWait, modelName, inferenceLogSampleRate, inferenceLogTokens, reasons, httpPort,
        device, inferenceThreads, DetailedReasons.DEFAULT, DEFAULT_LATENCY_TARGET, defaultScoringThreads());
  }

  /** These settings with another number of scoring threads. */
  public DetectorConfig withScoringThreads(int threads) {
    return new DetectorConfig(kafka, topics, groupId, transactionalId, maxBatchSize, maxBatchWait, modelName, inferenceLogSampleRate, inferenceLogTokens, reasons,
        httpPort, device, inferenceThreads, detailedReasons, latencyTarget, threads);
  }

  public DetectorConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(maxBatchWait, "maxBatchWait");
    if (transactionalId == null || transactionalId.isBlank()) {
      throw new IllegalArgumentException("detector.transactional-id must not be empty");
    }
    if (maxBatchWait.compareTo(Duration.ofMillis(1)) < 0 || maxBatchWait.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("detector.batch.max-wait must be in 1ms..60s, was " + maxBatchWait);
    }
    if (maxBatchSize < 1 || maxBatchSize > 10_000) {
      throw new IllegalArgumentException("detector.batch.max-size must be in 1..10000, was " + maxBatchSize);
    }
    if (inferenceLogSampleRate < 0 || inferenceLogSampleRate > 1) {
      throw new IllegalArgumentException("detector.inference-log.sample-rate must be in [0, 1], was " + inferenceLogSampleRate);
    }
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(detailedReasons, "detailedReasons");
    Objects.requireNonNull(inferenceLogTokens, "inferenceLogTokens");
    if (inferenceThreads < 1 || inferenceThreads > 256) {
      throw new IllegalArgumentException("detector.inference-threads must be in 1..256, was " + inferenceThreads);
    }
    Objects.requireNonNull(latencyTarget, "latencyTarget");
    if (latencyTarget.compareTo(Duration.ofMillis(1)) < 0 || latencyTarget.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("detector.latency-target must be in 1ms..60s, was " + latencyTarget);
    }
    if (scoringThreads < 1 || scoringThreads > 64) {
      throw new IllegalArgumentException("detector.scoring-threads must be in 1..64, was " + scoringThreads);
    }
    if (reasons < 0 || reasons > 50) {
      throw new IllegalArgumentException("detector.reasons must be in 0..50, was " + reasons);
    }
  }

  public static DetectorConfig from(ConfigSource config) {
    int httpPort = config.integer("detector.http.port", 9401);
    String instanceId = config.string("detector.instance-id", defaultInstanceId(httpPort));
    return new DetectorConfig(
        KafkaConnection.from(config),
        TopicNames.from(config),
        config.string("detector.group-id", "hookline-detector"),
        config.string("detector.transactional-id", "hookline-detector-" + instanceId),
        config.integer("detector.batch.max-size", 64),
        config.duration("detector.batch.max-wait", Duration.ofMillis(20)),
        config.string("detector.model.name", "phish"),
        config.decimal("detector.inference-log.sample-rate", 1.0),
        new TokenSample(config.integer("detector.inference-log.token-sample-bits", 2)),
        config.integer("detector.reasons", 5),
        httpPort,
        InferenceDevice.parse(config.string("detector.device", "auto")),
        config.integer("detector.inference-threads", 1),
        new DetailedReasons(config.duration("detector.reasons.detail-budget", DetailedReasons.DEFAULT.budget()),
            config.decimal("detector.reasons.detail-sample", DetailedReasons.DEFAULT.legitimateShare())),
        config.duration("detector.latency-target", DEFAULT_LATENCY_TARGET),
        config.integer("detector.scoring-threads", defaultScoringThreads()));
  }

  /**
   * One less than the cores the JVM sees, at least 1. Measured on 2 cores with the broker in the
   * same process, a second featurizing thread lowered the drain rate and doubled the median
   * latency: the cores were already busy with the Kafka clients, the committer and the broker.
   */
  public static int defaultScoringThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  /**
   * An instance id no other detector has by default: the host's name (stable across restarts of a
   * container or pod, so a restarted instance fences its own unfinished transaction at once) and
   * the HTTP port, which two instances on one host cannot share.
   */
  static String defaultInstanceId(int httpPort) {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "localhost";
      }
    }
    String suffix = httpPort == 0 ? UUID.randomUUID().toString().substring(0, 8) : Integer.toString(httpPort);
    return host + "-" + suffix;
  }
}
