package io.hookline.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hookline.schemas.registry.CompatibilityLevel;
import io.hookline.schemas.registry.RegisteredSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST subset, over a {@link SchemaStore}.
 *
 * <pre>
 * GET  /                                           liveness
 * GET  /subjects                                   subject names
 * GET  /subjects/{s}/versions                      version numbers
 * GET  /subjects/{s}/versions/{v|latest}           one version
 * GET  /subjects/{s}/versions/{v|latest}/schema    its schema text only
 * POST /subjects/{s}/versions                      register
 * POST /subjects/{s}                               look up a schema under a subject
 * GET  /schemas/ids/{id}                           a schema by global id
 * POST /compatibility/subjects/{s}/versions[/{v}]  compatibility check (verbose=true for reasons)
 * GET|PUT /config[/{s}]                            compatibility level
 * </pre>
 *
 * Only Avro schemas are accepted. Error bodies are {@code {"error_code": n, "message": "..."}}.
 */
final class RegistryHttpApi implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(RegistryHttpApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private final SchemaStore store;

  RegistryHttpApi(SchemaStore store) {
    this.store = store;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = 200;
      String body;
      try {
        body = route(exchange.getRequestMethod(), exchange.getRequestURI(), exchange);
      } catch (RegistryError e) {
        status = e.status();
        body = error(e.code(), e.getMessage());
      } catch (RuntimeException e) {
        log.warn("schema registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
        status = 500;
        body = error(RegistryError.STORE_ERROR, "Internal error: " + e.getClass().getSimpleName());
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private String route(String method, URI uri, HttpExchange exchange) throws IOException {
    List<String> path = segments(uri);
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    boolean verbose = query.contains("verbose=true");
    boolean defaultToGlobal = query.contains("defaultToGlobal=true");

    if (path.isEmpty()) {
      return "{}";
    }
    switch (path.get(0)) {
      case "subjects":
        if (path.size() == 1 && method.equals("GET")) {
          return JSON.writeValueAsString(store.subjects());
        }
        if (path.size() == 2 && method.equals("POST")) {
          return registered(store.lookup(path.get(1), schemaFrom(exchange)));
        }
        if (path.size() == 3 && path.get(2).equals("versions")) {
          if (method.equals("GET")) {
            return JSON.writeValueAsString(store.versions(path.get(1)));
          }
          if (method.equals("POST")) {
            return JSON.createObjectNode().put("id", store.register(path.get(1), schemaFrom(exchange)).id()).toString();
          }
        }
        if (path.size() == 4 && path.get(2).equals("versions") && method.equals("GET")) {
          return registered(store.version(path.get(1), path.get(3)));
        }
        if (path.size() == 5 && path.get(2).equals("versions") && path.get(4).equals("schema") && method.equals("GET")) {
          return store.version(path.get(1), path.get(3)).schema().toString();
        }
        break;
      case "schemas":
        if (path.size() == 3 && path.get(1).equals("ids") && method.equals("GET")) {
          return JSON.createObjectNode().put("schema", store.schemaById(parseId(path.get(2))).toString()).toString();
        }
        break;
      case "compatibility":
        if (path.size() >= 4 && path.size() <= 5 && path.get(1).equals("subjects") && path.get(3).equals("versions")
            && method.equals("POST")) {
          String version = path.size() == 5 ? path.get(4) : null;
          List<String> problems = store.compatibilityProblems(path.get(2), version, schemaFrom(exchange));
          ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
          if (verbose) {
            ArrayNode messages = answer.putArray("messages");
            problems.forEach(messages::add);
          }
          return answer.toString();
        }
        break;
      case "config":
        return config(method, path, exchange, defaultToGlobal);
      default:
        break;
    }
    throw new RegistryError(404, 404, "HTTP " + method + " " + uri.getPath() + " is not part of the registry API");
  }

  private String config(String method, List<String> path, HttpExchange exchange, boolean defaultToGlobal) throws IOException {
    String subject = path.size() == 2 ? path.get(1) : null;
    if (path.size() > 2) {
      throw new RegistryError(404, 404, "no such config resource");
    }
    if (method.equals("GET")) {
      CompatibilityLevel level;
      if (subject == null) {
        level = store.globalLevel();
      } else if (defaultToGlobal) {
        level = store.level(subject);
      } else {
        level =
            store.subjectLevel(subject)
                .orElseThrow(() -> RegistryError.notFound(
                    RegistryError.SUBJECT_LEVEL_NOT_CONFIGURED, "Subject '" + subject + "' does not have subject-level compatibility configured"));
      }
      return JSON.createObjectNode().put("compatibilityLevel", level.name()).toString();
    }
    if (method.equals("PUT")) {
      JsonNode body = readBody(exchange);
      CompatibilityLevel level;
      try {
        level = CompatibilityLevel.parse(body.path("compatibility").asText(""));
      } catch (IllegalArgumentException e) {
        throw RegistryError.unprocessable(RegistryError.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level: " + e.getMessage());
      }
      store.setLevel(subject, level);
      return JSON.createObjectNode().put("compatibility", level.name()).toString();
    }
    throw new RegistryError(405, 405, "HTTP method " + method + " not allowed on /config");
  }

  private static String registered(RegisteredSchema schema) {
    return JSON.createObjectNode()
        .put("subject", schema.subject())
        .put("version", schema.version())
        .put("id", schema.id())
        .put("schema", schema.schema().toString())
        .toString();
  }

  private static String schemaFrom(HttpExchange exchange) throws IOException {
    JsonNode body = readBody(exchange);
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw RegistryError.unprocessable(RegistryError.INVALID_SCHEMA, "Schema type " + type + " is not supported; this registry holds Avro schemas only");
    }
    JsonNode schema = body.path("schema");
    if (!schema.isTextual()) {
      throw RegistryError.unprocessable(RegistryError.INVALID_SCHEMA, "Request body has no \"schema\" string");
    }
    return schema.asText();
  }

  private static JsonNode readBody(HttpExchange exchange) throws IOException {
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new RegistryError(413, 413, "Request body exceeds " + MAX_BODY_BYTES + " bytes");
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new RegistryError(400, 400, "Request body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new RegistryError(400, 400, "Request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static int parseId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw RegistryError.notFound(RegistryError.SCHEMA_NOT_FOUND, "Schema " + text + " not found");
    }
  }

  private static List<String> segments(URI uri) {
    List<String> segments = new ArrayList<>();
    Arrays.stream(uri.getRawPath().split("/"))
        .filter(s -> !s.isEmpty())
        .forEach(s -> segments.add(URLDecoder.decode(s, StandardCharsets.UTF_8)));
    return segments;
  }

  private static String error(int code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message).toString();
  }
}
