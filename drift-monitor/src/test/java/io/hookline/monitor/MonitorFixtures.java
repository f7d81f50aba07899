package io.hookline.monitor;

import io.hookline.avro.FeedbackSource;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.LabelFeedback;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.ModelEventKeys;
import io.hookline.core.topics.TopicNames;
import io.hookline.monitor.alerting.Thresholds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What the monitor's integration tests set up alike: the scenario's model published, its traffic replayed. */
final class MonitorFixtures {
  private MonitorFixtures() {}

  /** Saves the scenario's model with its profile and announces it on model.events. */
  static void publishModel(KafkaConnection kafka, HooklineTopics topics, DriftScenario scenario, Path store) throws Exception {
    ModelArtifact.Stored stored = ModelArtifact.save(scenario.model, scenario.profile, store);
    ModelEvent event = ModelEvent.newBuilder().setModel(DriftScenario.MODEL).setKind(ModelEventKind.PROMOTED).setOccurredAt(Instant.now())
        .setFamily(AdditiveFamily.NAME).setFeatureSpecVersion(FeatureSpec.CURRENT.version()).setLocation(stored.directory().toUri().toString())
        .setSha256(stored.sha256()).build();
    try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
        topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.modelEvents().name(), ModelEventKeys.of(event), event)).get();
    }
  }

  /**
   * Publishes scored messages to the inference log as the detector would, received now, with ids
   * made unique by a prefix; and, for every {@code labelEvery}-th one (0: none), its true label.
   */
  static void replay(KafkaConnection kafka, HooklineTopics topics, List<DriftScenario.Scored> messages, String prefix, int labelEvery) throws Exception {
    try (KafkaProducer<String, InferenceRecord> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
            topics.inferenceLog().keySerde().serializer(), topics.inferenceLog().valueSerde().serializer());
        KafkaProducer<String, LabelFeedback> labels = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
            topics.feedback().keySerde().serializer(), topics.feedback().valueSerde().serializer())) {
      for (int i = 0; i < messages.size(); i++) {
        DriftScenario.Scored scored = messages.get(i);
        String id = prefix + i;
        Instant now = Instant.now();
        InferenceRecord record = InferenceRecord.newBuilder(scored.record()).setMessageId(id).setReceivedAt(now).setScoredAt(now).build();
        producer.send(new ProducerRecord<>(topics.inferenceLog().name(), id, record));
        if (labelEvery > 0 && i % labelEvery == 0) {
          labels.send(new ProducerRecord<>(topics.feedback().name(), id, LabelFeedback.newBuilder().setMessageId(id).setLabel(scored.truth())
              .setReportedAt(now).setSource(FeedbackSource.CORPUS).setReporter(null).build()));
        }
      }
      producer.flush();
      labels.flush();
    }
  }

  /** Count windows of 500 events, partials every 100: windows close as soon as the traffic fills them. */
  static MonitorConfig countWindows(KafkaConnection kafka, TopicNames names, String applicationId, Path stateDir) {
    return new MonitorConfig(kafka, names, applicationId, stateDir, MonitorConfig.WindowKind.COUNT, Duration.ofMinutes(1), Duration.ofSeconds(10),
        500, 50, 100, Duration.ofMillis(500), Duration.ofMinutes(10), true, 0.05, 50, 0, Thresholds.defaults());
  }
}
