package io.hookline.core.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.DriftAlert;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.ModelEvent;
import io.hookline.core.config.ConfigSource;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.schemas.SampleRecords;
import io.hookline.schemas.registry.RestSchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedStackExtension.class)
class HooklineTopicsTest {

  @Test
  void prefixesEveryName() {
    TopicNames staging = TopicNames.DEFAULTS.prefixed("staging");

    assertThat(staging.inbound()).isEqualTo("staging.mail.inbound");
    assertThat(staging.all()).hasSize(10).allMatch(name -> name.startsWith("staging.")).doesNotHaveDuplicates();
  }

  @Test
  void namesDefaultToTheDesignAndAreOverridable() {
    TopicNames names = TopicNames.from(ConfigSource.of(Map.of("topic.inbound", "gateway.mail")));

    assertThat(names.inbound()).isEqualTo("gateway.mail");
    assertThat(names.verdicts()).isEqualTo("mail.verdicts");
    assertThat(names.all()).hasSize(10).doesNotHaveDuplicates();
  }

  @Test
  void provisionsTopicsOnceWithModelEventsCompacted(EmbeddedStack stack) throws Exception {
    TopicNames names = TopicNames.DEFAULTS.prefixed("provision");
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      assertThat(TopicProvisioner.ensure(admin, names, 3, (short) 1)).hasSize(10);
      assertThat(TopicProvisioner.ensure(admin, names, 3, (short) 1)).isEmpty();

      var description = admin.describeTopics(names.all()).allTopicNames().get();
      assertThat(description.get(names.inbound()).partitions()).hasSize(3);
      var resource = new ConfigResource(ConfigResource.Type.TOPIC, names.modelEvents());
      assertThat(admin.describeConfigs(java.util.List.of(resource)).all().get().get(resource).get("cleanup.policy").value())
          .isEqualTo("compact");
    }
  }

  @Test
  void registersEachContractUnderItsOwnTopicsSubject(EmbeddedStack stack) {
    TopicNames names = TopicNames.DEFAULTS.prefixed("contracts");
    RestSchemaRegistryClient registry = stack.registryClient();

    Map<String, Integer> ids = HooklineTopics.registerContracts(names, registry);

    assertThat(ids).hasSize(10);
    assertThat(registry.latest(names.inbound() + "-value").schema().getName()).isEqualTo("EmailMessage");
    assertThat(registry.latest(names.alerts() + "-value").schema().getName()).isEqualTo("DriftAlert");
    assertThat(registry.latest(names.modelEvents() + "-value").schema().getName()).isEqualTo("ModelEvent");
  }

  @Test
  void eachTopicCarriesTheSerdeOfItsContract(EmbeddedStack stack) {
    HooklineTopics topics = HooklineTopics.of(TopicNames.DEFAULTS, stack.registryClient());
    EmailMessage mail = SampleRecords.emailMessage("serde-1");

    byte[] bytes = topics.inbound().valueSerde().serializer().serialize(topics.inbound().name(), mail);
    assertThat(topics.inbound().valueSerde().deserializer().deserialize(topics.inbound().name(), bytes)).isEqualTo(mail);
    assertThat(topics.all()).hasSize(10);
    DriftAlert alert = SampleRecords.driftAlert();
    byte[] alertBytes = topics.alerts().valueSerde().serializer().serialize(topics.alerts().name(), alert);
    assertThat(topics.alerts().valueSerde().deserializer().deserialize(topics.alerts().name(), alertBytes)).isEqualTo(alert);
    ModelEvent event = SampleRecords.modelEvent();
    byte[] eventBytes = topics.modelEvents().valueSerde().serializer().serialize(topics.modelEvents().name(), event);
    assertThat(topics.modelEvents().valueSerde().deserializer().deserialize(topics.modelEvents().name(), eventBytes)).isEqualTo(event);
  }
}
