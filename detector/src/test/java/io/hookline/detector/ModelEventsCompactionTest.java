package io.hookline.detector;

import io.hookline.core.features.FeatureSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.ModelEventKeys;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's real log cleaner compacts {@code model.events} after a rejected retrain (PUBLISHED
 * and PROMOTED v2, then PUBLISHED and REJECTED v9): a detector started afterwards still serves v2.
 * Keyed by model name alone, the cleaner would keep only REJECTED v9 and the detector would never
 * get a model.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ModelEventsCompactionTest {

  @Test
  void theServingPromotionSurvivesCompactionAfterARejectedRetrain(EmbeddedStack stack, @TempDir Path store) throws Exception {
    TopicNames names = TopicNames.DEFAULTS.prefixed("compaction");
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      // tiny segments and an eager cleaner, so compaction happens within the test
      admin.createTopics(List.of(new NewTopic(names.modelEvents(), 1, (short) 1).configs(Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
          TopicConfig.SEGMENT_MS_CONFIG, "100",
          TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.001",
          TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0")))).all().get();
      TopicProvisioner.ensure(admin, names, 1, (short) 1);
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, ""),
          (Collection<AlterConfigOp>) List.of(new AlterConfigOp(new ConfigEntry("log.cleaner.backoff.ms", "200"), AlterConfigOp.OpType.SET))))
          .all().get();
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(names, stack.registryClient());
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    ModelArtifact.Stored v2 = ModelArtifact.save(DetectorFixtures.train(corpus, new MailParser(), "v2", 2, 40), store);

    try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
        topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
      for (ModelEvent event : List.of(event("v2", ModelEventKind.PUBLISHED, v2), event("v2", ModelEventKind.PROMOTED, v2),
          event("v9", ModelEventKind.PUBLISHED, v2), event("v9", ModelEventKind.REJECTED, v2), event("v10", ModelEventKind.PUBLISHED, v2))) {
        producer.send(new ProducerRecord<>(names.modelEvents(), ModelEventKeys.of(event), event)).get();
        Thread.sleep(300); // every event in a segment of its own: all but the last can be cleaned
      }
    }
    // the cleaner has run when the superseded PUBLISHED events are gone
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> kinds(stack, topics).size() == 3);
    assertThat(kinds(stack, topics)).containsExactly("v2 PROMOTED", "v9 REJECTED", "v10 PUBLISHED");

    Map<String, String> settings = new HashMap<>(names.settings());
    settings.put("kafka.bootstrap.servers", stack.bootstrapServers());
    settings.put("schema.registry.url", stack.schemaRegistryUrl());
    settings.put("detector.group-id", "compaction-detector");
    settings.put("detector.http.port", "0");
    try (DetectorService detector = DetectorService.start(DetectorConfig.from(ConfigSource.of(settings)), new FileModelStore())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> detector.model() != null);
      assertThat(detector.model().metadata().version()).isEqualTo("v2");
    }
  }

  private static List<String> kinds(EmbeddedStack stack, HooklineTopics topics) {
    return CommittedRecords.read(stack, topics.modelEvents().name(), topics.modelEvents().valueSerde().deserializer()).stream()
        .map(e -> e.getModel().getVersion() + " " + e.getKind()).toList();
  }

  private static ModelEvent event(String version, ModelEventKind kind, ModelArtifact.Stored stored) {
    return ModelEvent.newBuilder().setModel(new ModelRef("phish", version)).setKind(kind).setOccurredAt(Instant.now())
        .setFamily(AdditiveFamily.NAME).setFeatureSpecVersion(FeatureSpec.CURRENT.version()).setLocation(stored.directory().toUri().toString())
        .setSha256(stored.sha256()).build();
  }
}
