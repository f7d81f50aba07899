package io.hookline.gateway.check;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.ConfigSource;
import java.util.Locale;
import java.util.Objects;

/**
 * What the gateway does with each outcome of a check, from {@code gateway.*} keys (defaults in
 * parentheses): {@code action.phishing} (quarantine; also reject, add-header), {@code
 * action.timeout} (tempfail, what Postfix's {@code milter_default_action} does; also accept,
 * accept-with-header: deliver unscanned mail, marked so), {@code reject.message} (the SMTP reply
 * text of a rejection).
 *
 * @param onPhishing the action for a PHISHING verdict
 * @param onTimeout what happens when no verdict came in time or Kafka could not take the message
 * @param markUnscanned whether mail accepted without a verdict carries {@code X-Hookline-Status: unscanned}
 */
public record Policy(Action onPhishing, Action onTimeout, boolean markUnscanned, String rejectMessage) {

  public Policy {
    Objects.requireNonNull(onPhishing, "onPhishing");
    Objects.requireNonNull(onTimeout, "onTimeout");
    if (rejectMessage == null || rejectMessage.isBlank() || rejectMessage.contains("\r") || rejectMessage.contains("\n")) {
      throw new ConfigException("setting gateway.reject.message must be one line of text");
    }
  }

  public static Policy from(ConfigSource config) {
    Action phishing = switch (config.string("gateway.action.phishing", "quarantine").toLowerCase(Locale.ROOT)) {
      case "reject" -> Action.REJECT;
      case "quarantine" -> Action.QUARANTINE;
      case "add-header", "add.header" -> Action.ADD_HEADER;
      default -> throw new ConfigException("gateway.action.phishing", config.get("gateway.action.phishing"), "reject, quarantine or add-header");
    };
    String timeout = config.string("gateway.action.timeout", "tempfail").toLowerCase(Locale.ROOT);
    return switch (timeout) {
      case "tempfail" -> new Policy(phishing, Action.TEMPFAIL, false, rejectMessage(config));
      case "accept" -> new Policy(phishing, Action.ACCEPT, false, rejectMessage(config));
      case "accept-with-header", "accept.with.header" -> new Policy(phishing, Action.ACCEPT, true, rejectMessage(config));
      default -> throw new ConfigException("gateway.action.timeout", config.get("gateway.action.timeout"), "tempfail, accept or accept-with-header");
    };
  }

  private static String rejectMessage(ConfigSource config) {
    return config.string("gateway.reject.message", "Message refused as phishing");
  }

  /** Tempfail on timeout, quarantine phishing: the defaults. */
  public static Policy defaults() {
    return from(ConfigSource.of(java.util.Map.of()));
  }
}
