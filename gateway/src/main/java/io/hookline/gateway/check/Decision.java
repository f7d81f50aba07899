package io.hookline.gateway.check;

import io.hookline.avro.Label;
import io.hookline.avro.Reason;
import io.hookline.avro.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a check's outcome means for the mail server: the action under the policy, and the headers
 * that go on the message, in the forms spam filters and people's mail rules already read.
 *
 * <pre>
 * X-Spam-Flag: YES
 * X-Spam-Status: Yes, score=9.73 required=5.00 tests=HOOKLINE_PHISHING,HL_URL_LOOKALIKE_DOMAIN version=Hookline
 * X-Hookline-Verdict: PHISHING score=0.973 threshold=0.500
 * X-Hookline-Model: phish/v3
 * X-Hookline-Reasons: a link's text names paypal.com but it goes elsewhere; ...
 * X-Hookline-Id: 2b9c...   (the id to give to hookline feedback)
 * </pre>
 *
 * Scores are the detector's probability times {@link #SCALE}, so that {@code required} is the
 * model's threshold on the 0..10 scale SpamAssassin-style rules expect.
 *
 * @param symbols the reasons as Rspamd symbols (name to attribution, strongest first)
 */
public record Decision(Action action, double score, double requiredScore, List<Header> headers, Map<String, Symbol> symbols,
    String smtpReply) {
  public static final double SCALE = 10.0;
  private static final int MAX_HEADER_CHARS = 900;
  private static final int HEADER_REASONS = 3;

  /** One header to add. */
  public record Header(String name, String value) {}

  /**
   * The headers Hookline sets, and the only ones mail filters should believe: copies a sender
   * wrote into the message ({@code X-Spam-Flag: NO} on a phishing message) are removed before
   * Hookline's own are added.
   */
  public static final java.util.Set<String> OWNED_HEADERS = java.util.Set.of("X-Spam-Flag", "X-Spam-Status", "X-Hookline-Verdict",
      "X-Hookline-Model", "X-Hookline-Reasons", "X-Hookline-Id", "X-Hookline-Status");

  /** Whether a header of this name is one of {@link #OWNED_HEADERS}, in any case. */
  public static boolean owns(String headerName) {
    return OWNED_HEADERS.stream().anyMatch(owned -> owned.equalsIgnoreCase(headerName.strip()));
  }

  /** A reason as Rspamd names it: the symbol, its weight and the text that explains it. */
  public record Symbol(String name, double score, String description) {}

  public Decision {
    headers = List.copyOf(headers);
    symbols = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(symbols));
  }

  /** The decision for an outcome under a policy. */
  public static Decision of(CheckOutcome outcome, Policy policy) {
    return outcome.scored().map(verdict -> scored(outcome.messageId(), verdict, policy)).orElseGet(() -> unscored(outcome, policy));
  }

  private static Decision scored(String messageId, Verdict verdict, Policy policy) {
    boolean phishing = verdict.getLabel() == Label.PHISHING;
    double score = round(verdict.getScore() * SCALE);
    double required = round(verdict.getThreshold() * SCALE);
    Map<String, Symbol> symbols = new LinkedHashMap<>();
    String verdictSymbol = phishing ? "HOOKLINE_PHISHING" : "HOOKLINE_LEGITIMATE";
    symbols.put(verdictSymbol, new Symbol(verdictSymbol, score, "Hookline's verdict, model " + model(verdict)));
    List<String> reasonTexts = new ArrayList<>();
    for (Reason reason : verdict.getReasons()) {
      String name = symbolName(reason.getFeature());
      symbols.putIfAbsent(name, new Symbol(name, round(reason.getAttribution()), clean(reason.getText().isEmpty() ? reason.getFeature() : reason.getText())));
      // the reasons people read are those that pushed the verdict the way it went
      if (reasonTexts.size() < HEADER_REASONS && (reason.getAttribution() > 0) == phishing && !reason.getText().isBlank()) {
        reasonTexts.add(ascii(clean(reason.getText())));
      }
    }
    List<String> tests = new ArrayList<>(List.of(verdictSymbol));
    symbols.values().stream().skip(1).filter(s -> s.score() > 0).map(Symbol::name).forEach(tests::add);
    List<Header> headers = new ArrayList<>();
    headers.add(new Header("X-Spam-Flag", phishing ? "YES" : "NO"));
    headers.add(new Header("X-Spam-Status", bounded(String.format(Locale.ROOT, "%s, score=%.2f required=%.2f tests=%s version=Hookline",
        phishing ? "Yes" : "No", score, required, String.join(",", tests)))));
    headers.add(new Header("X-Hookline-Verdict", String.format(Locale.ROOT, "%s score=%.3f threshold=%.3f",
        verdict.getLabel(), verdict.getScore(), verdict.getThreshold())));
    headers.add(new Header("X-Hookline-Model", ascii(clean(model(verdict)))));
    if (!reasonTexts.isEmpty()) {
      headers.add(new Header("X-Hookline-Reasons", bounded(String.join("; ", reasonTexts))));
    }
    headers.add(new Header("X-Hookline-Id", ascii(clean(messageId))));
    Action action = phishing ? policy.onPhishing() : Action.ACCEPT;
    return new Decision(action, score, required, headers, symbols, reply(action, policy));
  }

  private static Decision unscored(CheckOutcome outcome, Policy policy) {
    String status = switch (outcome.status()) {
      case TIMED_OUT -> "unscanned (no verdict in time)";
      case UNAVAILABLE -> "unscanned (Kafka unavailable)";
      case NOT_MAIL -> "unscanned (not a mail message)";
      case SCORED -> throw new IllegalStateException("a scored outcome has a verdict");
    };
    // what is not mail is the mail server's business, not a reason to hold mail back
    Action action = outcome.status() == CheckOutcome.Status.NOT_MAIL ? Action.ACCEPT : policy.onTimeout();
    List<Header> headers = new ArrayList<>();
    if (action == Action.ACCEPT && (policy.markUnscanned() || outcome.status() == CheckOutcome.Status.NOT_MAIL)) {
      headers.add(new Header("X-Hookline-Status", status));
    }
    String symbol = "HOOKLINE_" + outcome.status().name();
    return new Decision(action, 0, 0, headers, Map.of(symbol, new Symbol(symbol, 0, status)), reply(action, policy));
  }

  private static String reply(Action action, Policy policy) {
    return switch (action) {
      case REJECT -> "550 5.7.1 " + policy.rejectMessage();
      case TEMPFAIL -> "451 4.7.1 Message could not be checked now, try again later";
      default -> "";
    };
  }

  /** {@code url.lookalike_domain} becomes {@code HL_URL_LOOKALIKE_DOMAIN}; token reasons keep a short, safe name. */
  static String symbolName(String feature) {
    String upper = feature.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
    if (upper.isEmpty()) {
      upper = "REASON";
    }
    return "HL_" + (upper.length() > 48 ? upper.substring(0, 48) : upper);
  }

  private static String model(Verdict verdict) {
    return verdict.getModel().getName() + "/" + verdict.getModel().getVersion();
  }

  /** One line of printable text: a header value or a reason must not break the message it goes into. */
  static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7f ? ' ' : Character.toString(c)));
    return out.toString().replaceAll(" {2,}", " ").strip();
  }

  /** Header values stay ASCII, so no mail server refuses or mangles them; a look-alike letter shows as '?'. */
  static String ascii(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.append(c > 0x7e ? '?' : (char) c));
    return out.toString();
  }

  private static String bounded(String value) {
    return value.length() <= MAX_HEADER_CHARS ? value : value.substring(0, MAX_HEADER_CHARS - 3) + "...";
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
