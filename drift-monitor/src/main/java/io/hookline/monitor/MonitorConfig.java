package io.hookline.monitor;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.topics.TopicNames;
import io.hookline.monitor.alerting.Thresholds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The monitor's settings, from {@code monitor.*} keys (defaults in parentheses): {@code
 * application-id} (hookline-drift-monitor), {@code state-dir} (.hookline/monitor-state: RocksDB
 * stores, rebuilt from their changelogs when lost), {@code window.kind} (sliding; or time, or
 * count), {@code window.step} (50: for sliding windows, a model is judged again every this many
 * messages, on the most recent ones that make up the heuristics' {@code min-events}, so a gateway
 * at 1 msg/s and one at 5,000 msg/s alike are judged on a few hundred messages), {@code
 * window.size} (1m: a time window's span by the messages' receivedAt; for sliding windows, the
 * longest a step stays open on slow traffic), {@code window.grace} (10s: how late a message may
 * arrive), {@code window.events} (1000, for count windows), {@code flush.events} (50) and {@code
 * flush.interval} (250ms: how often each partition's partial sketches move on), {@code
 * label-delay} (1h: how long after its verdict a label still counts), {@code retrain-requests}
 * (true), {@code label-requests.share} (0.05: while a sliding window shows a failure signal or an
 * alert is active, the share of each step's messages whose labels are asked of analysts on {@code
 * mail.label-requests}, the most useful first; 0 asks for none), {@code recent-reports} (200, kept for the HTTP endpoint), {@code http.port} (9402), and
 * the failure heuristics ({@link Thresholds}).
 */
public record MonitorConfig(
    KafkaConnection kafka,
    TopicNames topics,
    String applicationId,
    Path stateDir,
    WindowKind windowKind,
    Duration windowSize,
    Duration windowGrace,
    long windowEvents,
    long windowStep,
    int flushEvents,
    Duration flushInterval,
    Duration labelDelay,
    boolean retrainRequests,
    double labelRequestShare,
    int recentReports,
    int httpPort,
    Thresholds thresholds) {

  public enum WindowKind { SLIDING, TIME, COUNT }

  public MonitorConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    if (windowSize.isNegative() || windowSize.isZero()) {
      throw new IllegalArgumentException("monitor.window.size must be positive, was " + windowSize);
    }
    if (windowEvents < 10) {
      throw new IllegalArgumentException("monitor.window.events must be at least 10, was " + windowEvents);
    }
    if (!(labelRequestShare >= 0 && labelRequestShare <= 1)) {
      throw new IllegalArgumentException("monitor.label-requests.share must be in [0, 1], was " + labelRequestShare);
    }
    if (windowStep < 1) {
      throw new IllegalArgumentException("monitor.window.step must be at least 1, was " + windowStep);
    }
    if (flushEvents < 1 || recentReports < 1) {
      throw new IllegalArgumentException("monitor.flush.events and monitor.recent-reports must be at least 1");
    }
  }

  public static MonitorConfig from(ConfigSource c) {
    String kind = c.string("monitor.window.kind", "sliding").toUpperCase(Locale.ROOT);
    WindowKind windowKind;
    try {
      windowKind = WindowKind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw new io.hookline.core.config.ConfigException("monitor.window.kind", kind, "sliding, time or count");
    }
    String stateDir = c.string("monitor.state-dir", ".hookline/monitor-state");
    return new MonitorConfig(
        KafkaConnection.from(c),
        TopicNames.from(c),
        c.string("monitor.application-id", "hookline-drift-monitor"),
        Path.of(stateDir),
        windowKind,
        c.duration("monitor.window.size", Duration.ofMinutes(1)),
        c.duration("monitor.window.grace", Duration.ofSeconds(10)),
        c.integer("monitor.window.events", 1000),
        c.integer("monitor.window.step", 50),
        c.integer("monitor.flush.events", 50),
        c.duration("monitor.flush.interval", Duration.ofMillis(250)),
        c.duration("monitor.label-delay", Duration.ofHours(1)),
        c.bool("monitor.retrain-requests", true),
        c.decimal("monitor.label-requests.share", 0.05),
        c.integer("monitor.recent-reports", 200),
        c.integer("monitor.http.port", 9402),
        Thresholds.from(c));
  }
}
