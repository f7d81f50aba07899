package io.hookline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.avro.EmailMessage;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway against the real embedded broker with no detector behind it: every check is
 * published, and with no verdict the policy answers, in Rspamd's format and Hookline's.
 */
@ExtendWith(EmbeddedStackExtension.class)
class GatewayServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAIL = "From: Alice <alice@example.org>\r\nTo: bob@example.com\r\nSubject: Lunch\r\n"
      + "Message-ID: <lunch-1@example.org>\r\n\r\nShall we meet at noon?\r\n";
  private final HttpClient http = HttpClient.newHttpClient();

  private static GatewayConfig config(EmbeddedStack stack, TopicNames names, String timeoutPolicy) {
    Map<String, String> settings = new HashMap<>(names.settings());
    settings.putAll(stack.clientSettings());
    settings.put("gateway.milter.port", "0");
    settings.put("gateway.check.port", "0");
    settings.put("gateway.http.port", "0");
    settings.put("gateway.verdict.timeout", "400ms");
    settings.put("gateway.action.timeout", timeoutPolicy);
    return GatewayConfig.from(ConfigSource.of(settings));
  }

  private static TopicNames provision(EmbeddedStack stack, String prefix) {
    TopicNames names = TopicNames.DEFAULTS.prefixed(prefix);
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, 2, (short) 1);
    }
    return names;
  }

  @Test
  void withoutAVerdictInTimeRspamdClientsHearTheTimeoutPolicyAndTheMessageWasPublished(EmbeddedStack stack) throws Exception {
    TopicNames names = provision(stack, "gw-timeout.");
    try (GatewayService gateway = GatewayService.start(config(stack, names, "tempfail"))) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.checkPort() + "/checkv2"))
          .header("From", "<alice@example.org>").header("Rcpt", "<bob@example.com>").header("IP", "192.0.2.1").header("Helo", "mx.example.org")
          .POST(HttpRequest.BodyPublishers.ofString(MAIL)).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode answer = JSON.readTree(response.body());
      assertThat(answer.path("action").asText()).isEqualTo("soft reject");
      assertThat(answer.path("is_skipped").asBoolean()).isTrue();
      assertThat(answer.path("symbols").has("HOOKLINE_TIMED_OUT")).isTrue();
      assertThat(answer.has("score")).isTrue();
      assertThat(answer.has("required_score")).isTrue();

      HooklineTopics topics = HooklineTopics.of(names, stack.registryClient());
      List<EmailMessage> published = CommittedRecords.read(stack, names.inbound(), topics.inbound().valueSerde().deserializer());
      assertThat(published).singleElement().satisfies(message -> {
        assertThat(message.getMessageId()).isEqualTo(answer.path("message-id").asText());
        assertThat(message.getEnvelope().getMailFrom()).isEqualTo("alice@example.org");
        assertThat(message.getEnvelope().getRcptTo()).containsExactly("bob@example.com");
        assertThat(message.getEnvelope().getClientIp()).isEqualTo("192.0.2.1");
        assertThat(message.getHeaders().getMessageIdHeader()).isEqualTo("<lunch-1@example.org>");
      });

      String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("hookline_gateway_checks_total{action=\"tempfail\",frontend=\"rspamd\",outcome=\"timed_out\"} 1.0");
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.checkPort() + "/ping")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("pong\r\n");
    }
  }

  @Test
  void acceptWithHeaderDeliversUnscannedMailMarkedSoAndNotMailIsLeftToTheMailServer(EmbeddedStack stack) throws Exception {
    TopicNames names = provision(stack, "gw-accept.");
    try (GatewayService gateway = GatewayService.start(config(stack, names, "accept-with-header"))) {
      JsonNode answer = JSON.readTree(post(gateway, "/v1/check", MAIL.getBytes(StandardCharsets.UTF_8)));
      assertThat(answer.path("status").asText()).isEqualTo("timed_out");
      assertThat(answer.path("action").asText()).isEqualTo("accept");
      assertThat(answer.path("headers").get(0).path("name").asText()).isEqualTo("X-Hookline-Status");

      JsonNode binary = JSON.readTree(post(gateway, "/v1/check", new byte[] {0, 1, 2, 3, (byte) 0xff}));
      assertThat(binary.path("status").asText()).isIn("not_mail", "timed_out");
      assertThat(binary.path("action").asText()).isEqualTo("accept");

      // bad requests get HTTP answers, not a hung or dead gateway
      byte[] huge = new byte[gateway.config().limits().maxMessageBytes() + 1];
      HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.checkPort() + "/checkv2"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.checkPort() + "/checkv2")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(gateway.healthy()).isTrue();
    }
  }

  private String post(GatewayService gateway, String path, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.checkPort() + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
