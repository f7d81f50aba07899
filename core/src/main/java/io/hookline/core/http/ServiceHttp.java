package io.hookline.core.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP side every Hookline service has: {@code /metrics} (Prometheus text format), {@code
 * /healthz} (the service's work loop runs) and {@code /readyz} (it can do its job), plus whatever
 * read-only pages a service adds with {@link #route}. GET only; anything else is answered 405.
 */
public final class ServiceHttp implements AutoCloseable {

  /** A page: status, content type and body. */
  public record Page(int status, String contentType, String body) {
    public static Page json(String body) {
      return new Page(200, "application/json; charset=utf-8", body);
    }

    public static Page html(String body) {
      return new Page(200, "text/html; charset=utf-8", body);
    }
  }

  private final HttpServer server;

  public ServiceHttp(int port, Supplier<String> metrics, BooleanSupplier healthy, BooleanSupplier ready) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + " for metrics and health", e);
    }
    route("/metrics", () -> new Page(200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    route("/healthz", () -> status(healthy.getAsBoolean()));
    route("/readyz", () -> status(ready.getAsBoolean()));
    server.start();
  }

  /** Serves a page at an exact path. */
  public ServiceHttp route(String path, Supplier<Page> page) {
    server.createContext(path, exchange -> {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        respond(exchange, new Page(405, "text/plain; charset=utf-8", "only GET is served here\n"));
      } else if (!exchange.getRequestURI().getPath().equals(path)) {
        respond(exchange, new Page(404, "text/plain; charset=utf-8", "not found\n"));
      } else {
        Page answer;
        try {
          answer = page.get();
        } catch (RuntimeException e) {
          answer = new Page(500, "text/plain; charset=utf-8", "internal error: " + e.getClass().getSimpleName() + "\n");
        }
        respond(exchange, answer);
      }
    });
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static Page status(boolean ok) {
    return new Page(ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
  }

  private static void respond(HttpExchange exchange, Page page) throws IOException {
    try (exchange) {
      byte[] bytes = page.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", page.contentType());
      exchange.sendResponseHeaders(page.status(), bytes.length);
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
