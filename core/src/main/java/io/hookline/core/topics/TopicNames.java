package io.hookline.core.topics;

import io.hookline.core.config.ConfigSource;
import java.util.List;
import java.util.Map;

/**
 * The names of Hookline's topics. Defaults are those of the design; each is overridable with
 * {@code topic.<role>} (for example {@code topic.inbound=gateway.mail}).
 */
public record TopicNames(
    String inbound,
    String verdicts,
    String inferenceLog,
    String feedback,
    String deadLetters,
    String driftReports,
    String alerts,
    String trainerCommands,
    String modelEvents,
    String labelRequests) {

  public static final TopicNames DEFAULTS =
      new TopicNames(
          "mail.inbound",
          "mail.verdicts",
          "mail.inference-log",
          "mail.feedback",
          "mail.dlq",
          "monitor.drift",
          "monitor.alerts",
          "trainer.commands",
          "model.events",
          "mail.label-requests");

  public static TopicNames from(ConfigSource config) {
    return new TopicNames(
        config.string("topic.inbound", DEFAULTS.inbound),
        config.string("topic.verdicts", DEFAULTS.verdicts),
        config.string("topic.inference-log", DEFAULTS.inferenceLog),
        config.string("topic.feedback", DEFAULTS.feedback),
        config.string("topic.dlq", DEFAULTS.deadLetters),
        config.string("topic.drift", DEFAULTS.driftReports),
        config.string("topic.alerts", DEFAULTS.alerts),
        config.string("topic.trainer-commands", DEFAULTS.trainerCommands),
        config.string("topic.model-events", DEFAULTS.modelEvents),
        config.string("topic.label-requests", DEFAULTS.labelRequests));
  }

  /** Every name under a prefix ({@code staging.mail.inbound} ...), for environments sharing a cluster. */
  public TopicNames prefixed(String prefix) {
    return new TopicNames(
        prefix + "." + inbound, prefix + "." + verdicts, prefix + "." + inferenceLog, prefix + "." + feedback,
        prefix + "." + deadLetters, prefix + "." + driftReports, prefix + "." + alerts, prefix + "." + trainerCommands,
        prefix + "." + modelEvents, prefix + "." + labelRequests);
  }

  /** These names as the {@code topic.*} settings that {@link #from} reads back. */
  public Map<String, String> settings() {
    return Map.of("topic.inbound", inbound, "topic.verdicts", verdicts, "topic.inference-log", inferenceLog, "topic.feedback", feedback,
        "topic.dlq", deadLetters, "topic.drift", driftReports, "topic.alerts", alerts, "topic.trainer-commands", trainerCommands,
        "topic.model-events", modelEvents, "topic.label-requests", labelRequests);
  }

  public List<String> all() {
    return List.of(inbound, verdicts, inferenceLog, feedback, deadLetters, driftReports, alerts, trainerCommands, modelEvents, labelRequests);
  }
}
