package io.hookline.gateway.check;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * What the gateway counts, by front end ({@code milter}, {@code rspamd}, {@code json}):
 * {@code hookline_gateway_checks_total{frontend, outcome, action}} (outcome: scored, timed_out,
 * unavailable, not_mail; so timeouts and what the policy made of them are counted) and {@code
 * hookline_gateway_check_seconds{frontend}}, the whole check from request to answer.
 */
public final class GatewayMetrics {
  private final MeterRegistry registry;

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts one answered check. */
  public void answered(String frontend, CheckOutcome outcome, Decision decision) {
    Counter.builder("hookline_gateway_checks")
        .description("Checks answered, by front end, outcome and the action the policy chose")
        .tag("frontend", frontend)
        .tag("outcome", outcome.status().name().toLowerCase(Locale.ROOT))
        .tag("action", decision.action().name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
    Timer.builder("hookline_gateway_check")
        .description("Seconds from a check's request to its answer, verdict wait included")
        .tag("frontend", frontend)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry)
        .record(outcome.took());
  }
}
