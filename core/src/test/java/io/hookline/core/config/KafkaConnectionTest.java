package io.hookline.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kafka.* settings reach every client; wrong ones stop a service at start; secrets are never printed. */
class KafkaConnectionTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" password=\"s3cret-pw\";";

  @Test
  void everyKafkaSettingFromFileEnvironmentOrFlagsReachesProducersConsumersAndAdmin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("hookline.properties");
    Files.writeString(file, "kafka.bootstrap.servers=broker:9093\nkafka.security.protocol=SASL_SSL\nkafka.sasl.mechanism=SCRAM-SHA-512\n");
    ConfigSource config = ConfigSource.layered(file, Map.of("HOOKLINE_KAFKA_SASL_JAAS_CONFIG", JAAS), Map.of("kafka.client.id", "gw-1"));

    KafkaConnection kafka = KafkaConnection.from(config);

    for (Map<String, Object> props : java.util.List.of(kafka.producerProperties(Duration.ofSeconds(5)), kafka.readerProperties(),
        kafka.adminProperties(Duration.ofSeconds(5)))) {
      assertThat(props).containsEntry("bootstrap.servers", "broker:9093").containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("sasl.jaas.config", JAAS).containsEntry("client.id", "gw-1");
    }
    assertThat(kafka.toString()).doesNotContain("s3cret-pw").contains("sasl.jaas.config=[hidden]").contains("SASL_SSL");
  }

  @Test
  void aValueTheKafkaClientsRefuseFailsAtStartWithTheirMessage(@TempDir Path dir) {
    assertThatThrownBy(() -> KafkaConnection.from(ConfigSource.of(Map.of("kafka.security.protocol", "SASL_TLS"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SASL_TLS").hasMessageContaining("security.protocol")
        .hasMessageContaining("SASL_SSL");
    assertThatThrownBy(() -> KafkaConnection.from(ConfigSource.of(Map.of("kafka.request.timeout.ms", "soon"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("request.timeout.ms");
    assertThatThrownBy(() -> KafkaConnection.from(ConfigSource.of(Map.of("kafka.ssl.truststore.location", dir.resolve("none.p12").toString()))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("none.p12");
  }

  @Test
  void registryCredentialsComeFromConfigOrAFileAndAreNeverPrinted(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("registry-user");
    Files.writeString(secret, "hookline:r3gistry-pw\n");

    KafkaConnection fromFile = KafkaConnection.from(ConfigSource.of(Map.of("schema.registry.basic.auth.user.info.file", secret.toString())));
    assertThat(fromFile.registryAccess().basicAuth()).isEqualTo("hookline:r3gistry-pw");
    assertThat(fromFile.toString()).doesNotContain("r3gistry-pw").contains("hookline:****");

    KafkaConnection bearer = KafkaConnection.from(ConfigSource.of(Map.of("schema.registry.bearer.auth.token", "tok-123")));
    assertThat(bearer.registryAccess().bearerToken()).isEqualTo("tok-123");
    assertThat(bearer.toString()).doesNotContain("tok-123");

    assertThatThrownBy(() -> KafkaConnection.from(ConfigSource.of(Map.of("schema.registry.basic.auth.user.info", "x:y",
        "schema.registry.basic.auth.user.info.file", secret.toString())))).isInstanceOf(ConfigException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> KafkaConnection.from(ConfigSource.of(Map.of("schema.registry.basic.auth.user.info", "no-colon"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("user:password");
    assertThatThrownBy(() -> KafkaConnection.from(ConfigSource.of(Map.of("schema.registry.ssl.truststore.location", dir.resolve("x.p12").toString())))
        .registry()).isInstanceOf(ConfigException.class).hasMessageContaining("x.p12");
  }

  @Test
  void aSecretKeptInAFileReachesTheClientThroughKafkasFileConfigProvider(@TempDir Path dir) throws Exception {
    Path secrets = dir.resolve("kafka.secrets");
    Files.writeString(secrets, "password=fr0m-a-file\n");
    KafkaConnection kafka = KafkaConnection.from(ConfigSource.of(Map.of(
        "kafka.config.providers", "file",
        "kafka.config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
        "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" password=\"${file:" + secrets + ":password}\";")));

    var resolved = new org.apache.kafka.clients.admin.AdminClientConfig(kafka.adminProperties(Duration.ofSeconds(5)));

    assertThat(resolved.getPassword("sasl.jaas.config").value()).contains("password=\"fr0m-a-file\"");
  }
}
