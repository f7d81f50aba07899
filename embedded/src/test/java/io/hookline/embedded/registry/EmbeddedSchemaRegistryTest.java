package io.hookline.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Verdict;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.schemas.Contracts;
import io.hookline.schemas.registry.CompatibilityLevel;
import io.hookline.schemas.registry.IncompatibleSchemaException;
import io.hookline.schemas.registry.InvalidSchemaException;
import io.hookline.schemas.registry.JavaSchemaProperties;
import io.hookline.schemas.registry.RestSchemaRegistryClient;
import io.hookline.schemas.registry.RestSchemaRegistryConfig;
import io.hookline.schemas.registry.SchemaNotFoundException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The embedded registry through Hookline's REST client, as services use it. */
@ExtendWith(EmbeddedStackExtension.class)
class EmbeddedSchemaRegistryTest {
  private static final Schema EMAIL = JavaSchemaProperties.strip(Contracts.schemaOf(EmailMessage.class));

  private static Schema record(String name, String... fields) {
    var builder = SchemaBuilder.record(name).namespace("test").fields();
    for (String field : fields) {
      builder = builder.name(field).type().stringType().stringDefault("");
    }
    return builder.endRecord();
  }

  @Test
  void registeringIsIdempotentAndIdsAreGlobal(EmbeddedStack stack) {
    RestSchemaRegistryClient client = stack.registryClient();

    int id = client.register("reg-idempotent-value", EMAIL);
    assertThat(stack.registryClient().register("reg-idempotent-value", EMAIL)).isEqualTo(id);
    assertThat(stack.registryClient().register("reg-idempotent-other-value", EMAIL)).isEqualTo(id);
    assertThat(client.versions("reg-idempotent-value")).containsExactly(1);
    assertThat(stack.registryClient().schemaById(id)).isEqualTo(EMAIL);
    assertThat(client.lookup("reg-idempotent-value", EMAIL)).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(id));
  }

  @Test
  void evolvesASubjectWithCompatibleVersions(EmbeddedStack stack) {
    RestSchemaRegistryClient client = stack.registryClient();
    int v1 = client.register("reg-evolve-value", record("R", "a"));
    int v2 = client.register("reg-evolve-value", record("R", "a", "b"));

    assertThat(v2).isNotEqualTo(v1);
    assertThat(client.versions("reg-evolve-value")).containsExactly(1, 2);
    assertThat(client.latest("reg-evolve-value").id()).isEqualTo(v2);
    assertThat(client.version("reg-evolve-value", 1).schema()).isEqualTo(record("R", "a"));
  }

  @Test
  void refusesAnIncompatibleSchemaUnderBackwardAndExplainsWhy(EmbeddedStack stack) {
    RestSchemaRegistryClient client = stack.registryClient();
    client.register("reg-incompatible-value", record("R", "a"));
    Schema breaking = SchemaBuilder.record("R").namespace("test").fields().requiredInt("a").endRecord();

    assertThat(client.compatibilityProblems("reg-incompatible-value", breaking))
        .anySatisfy(p -> assertThat(p).contains("TYPE_MISMATCH"));
    assertThatThrownBy(() -> client.register("reg-incompatible-value", breaking))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("reg-incompatible-value")
        .hasMessageContaining("BACKWARD");
    assertThat(client.versions("reg-incompatible-value")).containsExactly(1);
  }

  @Test
  void acceptsAnyChangeOnceTheSubjectIsSetToNone(EmbeddedStack stack) {
    RestSchemaRegistryClient client = stack.registryClient();
    client.register("reg-none-value", record("R", "a"));
    client.setCompatibility("reg-none-value", CompatibilityLevel.NONE);

    assertThat(client.compatibility("reg-none-value")).isEqualTo(CompatibilityLevel.NONE);
    client.register("reg-none-value", SchemaBuilder.record("R").namespace("test").fields().requiredInt("a").endRecord());
    assertThat(client.versions("reg-none-value")).containsExactly(1, 2);
  }

  @Test
  void namesWhatIsMissing(EmbeddedStack stack) {
    RestSchemaRegistryClient client = stack.registryClient();

    assertThatThrownBy(() -> client.schemaById(999_999))
        .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    assertThatThrownBy(() -> client.versions("reg-no-such-subject"))
        .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
    client.register("reg-missing-version-value", record("R", "a"));
    assertThatThrownBy(() -> client.version("reg-missing-version-value", 9))
        .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
    assertThat(client.lookup("reg-missing-version-value", record("R", "zzz"))).isEmpty();
  }

  @Test
  void refusesASchemaThatIsNotAvro(EmbeddedStack stack) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/subjects/reg-invalid-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"schema\": \"{\\\"type\\\": \\\"recordd\\\"}\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("\"error_code\":42201");
  }

  @Test
  void reportsAnInvalidSchemaAsATypedError(EmbeddedStack stack) {
    // a default of the wrong type: the client parsed it leniently, the server validates defaults
    Schema tricky = new Schema.Parser().setValidateDefaults(false).parse(
        "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"seven\"}]}");

    assertThatThrownBy(() -> stack.registryClient().register("reg-invalid-typed-value", tricky))
        .isInstanceOfSatisfying(InvalidSchemaException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
  }

  @Test
  void keepsIdsAcrossARestartBecauseTheyLiveInTheJournalTopic(EmbeddedStack stack) {
    String journal = "_schemas_restart_test";
    int emailId;
    int verdictId;
    try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(stack.bootstrapServers(), journal, 0, CompatibilityLevel.BACKWARD)) {
      RestSchemaRegistryClient client = new RestSchemaRegistryClient(RestSchemaRegistryConfig.of(first.url()));
      emailId = client.register("mail.inbound-value", EMAIL);
      verdictId = client.register("mail.verdicts-value", Contracts.schemaOf(Verdict.class));
      client.setCompatibility("mail.verdicts-value", CompatibilityLevel.FULL);
    }
    try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(stack.bootstrapServers(), journal, 0, CompatibilityLevel.BACKWARD)) {
      RestSchemaRegistryClient client = new RestSchemaRegistryClient(RestSchemaRegistryConfig.of(second.url()));
      assertThat(client.schemaById(emailId)).isEqualTo(EMAIL);
      assertThat(client.latest("mail.verdicts-value").id()).isEqualTo(verdictId);
      assertThat(client.compatibility("mail.verdicts-value")).isEqualTo(CompatibilityLevel.FULL);
      int next = client.register("restart-new-value", record("Fresh", "x"));
      assertThat(next).isGreaterThan(Math.max(emailId, verdictId));
    }
  }
}
