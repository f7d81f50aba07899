package io.hookline.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API, with caches and bounded retries.
 *
 * <p>Ids and registrations never change once made, so both are cached for the life of the
 * client: after warm-up a serde never calls the registry. Failures to reach the registry (I/O
 * errors and 5xx answers) are retried with exponential backoff up to {@code maxAttempts}, then
 * reported as {@link SchemaRegistryUnavailableException}; 4xx answers are not retried and map to
 * the specific exception of their Confluent error code.
 *
 * <p>Schemas are sent without Java-only properties ({@link JavaSchemaProperties}), so a Java
 * producer and a client in another language register the same schema.
 */
public final class RestSchemaRegistryClient implements SchemaRegistry {
  private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RestSchemaRegistryConfig config;
  private final HttpClient http;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

  public RestSchemaRegistryClient(RestSchemaRegistryConfig config) {
    this(config, HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build());
  }

  /** With an HTTP client of the caller's, for proxies or TLS settings. */
  public RestSchemaRegistryClient(RestSchemaRegistryConfig config, HttpClient http) {
    this.config = config;
    this.http = http;
  }

  @Override
  public int register(String subject, Schema schema) {
    Schema portable = JavaSchemaProperties.strip(schema);
    Map<Schema, Integer> known = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = known.get(portable);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(portable));
    int id = answer.path("id").asInt(-1);
    if (id < 0) {
      throw new SchemaRegistryException("registry answered a registration without an id: " + answer, 200, 0, null);
    }
    known.put(portable, id);
    schemasById.putIfAbsent(id, portable);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("GET", "/schemas/ids/" + id, null);
    Schema schema = parse(answer.path("schema").asText(), "schema id " + id);
    Schema previous = schemasById.putIfAbsent(id, schema);
    return previous == null ? schema : previous;
  }

  @Override
  public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
    Schema portable = JavaSchemaProperties.strip(schema);
    try {
      JsonNode answer = send("POST", "/subjects/" + encode(subject), schemaBody(portable));
      RegisteredSchema found = registered(answer, subject);
      idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(portable, found.id());
      return Optional.of(found);
    } catch (SchemaNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<Integer> versions(String subject) {
    JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions", null);
    List<Integer> versions = new ArrayList<>();
    answer.forEach(v -> versions.add(v.asInt()));
    return versions;
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return registered(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null), subject);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return registered(send("GET", "/subjects/" + encode(subject) + "/versions/latest", null), subject);
  }

  @Override
  public List<String> compatibilityProblems(String subject, Schema schema) {
    JsonNode answer;
    try {
      answer =
          send(
              "POST",
              "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
              schemaBody(JavaSchemaProperties.strip(schema)));
    } catch (SchemaNotFoundException e) {
      return List.of(); // nothing registered yet: anything is compatible
    }
    if (answer.path("is_compatible").asBoolean(false)) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    answer.path("messages").forEach(m -> problems.add(m.asText()));
    if (problems.isEmpty()) {
      problems.add("the registry reports the schema incompatible with subject " + subject);
    }
    return problems;
  }

  /** Sets the compatibility level of one subject. */
  public void setCompatibility(String subject, CompatibilityLevel level) {
    ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
    send("PUT", "/config/" + encode(subject), body.toString());
  }

  /** The compatibility level in force for a subject (its own, or the global default). */
  public CompatibilityLevel compatibility(String subject) {
    try {
      return CompatibilityLevel.parse(
          send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null)
              .path("compatibilityLevel")
              .asText());
    } catch (SchemaNotFoundException e) {
      return CompatibilityLevel.parse(send("GET", "/config", null).path("compatibilityLevel").asText());
    }
  }

  private static RegisteredSchema registered(JsonNode answer, String subject) {
    return new RegisteredSchema(
        answer.path("subject").asText(subject),
        answer.path("version").asInt(),
        answer.path("id").asInt(),
        parse(answer.path("schema").asText(), "subject " + subject));
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new InvalidSchemaException("registry returned an unparseable schema for " + what + ": " + e.getMessage(), 0);
    }
  }

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, String body) {
    URI uri = URI.create(config.baseUrl() + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", CONTENT_TYPE + ", application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    if (config.basicAuth() != null) {
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(config.basicAuth().getBytes(StandardCharsets.UTF_8)));
    } else if (config.bearerToken() != null) {
      request.header("Authorization", "Bearer " + config.bearerToken());
    }
    long backoffMillis = config.initialBackoff().toMillis();
    String lastProblem = "";
    int lastStatus = 0;
    Throwable lastCause = null;
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      if (attempt > 1) {
        pause(backoffMillis);
        backoffMillis *= 2;
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        lastCause = e;
        lastStatus = 0;
        log.debug("schema registry {} {} attempt {} failed: {}", method, path, attempt, lastProblem);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryUnavailableException(
            "interrupted while calling the schema registry at " + config.baseUrl(), 0, e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return readJson(response.body(), method, path);
      }
      JsonNode error = readErrorJson(response.body());
      int code = error.path("error_code").asInt(status);
      String message = error.path("message").asText(response.body());
      if (status >= 500) {
        lastProblem = "HTTP " + status + " (" + code + "): " + message;
        lastStatus = status;
        lastCause = null;
        continue;
      }
      throw mapClientError(status, code, message, method, path);
    }
    throw new SchemaRegistryUnavailableException(
        "schema registry at " + config.baseUrl() + " unavailable after " + config.maxAttempts()
            + " attempt(s) of " + method + " " + path + ": " + lastProblem,
        lastStatus,
        lastCause);
  }

  private static SchemaRegistryException mapClientError(int status, int code, String message, String method, String path) {
    String detail = method + " " + path + " -> HTTP " + status + " (" + code + "): " + message;
    if (status == 404) {
      return new SchemaNotFoundException(describeNotFound(code) + ": " + detail, code);
    }
    if (status == 409) {
      return new IncompatibleSchemaException("schema is incompatible with the subject's earlier versions: " + detail);
    }
    if (status == 401 || status == 403) {
      return new SchemaRegistryException("schema registry refused the credentials (HTTP " + status
          + "): check schema.registry.basic.auth.user.info or schema.registry.bearer.auth.token; " + detail, status, code, null);
    }
    if (status == 422) {
      return new InvalidSchemaException("registry refused the request as invalid: " + detail, code);
    }
    return new SchemaRegistryException("schema registry refused the request: " + detail, status, code, null);
  }

  private static String describeNotFound(int code) {
    return switch (code) {
      case 40401 -> "subject not found";
      case 40402 -> "version not found";
      case 40403 -> "schema not found";
      default -> "not found";
    };
  }

  private static JsonNode readJson(String body, String method, String path) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "schema registry answered " + method + " " + path + " with a body that is not JSON", 200, 0, e);
    }
  }

  private static JsonNode readErrorJson(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryUnavailableException("interrupted while waiting to retry the schema registry", 0, e);
    }
  }

  @Override
  public String toString() {
    return "RestSchemaRegistryClient[" + config.baseUrl() + "]";
  }
}
