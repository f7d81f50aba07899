package io.hookline.trainer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.avro.LabelFeedback;
import io.hookline.avro.RetrainRequest;
import io.hookline.core.http.BearerToken;
import io.hookline.core.http.ServiceHttp;
import io.hookline.core.http.ServiceHttp.Page;
import io.hookline.core.topics.AnalystLabels;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's actions over HTTP, each demanding the bearer token: {@code POST /retrain} (an
 * operator's request: {@code {"reason": "...", "requestedBy": "...", "requestId": "..."}}) and
 * {@code POST /alertmanager} (Alertmanager's webhook, version 4: a firing group becomes one retrain
 * request per incident; resolved groups are acknowledged) and {@code POST /feedback} (an analyst's
 * labels, as the answer to a label request or unasked: {@code {"messageId": "...", "label":
 * "phishing", "reporter": "..."}} or {@code {"labels": [ ... ]}}, put on {@code mail.feedback}).
 * Without a configured token the actions answer 503: the API is never open.
 */
public final class TrainerApi {
  private static final Logger log = LoggerFactory.getLogger(TrainerApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String model;
  private final Optional<BearerToken> token;
  private final Consumer<RetrainRequest> submit;
  private final Consumer<List<LabelFeedback>> labels;

  /**
   * @param submit queues a retrain request; throws IllegalStateException when it cannot
   * @param labels publishes labels to mail.feedback; throws IllegalStateException when it cannot
   */
  public TrainerApi(String model, Optional<BearerToken> token, Consumer<RetrainRequest> submit, Consumer<List<LabelFeedback>> labels) {
    this.model = model;
    this.token = token;
    this.submit = submit;
    this.labels = labels;
  }

  public ServiceHttp mount(ServiceHttp http) {
    return http.action("/retrain", request -> authorized(request, this::retrain))
        .action("/alertmanager", request -> authorized(request, this::alertmanager))
        .action("/feedback", request -> authorized(request, this::feedback));
  }

  /** At most this many labels in one request. */
  static final int MAX_LABELS = 10_000;

  private Page feedback(JsonNode body) {
    List<JsonNode> items = new ArrayList<>();
    if (body.has("labels")) {
      if (!body.get("labels").isArray()) {
        return Page.text(400, "\"labels\" must be an array of {\"messageId\", \"label\"} objects");
      }
      body.get("labels").forEach(items::add);
    } else {
      items.add(body);
    }
    if (items.isEmpty() || items.size() > MAX_LABELS) {
      return Page.text(400, "send 1 to " + MAX_LABELS + " labels, not " + items.size());
    }
    List<LabelFeedback> feedback = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      try {
        feedback.add(AnalystLabels.of(item.path("messageId").asText(""), item.path("label").asText(null),
            item.hasNonNull("reporter") ? item.get("reporter").asText() : null, now));
      } catch (IllegalArgumentException e) {
        return Page.text(400, "label " + (i + 1) + ": " + e.getMessage());
      }
    }
    try {
      labels.accept(feedback);
    } catch (IllegalStateException e) {
      return Page.text(503, e.getMessage());
    }
    log.info("{} label(s) accepted from the API", feedback.size());
    return new Page(202, "application/json", "{\"accepted\":" + feedback.size() + "}");
  }

  private Page authorized(ServiceHttp.Request request, java.util.function.Function<JsonNode, Page> action) {
    if (token.isEmpty()) {
      return Page.text(503, "no API token is configured: set HOOKLINE_TRAINER_TOKEN or trainer.http.token-file");
    }
    if (!token.get().admits(request.header("Authorization"))) {
      log.warn("trainer API request refused: missing or wrong bearer token");
      return new Page(401, "text/plain; charset=utf-8", "a valid bearer token is required\n");
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Page.text(400, "the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return Page.text(400, "the body could not be read");
    }
    if (body == null || !body.isObject()) {
      return Page.text(400, "the body must be a JSON object");
    }
    return action.apply(body);
  }

  /** Queues a request; null when queued, else the 503 that says why not (the trainer cannot run it, or Kafka is unreachable). */
  private Page queue(RetrainRequest request) {
    try {
      submit.accept(request);
      return null;
    } catch (IllegalStateException e) {
      return Page.text(503, e.getMessage());
    }
  }

  private Page retrain(JsonNode body) {
    String reason = body.path("reason").asText("").trim();
    if (reason.isEmpty()) {
      return Page.text(400, "\"reason\" is required: say why the model should be retrained");
    }
    String by = body.path("requestedBy").asText("api").trim();
    String id = body.hasNonNull("requestId") ? body.get("requestId").asText() : null;
    RetrainRequest request = RetrainRequests.operator(model, reason, by.isEmpty() ? "api" : by, id, Instant.now());
    Page refused = queue(request);
    if (refused != null) {
      return refused;
    }
    log.info("retrain request {} accepted from the API (by {})", request.getRequestId(), request.getRequestedBy());
    return new Page(202, "application/json", "{\"requestId\":" + JSON.valueToTree(request.getRequestId()) + "}");
  }

  private Page alertmanager(JsonNode body) {
    String status = body.path("status").asText("");
    String groupKey = body.path("groupKey").asText("");
    if (groupKey.isEmpty() || !body.path("alerts").isArray()) {
      return Page.text(400, "not an Alertmanager webhook payload: \"groupKey\" and \"alerts\" are required");
    }
    if (!"firing".equals(status)) {
      return Page.text(200, "nothing to do for a " + (status.isEmpty() ? "status-less" : status) + " group");
    }
    Instant start = null;
    TreeSet<String> names = new TreeSet<>();
    List<String> otherModels = new ArrayList<>();
    for (JsonNode alert : body.path("alerts")) {
      if (!"firing".equals(alert.path("status").asText("firing"))) {
        continue;
      }
      String alertModel = alert.path("labels").path("model").asText(model);
      if (!model.equals(alertModel)) {
        otherModels.add(alertModel);
        continue;
      }
      names.add(alert.path("labels").path("alertname").asText("unnamed"));
      try {
        Instant startsAt = Instant.parse(alert.path("startsAt").asText());
        start = start == null || startsAt.isBefore(start) ? startsAt : start;
      } catch (DateTimeParseException e) {
        return Page.text(400, "alert startsAt is not an RFC 3339 time: " + alert.path("startsAt").asText());
      }
    }
    if (names.isEmpty()) {
      return Page.text(200, "no firing alert for model " + model + (otherModels.isEmpty() ? "" : " (alerts for " + otherModels + " are not this trainer's)"));
    }
    RetrainRequest request = RetrainRequests.alertmanager(model, groupKey, start, String.join(", ", names), Instant.now());
    Page refused = queue(request);
    if (refused != null) {
      return refused; // Alertmanager retries a failed notification
    }
    log.info("retrain request {} from Alertmanager ({})", request.getRequestId(), names);
    return new Page(202, "application/json", "{\"requestId\":" + JSON.valueToTree(request.getRequestId()) + "}");
  }
}
