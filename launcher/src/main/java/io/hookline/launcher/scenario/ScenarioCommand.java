package io.hookline.launcher.scenario;

import io.hookline.core.model.AdditiveFamily;
import io.hookline.embedded.kafka.EmbeddedKafkaBroker;
import io.hookline.launcher.CorpusOptions;
import io.hookline.launcher.DurationConverter;
import io.hookline.launcher.train.FamilyNames;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hookline scenario}: the loop on any corpus, with a measured result. */
@Command(
    name = "scenario",
    mixinStandardHelpOptions = true,
    description = {
      "Play the whole loop on this machine (embedded broker and registry) on your own mail, and measure it:",
      "a model trained on the familiar domains serves familiar mail, then mail of the shifted domains with labels coming back",
      "(answers to the monitor's label requests, or a random share); the monitor alarms, the trainer repairs; held-out mail of the",
      "shifted domains, never labelled for training, measures the repair. Prints alarm delay, retrains, promotions and F1 before",
      "and after, and writes them as JSON. By default the trainer's corpus holds only the familiar domains: the new style is learned",
      "from the live labels alone.",
      "Example: hookline scenario --corpus mbox:old.mbox:phishing:old --corpus mbox:new.mbox:phishing:new ... --familiar old,ham-old --shifted new,ham-new",
      "Exit codes: 0 played (and, with --min-f1, the repair reached it), 1 it did not reach --min-f1."})
public final class ScenarioCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private CorpusOptions corpora = new CorpusOptions();

  @Option(names = "--familiar", split = ",", description = "Domains the first model knows (default: ${DEFAULT-VALUE}).")
  private String[] familiar = {"easy-ham-1", "spam-1"};

  @Option(names = "--shifted", split = ",", description = "Domains of the new style (default: ${DEFAULT-VALUE}).")
  private String[] shifted = {"easy-ham-2", "hard-ham-1", "spam-2"};

  @Option(names = "--familiar-messages", description = "Messages of the familiar phase (default: ${DEFAULT-VALUE}).")
  private int familiarMessages = 1_200;

  @Option(names = "--rate", description = "Messages per second (default: ${DEFAULT-VALUE}).")
  private double rate = 100;

  @Option(names = "--label-requests", paramLabel = "SHARE",
      description = "The monitor asks for the labels of this share of each failing step; an analyst answers every request (default: ${DEFAULT-VALUE}).")
  private double labelRequests = 0.10;

  @Option(names = "--feedback-coverage", paramLabel = "SHARE", description = "Instead of label requests: the labels of this random share of all messages.")
  private Double feedbackCoverage;

  @Option(names = "--feedback-delay", converter = DurationConverter.class, description = "How long after a message or request its label comes (default: 2s).")
  private Duration feedbackDelay = Duration.ofSeconds(2);

  @Option(names = "--retrain-interval", converter = DurationConverter.class,
      description = "How often the monitor asks again while an alert stays active and failing (default: 20s).")
  private Duration retrainInterval = Duration.ofSeconds(20);

  @Option(names = "--trainer-knows-shifted", description = "Give the trainer the shifted domains' corpus mail too (a diversified retrain, as the demo does).")
  private boolean trainerKnowsShifted;

  @Option(names = "--min-f1", description = "Exit 1 when F1 on the held-out phase ends below this.")
  private Double minF1;

  @Option(names = "--result", description = "Where the JSON result goes (default: ${DEFAULT-VALUE}).")
  private Path result = Path.of(".hookline", "scenario-result.json");

  @Option(names = "--report", description = "Where an HTML report goes (default: none).")
  private Path report;

  @Option(names = "--family", completionCandidates = FamilyNames.class,
      description = "The model family of the first model and of every retrain: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  private String family = AdditiveFamily.NAME;

  @Option(names = "--work-dir", description = "Models, monitor state and trainer token; emptied first (default: ${DEFAULT-VALUE}).")
  private Path work = Path.of(".hookline", "scenario");

  @Option(names = "--partitions", description = "Partitions of each topic (default: ${DEFAULT-VALUE}).")
  private int partitions = 3;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ScenarioSettings settings;
    try {
      ScenarioSettings.Feedback feedback = feedbackCoverage == null
          ? new ScenarioSettings.Feedback(ScenarioSettings.Feedback.Mode.LABEL_REQUESTS, labelRequests, feedbackDelay)
          : new ScenarioSettings.Feedback(ScenarioSettings.Feedback.Mode.RANDOM, feedbackCoverage, feedbackDelay);
      if (partitions < 1 || retrainInterval.isNegative() || retrainInterval.isZero()) {
        throw new IllegalArgumentException("--partitions must be at least 1 and --retrain-interval positive");
      }
      settings = new ScenarioSettings(corpora.load(spec), domains(familiar), domains(shifted), familiarMessages, rate, feedback, 0.0,
          trainerKnowsShifted, retrainInterval).withFamily(family);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    EmbeddedKafkaBroker.wipe(work);
    Files.createDirectories(work);
    out.println("Hookline scenario on " + settings.corpus().name() + " (no network). Starting the embedded broker and schema registry ...");
    out.flush();
    ScenarioResult r = LoopScenario.onFreshPlatform(settings, work, partitions, 0, out, stack -> { }, report);
    r.write(result);
    out.println();
    out.printf(Locale.ROOT, "First alert: %s.%n", r.alarmDelay() < 0 ? "none" : "by the time " + r.alarmDelay() + " shifted messages were answered");
    out.printf(Locale.ROOT, "Retrain requests %d, promotions %d, rejections %d; label requests %d; labels given %d in the familiar phase, "
            + "%d in the shifted one (%.1f%% of its %d messages).%n", r.retrainRequests(), r.promotions(), r.rejections(), r.labelRequests(),
        r.familiarLabels(), r.shiftedLabels(), 100 * r.labelledShare(), r.shiftedMessages());
    out.printf(Locale.ROOT, "F1 of %s on the shifted phase: %.3f. F1 of %s on held-out mail of the shifted domains: %.3f.%n",
        r.firstModel(), r.f1Before(), r.finalModel(), r.f1After());
    out.printf(Locale.ROOT, "Messages published %,d, answered %,d, answered twice %d. Wall time %.0f s. Result: %s%n", r.published(), r.answered(),
        r.duplicates(), r.wallTime().toMillis() / 1000.0, result.toAbsolutePath());
    out.flush();
    return minF1 != null && !(r.f1After() >= minF1) ? 1 : 0;
  }

  private static Set<String> domains(String[] names) {
    return new TreeSet<>(Arrays.stream(names).map(String::trim).filter(n -> !n.isEmpty()).toList());
  }
}
