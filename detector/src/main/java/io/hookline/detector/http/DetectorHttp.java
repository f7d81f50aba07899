package io.hookline.detector.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code /metrics} (Prometheus text format), {@code /healthz} (the scoring loop runs) and {@code
 * /readyz} (a model is in service and partitions are assigned).
 */
public final class DetectorHttp implements AutoCloseable {
  private final HttpServer server;

  public DetectorHttp(int port, PrometheusMeterRegistry registry, BooleanSupplier healthy, BooleanSupplier ready) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + " for metrics and health", e);
    }
    server.createContext("/metrics", exchange -> respond(exchange, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
    server.createContext("/healthz", exchange -> status(exchange, healthy.getAsBoolean()));
    server.createContext("/readyz", exchange -> status(exchange, ready.getAsBoolean()));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void status(HttpExchange exchange, boolean ok) throws IOException {
    respond(exchange, ok ? 200 : 503, ok ? "ok\n" : "not ready\n", "text/plain; charset=utf-8");
  }

  private static void respond(HttpExchange exchange, int status, String body, String type) throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
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
