package io.hookline.trainer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.FeedbackSource;
import io.hookline.avro.Label;
import io.hookline.avro.LabelFeedback;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.RetrainTrigger;
import io.hookline.core.config.ConfigException;
import io.hookline.core.http.BearerToken;
import io.hookline.core.http.ServiceHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's HTTP actions: refused without the right bearer token, and what they queue when admitted. */
class TrainerApiTest {
  private static final String TOKEN = "s3cret-token-for-tests-only";
  private final List<RetrainRequest> queued = new ArrayList<>();
  private final List<LabelFeedback> labelled = new ArrayList<>();
  private ServiceHttp http;

  private int start(Optional<BearerToken> token) {
    http = new TrainerApi("phish", token, queued::add, labelled::addAll).mount(new ServiceHttp(0, () -> "", () -> true, () -> true));
    return http.port();
  }

  @AfterEach
  void stop() {
    if (http != null) {
      http.close();
    }
  }

  @Test
  void refusesRequestsWithoutATokenOrWithAWrongOne() throws Exception {
    int port = start(Optional.of(BearerToken.of(TOKEN)));
    String body = "{\"reason\":\"phishing wave from a new kit\"}";
    assertThat(post(port, "/retrain", null, body).statusCode()).isEqualTo(401);
    assertThat(post(port, "/retrain", "Bearer wrong-token-of-some-length", body).statusCode()).isEqualTo(401);
    assertThat(post(port, "/retrain", "Bearer " + TOKEN + "x", body).statusCode()).isEqualTo(401);
    assertThat(post(port, "/retrain", "Basic " + TOKEN, body).statusCode()).isEqualTo(401);
    assertThat(post(port, "/alertmanager", "Bearer nope", "{}").statusCode()).isEqualTo(401);
    assertThat(queued).isEmpty();

    HttpResponse<String> accepted = post(port, "/retrain", "Bearer " + TOKEN, "{\"reason\":\"phishing wave\",\"requestedBy\":\"alice\"}");
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(queued).singleElement().satisfies(r -> {
      assertThat(r.getTrigger()).isEqualTo(RetrainTrigger.OPERATOR);
      assertThat(r.getRequestedBy()).isEqualTo("alice");
      assertThat(r.getReason()).isEqualTo("phishing wave");
      assertThat(accepted.body()).contains(r.getRequestId());
    });
  }

  @Test
  void anAnalystsLabelsGoOnTheFeedbackTopicAndBadOnesAreRefusedWhole() throws Exception {
    int port = start(Optional.of(BearerToken.of(TOKEN)));
    assertThat(post(port, "/feedback", null, "{\"messageId\":\"m-1\",\"label\":\"phishing\"}").statusCode()).isEqualTo(401);
    HttpResponse<String> one = post(port, "/feedback", "Bearer " + TOKEN, "{\"messageId\":\"m-1\",\"label\":\"phishing\",\"reporter\":\"soc-7\"}");
    assertThat(one.statusCode()).isEqualTo(202);
    assertThat(one.body()).contains("\"accepted\":1");
    HttpResponse<String> batch = post(port, "/feedback", "Bearer " + TOKEN,
        "{\"labels\":[{\"messageId\":\"m-2\",\"label\":\"legitimate\"},{\"messageId\":\"m-3\",\"label\":\"spam\"}]}");
    assertThat(batch.statusCode()).isEqualTo(202);
    assertThat(labelled).extracting(LabelFeedback::getMessageId).containsExactly("m-1", "m-2", "m-3");
    assertThat(labelled).extracting(LabelFeedback::getLabel).containsExactly(Label.PHISHING, Label.LEGITIMATE, Label.PHISHING);
    assertThat(labelled.get(0).getReporter()).isEqualTo("soc-7");
    assertThat(labelled).allSatisfy(l -> assertThat(l.getSource()).isEqualTo(FeedbackSource.ANALYST));

    HttpResponse<String> bad = post(port, "/feedback", "Bearer " + TOKEN,
        "{\"labels\":[{\"messageId\":\"m-4\",\"label\":\"phishing\"},{\"messageId\":\"m-5\",\"label\":\"maybe\"}]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("label 2");
    assertThat(post(port, "/feedback", "Bearer " + TOKEN, "{\"label\":\"phishing\"}").statusCode()).isEqualTo(400);
    assertThat(labelled).as("nothing of a refused request is published").hasSize(3);
  }

  @Test
  void withoutAConfiguredTokenTheActionsAreClosedNotOpen() throws Exception {
    int port = start(Optional.empty());
    assertThat(post(port, "/retrain", "Bearer anything-at-all-here", "{\"reason\":\"x\"}").statusCode()).isEqualTo(503);
    assertThat(queued).isEmpty();
  }

  @Test
  void aTrainerThatCannotTakeRequestsSaysSoInsteadOfAccepting() throws Exception {
    http = new TrainerApi("phish", Optional.of(BearerToken.of(TOKEN)), request -> {
      throw new IllegalStateException("the trainer cannot take requests: a reader has stopped");
    }, labelled::addAll).mount(new ServiceHttp(0, () -> "", () -> true, () -> true));
    HttpResponse<String> answer = post(http.port(), "/retrain", "Bearer " + TOKEN, "{\"reason\":\"phishing wave\"}");
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).contains("a reader has stopped");
  }

