package io.hookline.gateway;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.mail.MailLimits;
import io.hookline.core.topics.TopicNames;
import io.hookline.gateway.check.Policy;
import java.time.Duration;
import java.util.Objects;

/**
 * The gateway's settings, from {@code gateway.*} keys (defaults in parentheses): {@code bind}
 * (127.0.0.1: the address the milter and the check API listen on; 0.0.0.0 in a container), {@code
 * milter.port} (11332; 0 picks a free one, -1 turns the milter off), {@code check.port} (11333, the
 * port of Rspamd's normal worker; 0 picks, -1 off), {@code http.port} (9404: metrics and health),
 * {@code verdict.timeout} (10s), {@code check.threads} (256: checks waiting for a verdict at once
 * on the HTTP API), {@code tenant} (default), and the {@link Policy} keys. Mail limits are the
 * parser's ({@code mail.limit.*}).
 */
public record GatewayConfig(
    KafkaConnection kafka,
    TopicNames topics,
    String bind,
    int milterPort,
    int checkPort,
    int httpPort,
    Duration verdictTimeout,
    int checkThreads,
    String tenant,
    Policy policy,
    MailLimits limits) {

  public GatewayConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(limits, "limits");
    if (bind == null || bind.isBlank()) {
      throw new ConfigException("setting gateway.bind must not be empty");
    }
    for (int port : new int[] {milterPort, checkPort}) {
      if (port < -1 || port > 65535) {
        throw new ConfigException("gateway.milter.port and gateway.check.port must be in -1..65535 (-1: off), was " + port);
      }
    }
    if (milterPort < 0 && checkPort < 0) {
      throw new ConfigException("gateway.milter.port and gateway.check.port are both off: the gateway would serve nothing");
    }
    if (verdictTimeout.compareTo(Duration.ofMillis(10)) < 0 || verdictTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new ConfigException("gateway.verdict.timeout must be in 10ms..10m, was " + verdictTimeout);
    }
    if (checkThreads < 8 || checkThreads > 4096) {
      throw new ConfigException("gateway.check.threads must be in 8..4096, was " + checkThreads);
    }
  }

  public static GatewayConfig from(ConfigSource config) {
    return new GatewayConfig(
        KafkaConnection.from(config),
        TopicNames.from(config),
        config.string("gateway.bind", "127.0.0.1"),
        config.integer("gateway.milter.port", 11332),
        config.integer("gateway.check.port", 11333),
        config.integer("gateway.http.port", 9404),
        config.duration("gateway.verdict.timeout", Duration.ofSeconds(10)),
        config.integer("gateway.check.threads", 256),
        config.string("gateway.tenant", "default"),
        Policy.from(config),
        MailLimits.from(config));
  }
}
