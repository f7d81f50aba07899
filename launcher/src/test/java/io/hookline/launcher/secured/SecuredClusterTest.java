package io.hookline.launcher.secured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.mail.MailParser;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.detector.DetectorConfig;
import io.hookline.detector.DetectorService;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.kafka.EmbeddedKafkaSettings;
import io.hookline.embedded.registry.EmbeddedSchemaRegistry;
import io.hookline.embedded.tls.LoopbackCertificate;
import io.hookline.gateway.GatewayConfig;
import io.hookline.gateway.GatewayService;
import io.hookline.launcher.CommandRun;
import io.hookline.launcher.ModelFixtures;
import io.hookline.schemas.registry.SchemaRegistryException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hookline on a secured cluster, as on Confluent Cloud, MSK or a SCRAM broker of one's own: the
 * broker's SASL_SSL listener with SCRAM-SHA-512 and a certificate the clients trust through a
 * trust store, the registry on HTTPS with basic auth read from a file. The detector, the gateway
 * and the CLI work end to end; a wrong password stops them at once with the client's error.
 */
class SecuredClusterTest {
  private static final String USER = "hookline";
  private static final String PASSWORD = "k4fka-secret";
  private static final String REGISTRY_USER = "hookline:r3gistry-secret";

  @TempDir static Path dir;
  private static EmbeddedStack stack;
  private static LoopbackCertificate certificate;

  @BeforeAll
  static void startSecuredStack() throws Exception {
    certificate = LoopbackCertificate.create(dir.resolve("tls"));
    stack = EmbeddedStack.start(
        EmbeddedKafkaSettings.temporary().withSecuredListener(
            new EmbeddedKafkaSettings.SecuredListener(certificate.keyStore(), certificate.password(), USER, PASSWORD)),
        0, new EmbeddedSchemaRegistry.Security(certificate.serverContext(), REGISTRY_USER));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /** What a gateway host's hookline.properties says to reach this cluster. */
  private static Map<String, String> securedSettings(TopicNames names, String password) throws Exception {
    Path registryCredentials = dir.resolve("registry-credentials");
    Files.writeString(registryCredentials, REGISTRY_USER + "\n");
    Map<String, String> settings = new HashMap<>(names.settings());
    settings.put("kafka.bootstrap.servers", stack.broker().securedBootstrapServers().orElseThrow());
    settings.put("kafka.security.protocol", "SASL_SSL");
    settings.put("kafka.sasl.mechanism", "SCRAM-SHA-512");
    settings.put("kafka.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER + "\" password=\"" + password + "\";");
    settings.put("kafka.ssl.truststore.location", certificate.trustStore().toString());
    settings.put("kafka.ssl.truststore.password", certificate.password());
    settings.put("kafka.ssl.truststore.type", "PKCS12");
    settings.put("schema.registry.url", stack.schemaRegistryUrl());
    settings.put("schema.registry.basic.auth.user.info.file", registryCredentials.toString());
    settings.put("schema.registry.ssl.truststore.location", certificate.trustStore().toString());
    settings.put("schema.registry.ssl.truststore.password", certificate.password());
    settings.put("detector.http.port", "0");
    settings.put("gateway.milter.port", "-1");
    settings.put("gateway.check.port", "0");
    settings.put("gateway.http.port", "0");
    settings.put("gateway.verdict.timeout", "20s");
    return settings;
  }

  private static TopicNames provision(String prefix) {
    TopicNames names = TopicNames.DEFAULTS.prefixed(prefix);
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, 1, (short) 1);
    }
    return names;
  }

  @Test
  void theDetectorTheGatewayAndTheCliWorkOverSaslSslAndAnAuthenticatedHttpsRegistry() throws Exception {
    assertThat(stack.schemaRegistryUrl()).startsWith("https://");
    TopicNames names = provision("secured.");
    Map<String, String> settings = securedSettings(names, PASSWORD);
    settings.put("detector.group-id", "secured-detector");
    ConfigSource config = ConfigSource.of(settings);
    KafkaConnection kafka = KafkaConnection.from(config);
    HooklineTopics topics = HooklineTopics.of(names, kafka.registry());
    var corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    ModelFixtures.promote(kafka, topics, "v1", ModelFixtures.train(corpus, new MailParser(), "v1", 1, dir.resolve("store")));

    try (DetectorService detector = DetectorService.start(DetectorConfig.from(config), new FileModelStore());
        GatewayService gateway = GatewayService.start(GatewayConfig.from(config))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> detector.ready() && gateway.ready());
      CorpusExample example = corpus.get(7);
      String answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.checkPort() + "/v1/check"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(example.raw())).build(), HttpResponse.BodyHandlers.ofString()).body();
      var json = new ObjectMapper().readTree(answer);
      assertThat(json.path("status").asText()).as(answer).isEqualTo("scored");
      assertThat(json.path("model").asText()).isEqualTo("phish");

      Path file = dir.resolve("secured.properties");
      Properties properties = new Properties();
      properties.putAll(settings);
      try (var out = Files.newBufferedWriter(file)) {
        properties.store(out, null);
      }
      CommandRun verdicts = CommandRun.of("verdicts", "--config", file.toString(), "--from-beginning", "--format", "json", "--max-records", "1");
      assertThat(verdicts.exitCode()).as(verdicts.err()).isZero();
      assertThat(verdicts.out()).contains(json.path("id").asText());
      assertThat(verdicts.out() + verdicts.err()).doesNotContain(PASSWORD).doesNotContain("r3gistry-secret");
    }
  }

  @Test
  void aWrongPasswordStopsTheServicesAtOnceWithTheClientsErrorAndTheCliSaysSo() throws Exception {
    TopicNames names = provision("secured-wrong.");
    Map<String, String> settings = securedSettings(names, "not-the-password");
    settings.put("detector.group-id", "secured-wrong-detector");
    ConfigSource config = ConfigSource.of(settings);

    try (DetectorService detector = DetectorService.start(DetectorConfig.from(config), new FileModelStore())) {
      assertThat(detector.unrecoverable().await(Duration.ofSeconds(30))).as("the detector gives up").isTrue();
      assertThat(detector.unrecoverable().reason()).contains("Authentication failed").doesNotContain("not-the-password");
      assertThat(detector.healthy()).isFalse();
    }
    try (GatewayService gateway = GatewayService.start(GatewayConfig.from(config))) {
      assertThat(gateway.unrecoverable().await(Duration.ofSeconds(30))).as("the gateway gives up").isTrue();
      assertThat(gateway.unrecoverable().reason()).contains("Authentication failed");
      assertThat(gateway.ready()).isFalse();
    }

    Path file = dir.resolve("wrong.properties");
    Properties properties = new Properties();
    properties.putAll(settings);
    try (var out = Files.newBufferedWriter(file)) {
      properties.store(out, null);
    }
    CommandRun verdicts = CommandRun.of("verdicts", "--config", file.toString(), "--from-beginning", "--max-records", "1");
    assertThat(verdicts.exitCode()).isEqualTo(1);
    assertThat(verdicts.err()).contains("Authentication failed").doesNotContain("not-the-password");

    Map<String, String> wrongRegistry = securedSettings(names, PASSWORD);
    Files.writeString(dir.resolve("registry-credentials"), "hookline:bad-pw-9\n");
    assertThatThrownBy(() -> GatewayService.start(GatewayConfig.from(ConfigSource.of(wrongRegistry))))
        .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("refused the credentials").hasMessageContaining("401")
        .hasMessageNotContaining("bad-pw-9");
  }
}