  @Test
  void badRequestsAreNamed() throws Exception {
    int port = start(Optional.of(BearerToken.of(TOKEN)));
    assertThat(post(port, "/retrain", "Bearer " + TOKEN, "not json").body()).contains("not JSON");
    assertThat(post(port, "/retrain", "Bearer " + TOKEN, "{}").body()).contains("\"reason\" is required");
    assertThat(post(port, "/alertmanager", "Bearer " + TOKEN, "{\"status\":\"firing\"}").statusCode()).isEqualTo(400);
    HttpResponse<String> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/retrain")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(queued).isEmpty();
  }

  @Test
  void anAlertmanagerIncidentAsksForOneRetrainHoweverOftenItIsNotified() throws Exception {
    int port = start(Optional.of(BearerToken.of(TOKEN)));
    String firing = """
        {"version":"4","status":"firing","receiver":"trainer","groupKey":"{}:{alertname=\\"HooklineModelDrift\\"}",
         "alerts":[{"status":"firing","labels":{"alertname":"HooklineModelDrift","model":"phish","severity":"warning"},
                    "startsAt":"2026-11-27T10:00:00Z"},
                   {"status":"firing","labels":{"alertname":"HooklineModelDrift","model":"other"},"startsAt":"2026-11-27T10:01:00Z"}]}
        """;
    assertThat(post(port, "/alertmanager", "Bearer " + TOKEN, firing).statusCode()).isEqualTo(202);
    assertThat(post(port, "/alertmanager", "Bearer " + TOKEN, firing).statusCode()).isEqualTo(202); // repeat notification
    assertThat(queued).hasSize(2);
    assertThat(queued.get(0).getRequestId()).isEqualTo(queued.get(1).getRequestId()); // the trainer answers a request id once
    assertThat(queued.get(0).getTrigger()).isEqualTo(RetrainTrigger.ALERTMANAGER);
    assertThat(queued.get(0).getDataPolicy().getFeedbackSince()).as("every label the trainer keeps, not only the incident's").isNull();
    String resolved = firing.replace("\"status\":\"firing\",\"receiver\"", "\"status\":\"resolved\",\"receiver\"");
    assertThat(post(port, "/alertmanager", "Bearer " + TOKEN, resolved).statusCode()).isEqualTo(200);
    assertThat(queued).hasSize(2);
  }

  @Test
  void theTokenComesFromAFileOrTheEnvironmentAndIsNeverPrinted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, TOKEN + "\n");
    BearerToken fromFile = BearerToken.from(Optional.of(file.toString()), "ignored-when-a-file-is-named").orElseThrow();
    assertThat(fromFile.admits("Bearer " + TOKEN)).isTrue();
    assertThat(fromFile.toString()).doesNotContain(TOKEN);
    assertThat(BearerToken.from(Optional.empty(), TOKEN).orElseThrow().admits("bearer " + TOKEN)).isTrue();
    assertThat(BearerToken.from(Optional.empty(), null)).isEmpty();
    assertThatThrownBy(() -> BearerToken.of("short")).isInstanceOf(ConfigException.class).hasMessageContaining("at least 16");
    assertThatThrownBy(() -> BearerToken.from(Optional.of(dir.resolve("missing").toString()), null)).isInstanceOf(ConfigException.class);
  }

  private static HttpResponse<String> post(int port, String path, String authorization, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
