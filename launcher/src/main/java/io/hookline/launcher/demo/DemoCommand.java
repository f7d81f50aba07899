package io.hookline.launcher.demo;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusSplit;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.kafka.EmbeddedKafkaBroker;
import io.hookline.embedded.kafka.EmbeddedKafkaSettings;
import io.hookline.launcher.ConnectionOptions;
import io.hookline.launcher.DurationConverter;
import io.hookline.launcher.scenario.LoopScenario;
import io.hookline.launcher.scenario.ScenarioResult;
import io.hookline.launcher.scenario.ScenarioSettings;
import io.hookline.launcher.train.FamilyNames;
import io.hookline.monitor.alerting.Thresholds;
import io.hookline.schemas.registry.RestSchemaRegistryClient;
import io.hookline.schemas.registry.SchemaRegistry;
import io.hookline.schemas.registry.Subjects;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hookline demo}: the whole system on this machine, on an embedded Kafka broker and schema
 * registry.
 *
 * <p>Today it brings up the platform every service runs on: the broker, the registry, Hookline's
 * topics and the registered contracts, and says where they listen, so other clients (kcat, a
 * gateway) can use them; the detector and the monitor started from the same folder find them.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole loop on this machine: an embedded Kafka broker and schema registry, a specialist model, the detector,",
      "the drift monitor and the trainer; familiar mail, then a shift of style with delayed feedback; detection, retraining,",
      "promotion and recovery, live; a summary and an HTML report at the end. Exit code 0 when the loop met its goals.",
      "With --platform-only: just the broker and registry with Hookline's topics and contracts, for other clients."})
