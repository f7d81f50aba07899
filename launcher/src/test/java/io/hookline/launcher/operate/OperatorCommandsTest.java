package io.hookline.launcher.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.Label;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.RetrainTrigger;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.ModelEventKeys;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.CommittedRecords;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import io.hookline.launcher.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The operator's commands against the embedded broker: list, promote, roll back, retrain. */
@ExtendWith(EmbeddedStackExtension.class)
class OperatorCommandsTest {

  @Test
  void listsPromotesRollsBackAndQueuesARetrain(EmbeddedStack stack, @TempDir Path dir) throws Exception {
    TopicNames names = TopicNames.DEFAULTS.prefixed("operate");
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, 1, (short) 1);
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(names, stack.registryClient());
    Path config = dir.resolve("hookline.properties");
    Files.writeString(config, "topic.model-events=" + names.modelEvents() + "\ntopic.trainer-commands=" + names.trainerCommands() + "\n");
    String[] connection = {"--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl(), "--config", config.toString()};

    publish(kafka, topics, event("v1", ModelEventKind.PROMOTED, save("v1", dir)));
    publish(kafka, topics, event("v2", ModelEventKind.PUBLISHED, save("v2", dir)));

    CommandRun list = CommandRun.of(args(connection, "models", "list"));
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).containsPattern("\\* +v1 +PROMOTED").containsPattern("\\n +v2 +PUBLISHED");

    CommandRun promote = CommandRun.of(args(connection, "models", "promote", "v2", "--reason", "better on the new campaign"));
    assertThat(promote.exitCode()).as(promote.err()).isZero();
    CommandRun rollback = CommandRun.of(args(connection, "models", "rollback"));
    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    List<ModelEvent> events = CommittedRecords.read(stack, names.modelEvents(), topics.modelEvents().valueSerde().deserializer());
    assertThat(events).extracting(e -> e.getModel().getVersion() + ":" + e.getKind())
        .containsExactly("v1:PROMOTED", "v2:PUBLISHED", "v2:PROMOTED", "v1:ROLLED_BACK");
    assertThat(events.get(2).getReason()).isEqualTo("better on the new campaign");

    CommandRun unknown = CommandRun.of(args(connection, "models", "promote", "v9"));
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.err()).contains("no version v9");

    CommandRun retrain = CommandRun.of(args(connection, "retrain", "--reason", "new phishing kit", "--by", "alice"));
    assertThat(retrain.exitCode()).as(retrain.err()).isZero();
    List<RetrainRequest> requests = CommittedRecords.read(stack, names.trainerCommands(), topics.trainerCommands().valueSerde().deserializer());
    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.getTrigger()).isEqualTo(RetrainTrigger.OPERATOR);
      assertThat(r.getReason()).isEqualTo("new phishing kit");
      assertThat(r.getRequestedBy()).isEqualTo("alice");
      assertThat(retrain.out()).contains(r.getRequestId());
    });
  }

  private static String[] args(String[] connection, String... command) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(connection));
    return all.toArray(String[]::new);
  }

  private static ModelArtifact.Stored save(String version, Path dir) throws Exception {
    MailParser parser = new MailParser();
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    List<TrainingExample> examples = new ArrayList<>();
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    for (int i = 0; i < corpus.size(); i += 40) {
      CorpusExample e = corpus.get(i);
      examples.add(new TrainingExample(extractor.extract(parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH))), e.label() == Label.PHISHING ? 1 : 0, e.domain()));
    }
    return ModelArtifact.save(new AdditiveFamily(FeatureSpec.CURRENT).train(examples, List.of(), TrainingConfig.defaults("phish", version, "test", 1), TrainingProgress.SILENT),
        dir.resolve("models"));
  }

  private static ModelEvent event(String version, ModelEventKind kind, ModelArtifact.Stored stored) {
    return ModelEvent.newBuilder().setModel(new ModelRef("phish", version)).setKind(kind).setOccurredAt(Instant.now()).setFamily(AdditiveFamily.NAME)
        .setFeatureSpecVersion(FeatureSpec.CURRENT.version()).setLocation(stored.directory().toUri().toString()).setSha256(stored.sha256()).build();
  }

  private static void publish(KafkaConnection kafka, HooklineTopics topics, ModelEvent event) throws Exception {
    try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(10)),
        topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.modelEvents().name(), ModelEventKeys.of(event), event)).get();
    }
  }
}
