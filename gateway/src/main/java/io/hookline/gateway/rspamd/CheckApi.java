package io.hookline.gateway.rspamd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookline.avro.Envelope;
import io.hookline.avro.Reason;
import io.hookline.gateway.check.CheckOutcome;
import io.hookline.gateway.check.Decision;
import io.hookline.gateway.check.EnvelopeAddress;
import io.hookline.schemas.http.HttpServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP check API.
 *
 * <pre>
 * POST /checkv2   Rspamd's protocol: the raw message as the body; envelope in the headers From,
 *                 Rcpt (repeated), IP, Helo; the answer {action, score, required_score, symbols,
 *                 milter.add_headers, ...}, so Exim's spam=…/rspamd, Haraka's rspamd plugin and
 *                 rspamd-proxy use Hookline unchanged
 * GET  /ping      "pong", as Rspamd answers
 * POST /v1/check  the same check in Hookline's terms: the raw message as the body, envelope in
 *                 X-Mail-From, X-Rcpt-To (comma-separated), X-Client-IP, X-Helo; the answer
 *                 {id, status, label, score, threshold, model, action, headers, reasons}
 * </pre>
 *
 * Each request blocks one of the server's threads until its verdict comes or the timeout passes.
 * A body over the mail limit is refused (413) before it is read to the end.
 */
public final class CheckApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CheckApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A check: the raw message and its envelope to the outcome and the decision. */
  public interface Checker {
    Checked check(byte[] raw, Envelope envelope, String frontend);
  }

  /** A check's outcome and what the policy made of it. */
  public record Checked(CheckOutcome outcome, Decision decision) {}

  private final HttpServer server;
  private final Checker checker;
  private final int maxMessageBytes;

  private CheckApi(HttpServer server, Checker checker, int maxMessageBytes) {
    this.server = server;
    this.checker = checker;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Listens on {@code bind:port} (0 picks a free port) with {@code threads} checks served at once. */
  public static CheckApi start(String bind, int port, int threads, int maxMessageBytes, Checker checker) {
    try {
      HttpServer server = HttpServers.create(new InetSocketAddress(InetAddress.getByName(bind), port),
          new HttpServers.Limits(Duration.ofSeconds(30), 64 * 1024, threads * 2, threads + 6), "gateway-check");
      CheckApi api = new CheckApi(server, checker, maxMessageBytes);
      server.createContext("/checkv2", exchange -> api.serve(exchange, "/checkv2", api::rspamd));
      server.createContext("/v1/check", exchange -> api.serve(exchange, "/v1/check", api::json));
      server.createContext("/ping", exchange -> respond(exchange, 200, "text/plain", "pong\r\n"));
      server.start();
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for checks on " + bind + ":" + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void serve(HttpExchange exchange, String path, BiFunction<HttpExchange, byte[], String> answer) throws IOException {
    if (!exchange.getRequestURI().getPath().equals(path)) {
      respond(exchange, 404, "text/plain", "not found\n");
      return;
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      respond(exchange, 405, "text/plain", "POST the raw message\n");
      return;
    }
    byte[] raw;
    try (InputStream body = exchange.getRequestBody()) {
      raw = body.readNBytes(maxMessageBytes + 1);
    }
    if (raw.length > maxMessageBytes) {
      respond(exchange, 413, "application/json", "{\"error\":\"message larger than " + maxMessageBytes + " bytes\"}");
      return;
    }
    String json;
    try {
      json = answer.apply(exchange, raw);
    } catch (RuntimeException e) {
      log.error("check on {} failed", path, e);
      respond(exchange, 500, "application/json", "{\"error\":\"internal error\"}");
      return;
    }
    respond(exchange, 200, "application/json", json);
  }

  /** Rspamd's {@code /checkv2} answer. */
  private String rspamd(HttpExchange exchange, byte[] raw) {
    var headers = exchange.getRequestHeaders();
    List<String> recipients = new ArrayList<>();
    for (String rcpt : headers.getOrDefault("Rcpt", List.of())) {
      addAddress(recipients, rcpt);
    }
    Envelope envelope = new Envelope(EnvelopeAddress.of(headers.getFirst("From")), recipients, blankToNull(headers.getFirst("IP")),
        blankToNull(headers.getFirst("Helo")));
    Checked checked = checker.check(raw, envelope, "rspamd");
    Decision decision = checked.decision();
    ObjectNode answer = JSON.createObjectNode()
        .put("is_skipped", checked.outcome().status() != CheckOutcome.Status.SCORED)
        .put("score", decision.score())
        .put("required_score", decision.requiredScore())
        .put("action", decision.action().rspamdName());
    ObjectNode symbols = answer.putObject("symbols");
    for (Decision.Symbol symbol : decision.symbols().values()) {
      symbols.putObject(symbol.name()).put("name", symbol.name()).put("score", symbol.score())
          .put("metric_score", symbol.score()).put("description", symbol.description());
    }
    ObjectNode messages = answer.putObject("messages");
    if (!decision.smtpReply().isEmpty()) {
      messages.put("smtp_message", decision.smtpReply().substring(decision.smtpReply().indexOf(' ', 4) + 1));
    }
    ObjectNode milter = answer.putObject("milter");
    ObjectNode removeHeaders = milter.putObject("remove_headers");
    Decision.OWNED_HEADERS.stream().sorted().forEach(name -> removeHeaders.put(name, 0)); // 0: every occurrence
    ObjectNode addHeaders = milter.putObject("add_headers");
    decision.headers().forEach(header -> addHeaders.put(header.name(), header.value()));
    answer.put("time_real", checked.outcome().took().toNanos() / 1e9);
    answer.put("message-id", checked.outcome().messageId());
    return answer.toString();
  }

  /** Hookline's own JSON answer. */
  private String json(HttpExchange exchange, byte[] raw) {
    var headers = exchange.getRequestHeaders();
    List<String> recipients = new ArrayList<>();
    for (String value : headers.getOrDefault("X-Rcpt-To", List.of())) {
      for (String rcpt : value.split(",")) {
        addAddress(recipients, rcpt);
      }
    }
    Envelope envelope = new Envelope(EnvelopeAddress.of(headers.getFirst("X-Mail-From")), recipients, blankToNull(headers.getFirst("X-Client-IP")),
        blankToNull(headers.getFirst("X-Helo")));
    Checked checked = checker.check(raw, envelope, "json");
    CheckOutcome outcome = checked.outcome();
    ObjectNode answer = JSON.createObjectNode()
        .put("id", outcome.messageId())
        .put("status", outcome.status().name().toLowerCase(Locale.ROOT))
        .put("action", checked.decision().action().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .put("tookMillis", outcome.took().toMillis());
    outcome.scored().ifPresent(verdict -> {
      answer.put("label", verdict.getLabel().name()).put("score", verdict.getScore()).put("threshold", verdict.getThreshold())
          .put("model", verdict.getModel().getName()).put("modelVersion", verdict.getModel().getVersion());
      ArrayNode reasons = answer.putArray("reasons");
      for (Reason reason : verdict.getReasons()) {
        reasons.addObject().put("feature", reason.getFeature()).put("attribution", reason.getAttribution())
            .put("direction", io.hookline.core.model.Attribution.direction(reason.getAttribution())).put("text", reason.getText());
      }
    });
    ArrayNode added = answer.putArray("headers");
    checked.decision().headers().forEach(header -> added.addObject().put("name", header.name()).put("value", header.value()));
    return answer.toString();
  }

  private static void addAddress(List<String> recipients, String given) {
    String address = EnvelopeAddress.of(given);
    if (address != null) {
      recipients.add(address);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
