package io.hookline.launcher.operate;

import io.hookline.avro.ModelEvent;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.modelstore.ArtifactSignature;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.ModelEventKeys;
import io.hookline.launcher.ConnectionOptions;
import io.hookline.trainer.registry.ModelHistory;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hookline models list|promote|rollback}: what model.events knows, and the operator's moves. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List a model's versions; promote one; roll back.",
    subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Promote.class, ModelsCommand.Rollback.class})
public final class ModelsCommand {

  abstract static class ModelAction implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--model", description = "Model name (default: ${DEFAULT-VALUE}).")
    String model = "phish";

    HooklineTopics topics(KafkaConnection kafka) {
      return HooklineTopics.of(connection.topics(), kafka.registry());
    }

    /** Verifies the artifact loads, then announces the event. */
    int announce(KafkaConnection kafka, HooklineTopics topics, ModelEvent event) throws Exception {
      new FileModelStore(ArtifactSignature.from(connection.config())).load(URI.create(event.getLocation()), event.getSha256()).close();
      try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(30)),
          topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
        producer.send(new ProducerRecord<>(topics.modelEvents().name(), ModelEventKeys.of(event), event)).get();
      }
      spec.commandLine().getOut().println(event.getModel().getName() + " " + event.getModel().getVersion() + " " + event.getKind());
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Every version model.events knows, and which one serves.")
  static final class ListVersions extends ModelAction {
    @Override
    public Integer call() throws Exception {
      KafkaConnection kafka = connection.connection();
      ModelHistory history = ModelEventsReader.history(kafka, topics(kafka), model);
      String serving = history.serving().map(e -> e.getModel().getVersion()).orElse("");
      Map<String, Long> detectors = history.servedBy().values().stream()
          .collect(Collectors.groupingBy(e -> e.getModel().getVersion(), Collectors.counting()));
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-2s %-20s %-12s %-24s %-10s %-9s %s%n", "", "version", "last event", "at", "F1 drifted", "detectors", "reason");
      for (ModelEvent e : history.versions()) {
        Double f1 = e.getMetrics().get("f1.drifted");
        out.printf(Locale.ROOT, "%-2s %-20s %-12s %-24s %-10s %-9s %s%n", e.getModel().getVersion().equals(serving) ? "*" : "", e.getModel().getVersion(),
            e.getKind(), e.getOccurredAt(), f1 == null ? "" : String.format(Locale.ROOT, "%.3f", f1),
            detectors.getOrDefault(e.getModel().getVersion(), 0L), e.getReason() == null ? "" : e.getReason());
      }
      history.refusedBy().forEach((detector, report) -> out.printf("! %s refused %s at %s: %s%n", detector, report.getModel().getVersion(),
          report.getOccurredAt(), report.getReason()));
      if (history.versions().isEmpty()) {
        out.println("(model.events knows no version of " + model + ")");
      }
      return 0;
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true, description = "Put a published version in service.")
  static final class Promote extends ModelAction {
    @Parameters(index = "0", paramLabel = "VERSION") String version;

    @Option(names = "--reason", description = "Why (default: ${DEFAULT-VALUE}).")
    String reason = "promoted by an operator";

    @Override
    public Integer call() throws Exception {
      KafkaConnection kafka = connection.connection();
      HooklineTopics topics = topics(kafka);
      return announce(kafka, topics, ModelEventsReader.history(kafka, topics, model).promote(version, reason, Instant.now()));
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Put back the version that served before the current one.")
  static final class Rollback extends ModelAction {
    @Option(names = "--to", paramLabel = "VERSION", description = "Roll back to this version instead.")
    String to;

    @Option(names = "--reason", description = "Why (default: ${DEFAULT-VALUE}).")
    String reason = "rolled back by an operator";

    @Override
    public Integer call() throws Exception {
      KafkaConnection kafka = connection.connection();
      HooklineTopics topics = topics(kafka);
      return announce(kafka, topics, ModelEventsReader.history(kafka, topics, model).rollback(Optional.ofNullable(to), reason, Instant.now()));
    }
  }
}
