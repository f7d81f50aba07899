package io.hookline.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.embedded.junit.ExternalPrograms;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The production-shaped stack of {@code docker-compose.yml}, where Docker exists: every service
 * comes up healthy, Prometheus scrapes the four services, the trainer's API refuses a request
 * without its token, and a message sent to the gateway's {@code /checkv2} is answered with the
 * detector's verdict. Needs the jar built ({@code mvn package}); skipped without Docker.
 */
class ComposeStackTest {

  @Test
  void theStackComesUpAndPrometheusScrapesTheServices() throws Exception {
    Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "skipped: no Docker engine here");
    Path root = ExternalPrograms.projectRoot();
    Assumptions.assumeTrue(Files.exists(root.resolve("launcher/target/hookline.jar")), "skipped: build the jar first (mvn package)");
    Path token = root.resolve("config/secrets/trainer-token");
    if (!Files.exists(token)) {
      Files.writeString(token, "compose-test-token-" + System.nanoTime() + "\n");
    }
    try (ComposeContainer stack = new ComposeContainer(new File(root.toFile(), "docker-compose.yml"))
        .withBuild(true)
        .withExposedService("trainer", 9403, Wait.forHttp("/healthz").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(5)))
        .withExposedService("monitor", 9402, Wait.forHttp("/healthz").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(5)))
        .withExposedService("detector", 9401, Wait.forHttp("/healthz").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(5)))
        .withExposedService("gateway", 11333, Wait.forHttp("/ping").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(5)))
        .withExposedService("prometheus", 9090, Wait.forHttp("/-/ready").forStatusCode(200))) {
      stack.start();
      HttpClient http = HttpClient.newHttpClient();
      String trainer = "http://" + stack.getServiceHost("trainer", 9403) + ":" + stack.getServicePort("trainer", 9403);
      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(trainer + "/retrain"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);
      String prometheus = "http://" + stack.getServiceHost("prometheus", 9090) + ":" + stack.getServicePort("prometheus", 9090);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      String targets = "";
      while (System.nanoTime() < deadline && !(targets.split("\"health\":\"up\"", -1).length > 4)) {
        Thread.sleep(2_000);
        targets = http.send(HttpRequest.newBuilder(URI.create(prometheus + "/api/v1/targets")).build(), HttpResponse.BodyHandlers.ofString()).body();
      }
      assertThat(targets.split("\"health\":\"up\"", -1).length - 1).as(targets).isEqualTo(4);

      String gateway = "http://" + stack.getServiceHost("gateway", 11333) + ":" + stack.getServicePort("gateway", 11333);
      String message = "From: PayPal <service@paypa1-secure.example>\r\nTo: user@example.com\r\nSubject: Your account is limited\r\n\r\n"
          + "Verify your account within 24 hours: http://paypa1-secure.example/login\r\n";
      String answer = "";
      long verdictDeadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (System.nanoTime() < verdictDeadline && !answer.contains("\"is_skipped\":false")) {
        answer = http.send(HttpRequest.newBuilder(URI.create(gateway + "/checkv2")).header("Rcpt", "<user@example.com>")
            .POST(HttpRequest.BodyPublishers.ofString(message)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Thread.sleep(answer.contains("\"is_skipped\":false") ? 0 : 3_000);
      }
      assertThat(answer).as("a verdict through the gateway").contains("\"is_skipped\":false").contains("X-Hookline-Verdict");
    }
  }
}