public final class DemoCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--data-dir", description = "Where the broker keeps its data across runs (default: ${DEFAULT-VALUE}).")
  private Path dataDirectory = Path.of(".hookline", "data");

  @Option(names = "--fresh", description = "Delete the data directory first and start from nothing.")
  private boolean fresh;

  @Option(names = "--partitions", description = "Partitions of each new topic (default: ${DEFAULT-VALUE}).")
  private int partitions = 3;

  @Option(names = "--registry-port", description = "Port of the schema registry on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int registryPort = 0;

  @Option(names = "--kafka-port", description = "Port of the broker's client listener on 127.0.0.1 with --platform-only; 0 picks a free one at each start (default: ${DEFAULT-VALUE}).")
  private int kafkaPort = 0;

  @Option(names = "--platform-only", description = "Start only the broker and registry (with Hookline's topics), and keep them running.")
  private boolean platformOnly;

  @Option(names = "--rate", description = "Messages per second the demo's gateway sends (default: ${DEFAULT-VALUE}).")
  private double rate = 200;

  @Option(names = "--report", description = "Where the demo writes its HTML report (default: ${DEFAULT-VALUE}).")
  private Path report = Path.of(".hookline", "demo-report.html");

  @Option(names = "--work-dir", description = "The demo's models, monitor state and trainer token; emptied first (default: ${DEFAULT-VALUE}).")
  private Path work = Path.of(".hookline", "demo");

  @Option(names = "--family", completionCandidates = FamilyNames.class,
      description = "The model family of the first model and of every retrain: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  private String family = AdditiveFamily.NAME;

  @Option(
      names = "--run-for",
      converter = DurationConverter.class,
      description = "Stop after this long (for example 30s); by default run until Ctrl-C.")
  private Duration runFor;

  @Override
  public Integer call() throws Exception {
    return platformOnly ? platform() : scenario();
  }

  /** The whole loop on a fresh broker of its own (the platform's data directory is left alone). */
  private int scenario() throws Exception {
    try {
      ModelFamilies.named(family);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    EmbeddedKafkaBroker.wipe(work);
    Files.createDirectories(work);
    out.println("Hookline demo: the whole loop on this machine (no network). Starting the embedded broker and schema registry ...");
    out.flush();
    try {
      ScenarioSettings settings = new ScenarioSettings(Corpus.load(SpamAssassinArchive.shipped()), CorpusSplit.SHIFT_TRAIN, CorpusSplit.SHIFT_TEST,
          1_200, rate, new ScenarioSettings.Feedback(ScenarioSettings.Feedback.Mode.RANDOM, 0.5, Duration.ofSeconds(2)), 1.0, true,
          Thresholds.defaults().retrainInterval()).withFamily(family);
      ScenarioResult outcome = LoopScenario.onFreshPlatform(settings, work, partitions, registryPort, out, DemoCommand::writeEndpoints, report);
      boolean met = outcome.alarmDelay() >= 0 && outcome.retrainRequests() >= 1 && outcome.promotions() >= 1 && outcome.f1After() >= 0.95
          && outcome.answered() == outcome.published() && outcome.duplicates() == 0;
      out.println();
      out.printf(Locale.ROOT, "Drift detected: %s. Retrain requests: %d. Promotions: %d.%n", outcome.alarmDelay() >= 0 ? "yes" : "no",
          outcome.retrainRequests(), outcome.promotions());
      out.printf(Locale.ROOT, "F1 on the new styles: %.3f by %s before the repair, %.3f by %s on held-out mail after it.%n", outcome.f1Before(),
          outcome.firstModel(), outcome.f1After(), outcome.finalModel());
      out.printf(Locale.ROOT, "Messages published %,d, answered %,d, answered twice %d.%n", outcome.published(), outcome.answered(), outcome.duplicates());
      out.printf(Locale.ROOT, "Wall time %.0f s. Report: %s%n", outcome.wallTime().toMillis() / 1000.0, report.toAbsolutePath());
      out.println(met ? "The loop met its goals." : "The loop did NOT meet its goals (see above).");
      out.flush();
      return met ? 0 : 1;
    } finally {
      deleteEndpoints();
    }
  }

  private int platform() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (partitions < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--partitions must be at least 1, was " + partitions);
    }
    if (kafkaPort < 0 || kafkaPort > 65535 || registryPort < 0 || registryPort > 65535) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--kafka-port and --registry-port must be in 0..65535");
    }
    if (fresh) {
      EmbeddedKafkaBroker.wipe(dataDirectory);
    }
    out.println("Starting the embedded Kafka broker and schema registry (data in " + dataDirectory.toAbsolutePath() + ") ...");
    out.flush();
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    // On Ctrl-C the JVM halts once its hooks return: hold it until the broker has shut down cleanly.
    Thread hook =
        new Thread(
            () -> {
              stopRequested.countDown();
              awaitQuietly(closed, Duration.ofSeconds(30));
            },
            "hookline-demo-shutdown");
    try (EmbeddedStack stack = EmbeddedStack.start(EmbeddedKafkaSettings.persistentAt(dataDirectory).withClientPort(kafkaPort), registryPort)) {
      Runtime.getRuntime().addShutdownHook(hook);
      TopicNames names = TopicNames.DEFAULTS;
      List<String> created;
      try (Admin admin = Admin.create(stack.broker().clientProperties())) {
        created = TopicProvisioner.ensure(admin, names, partitions, (short) 1);
      }
      RestSchemaRegistryClient registry = stack.registryClient();
      Map<String, Integer> ids = HooklineTopics.registerContracts(names, registry);
      writeEndpoints(stack);
      printSummary(out, stack, registry, names, created, ids);
      if (runFor == null) {
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopRequested.await();
      } else {
        out.println("Running for " + runFor.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + ".");
        out.flush();
        if (!stopRequested.await(runFor.toMillis(), TimeUnit.MILLISECONDS)) {
          Runtime.getRuntime().removeShutdownHook(hook);
        }
      }
    } finally {
      deleteEndpoints();
      closed.countDown();
    }
    out.println("Stopped; data kept in " + dataDirectory.toAbsolutePath() + ".");
    out.flush();
    return 0;
  }

  /** Lets {@code hookline replay} and {@code submit} in this folder find the running demo. */
  private static void writeEndpoints(EmbeddedStack stack) {
    try {
      Files.createDirectories(ConnectionOptions.DEMO_ENDPOINTS.toAbsolutePath().getParent());
      Files.writeString(ConnectionOptions.DEMO_ENDPOINTS,
          "# written by hookline demo while it runs\n"
              + "kafka.bootstrap.servers=" + stack.bootstrapServers() + "\n"
              + "schema.registry.url=" + stack.schemaRegistryUrl() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + ConnectionOptions.DEMO_ENDPOINTS, e);
    }
  }

  private static void deleteEndpoints() {
    try {
      Files.deleteIfExists(ConnectionOptions.DEMO_ENDPOINTS);
    } catch (IOException e) {
      // a stale file only points the other commands at a broker that is gone; they say so
    }
  }

  private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void printSummary(
      PrintWriter out, EmbeddedStack stack, SchemaRegistry registry, TopicNames names, List<String> created, Map<String, Integer> ids) {
    out.printf("Broker started in %.1f s.%n", stack.broker().startupTime().toMillis() / 1000.0);
    out.println();
    out.println("  Kafka bootstrap servers  " + stack.bootstrapServers());
    out.println("  Schema registry          " + stack.schemaRegistryUrl());
    out.println("  Data directory           " + dataDirectory.toAbsolutePath());
    out.println();
    out.println("  topic                 value contract      schema id");
    for (String topic : names.all()) {
      String subject = Subjects.forTopic(topic, false);
      String contract = registry.schemaById(ids.get(subject)).getName();
      out.printf("  %-21s %-19s %9d%s%n", topic, contract, ids.get(subject), created.contains(topic) ? "  (new)" : "");
    }
    out.println();
    out.println("Clients can connect now, for example (from this folder, hookline finds the demo by itself):");
    out.println("  ./hookline replay --count 500 --rate 100");
    out.println("  ./hookline submit < message.eml");
    out.println("  kcat -b " + stack.bootstrapServers() + " -L");
    out.println("  curl " + stack.schemaRegistryUrl() + "/subjects");
    out.println("Start the services against it from this folder: ./hookline detector, ./hookline monitor, ./hookline trainer.");
  }
}
