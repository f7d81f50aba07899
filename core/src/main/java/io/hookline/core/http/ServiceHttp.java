package io.hookline.core.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookline.schemas.http.HttpServers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP side every Hookline service has: {@code /metrics} (Prometheus text format), {@code
 * /healthz} (the service's work loop runs) and {@code /readyz} (it can do its job), plus the
 * read-only pages a service adds with {@link #route} (GET) and the actions it adds with {@link
 * #action} (POST, bodies up to 1 MB). Any other method is answered 405. Served by {@link
 * HttpServers}: a slow or half-sent request from one client holds up no other.
 */
public final class ServiceHttp implements AutoCloseable {

  /** An action's request: its headers (names in lower case) and body. */
  public record Request(Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private static final int MAX_BODY = 1 << 20;

  /** A page: status, content type and body. */
  public record Page(int status, String contentType, String body) {
    public static Page json(String body) {
      return new Page(200, "application/json; charset=utf-8", body);
    }

    public static Page html(String body) {
      return new Page(200, "text/html; charset=utf-8", body);
    }

    public static Page text(int status, String body) {
      return new Page(status, "text/plain; charset=utf-8", body.endsWith("\n") ? body : body + "\n");
    }
  }

  private final HttpServer server;

  public ServiceHttp(int port, Supplier<String> metrics, BooleanSupplier healthy, BooleanSupplier ready) {
    try {
      server = HttpServers.create(new InetSocketAddress(port), HttpServers.Limits.defaults(), "service");
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
    return query(path, parameters -> page.get());
  }

  /**
   * Serves a page at an exact path from its query parameters ({@code ?model=phish&limit=20}: the
   * first value of each, decoded). A {@link IllegalArgumentException} from the page is answered
   * 400 with its message: a wrong parameter is the client's to mend; a {@link
   * java.util.NoSuchElementException}, 404 with its message: what it names is not here.
   */
  public ServiceHttp query(String path, Function<Map<String, String>, Page> page) {
    server.createContext(path, exchange -> {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        respond(exchange, new Page(405, "text/plain; charset=utf-8", "only GET is served here\n"));
      } else if (!exchange.getRequestURI().getPath().equals(path)) {
        respond(exchange, new Page(404, "text/plain; charset=utf-8", "not found\n"));
      } else {
        Page answer;
        try {
          answer = page.apply(parameters(exchange.getRequestURI().getRawQuery()));
        } catch (IllegalArgumentException e) {
          answer = Page.text(400, e.getMessage());
        } catch (java.util.NoSuchElementException e) {
          answer = Page.text(404, e.getMessage());
        } catch (RuntimeException e) {
          answer = new Page(500, "text/plain; charset=utf-8", "internal error: " + e.getClass().getSimpleName() + "\n");
        }
        respond(exchange, answer);
      }
    });
    return this;
  }

  /** Serves an action at an exact path: POST with a body. */
  public ServiceHttp action(String path, Function<Request, Page> action) {
    server.createContext(path, exchange -> {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, Page.text(405, "only POST is served here"));
      } else if (!exchange.getRequestURI().getPath().equals(path)) {
        respond(exchange, Page.text(404, "not found"));
      } else {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
          respond(exchange, Page.text(413, "request bodies are limited to 1 MB"));
          return;
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
        Page answer;
        try {
          answer = action.apply(new Request(headers, body));
        } catch (RuntimeException e) {
          answer = Page.text(500, "internal error: " + e.getClass().getSimpleName());
        }
        respond(exchange, answer);
      }
    });
    return this;
  }

  private static Map<String, String> parameters(String rawQuery) {
    Map<String, String> parameters = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return parameters;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      parameters.putIfAbsent(name, value);
    }
    return parameters;
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
