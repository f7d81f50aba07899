package io.hookline.launcher.replay;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusSplit;
import io.hookline.core.mail.MailLimits;
import io.hookline.core.mail.MailParser;
import io.hookline.launcher.ConnectionOptions;
import io.hookline.launcher.CorpusOptions;
import io.hookline.launcher.DurationConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hookline replay}: a corpus or a scenario as live traffic on the inbound topic. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Publish a corpus, or a scenario of phases drawn from it, to the inbound topic as live gateway traffic;",
      "optionally publish the true labels to the feedback topic later, as analysts would, or answer the drift monitor's label requests.",
      "Example: hookline replay --phase baseline=easy-ham-1,spam-1:3000 --phase shifted=easy-ham-2,hard-ham-1,spam-2:3000 --rate 500 --feedback-coverage 0.3 --feedback-delay 20s"
    })
public final class ReplayCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;
  @Mixin private ConnectionOptions connection = new ConnectionOptions();

  @Mixin private CorpusOptions corpora = new CorpusOptions();

  @Option(names = "--split", description = "Replay only one part of a named split (random or shift) ...")
  private String split;

  @Option(names = "--part", description = "... its train or test part (default: ${DEFAULT-VALUE}).")
  private String part = "test";

  @Option(names = "--phase", paramLabel = "NAME=DOMAINS:COUNT", description = "A phase of the scenario, in order (repeatable). Without phases the whole corpus is replayed once, shuffled.")
  private List<String> phases = new ArrayList<>();

  @Option(names = "--count", description = "Without phases: replay only this many messages.")
  private Integer count;

  @Option(names = "--rate", description = "Messages per second; 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
  private double rate = 0;

  @Option(names = "--feedback-coverage", description = "Share of messages whose true label is published to the feedback topic (default: ${DEFAULT-VALUE}).")
  private double feedbackCoverage = 0;

  @Option(names = "--feedback-delay", converter = DurationConverter.class, description = "How long after its message a label follows (default: 30s).")
  private Duration feedbackDelay = Duration.ofSeconds(30);

  @Option(names = "--answer-label-requests", paramLabel = "SHARE",
      description = "Play the analyst: answer this share of the monitor's label requests about the replayed messages with their true label (default: none).")
  private Double requestCoverage;

  @Option(names = "--label-request-delay", converter = DurationConverter.class, description = "How long after a label request its answer follows (default: 5s).")
  private Duration requestDelay = Duration.ofSeconds(5);

  @Option(names = "--linger", converter = DurationConverter.class,
      description = "With --answer-label-requests: how long to keep answering after the last message (default: 30s).")
  private Duration linger = Duration.ofSeconds(30);

  @Option(names = "--seed", description = "Seed of the scenario's draws and of who gets feedback (default: ${DEFAULT-VALUE}).")
  private long seed = 42;

  @Option(names = "--run-id", description = "Prefix of the message ids (default: replay-<time>).")
  private String runId;

  @Option(names = "--tenant", description = "Tenant of the messages (default: ${DEFAULT-VALUE}).")
  private String tenant = "default";

  @Option(names = "--quiet", description = "No progress bar.")
  private boolean quiet;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    List<ReplayPhase> scenario = new ArrayList<>();
    Replayer.Options options;
    try {
      phases.forEach(p -> scenario.add(ReplayPhase.parse(p)));
      options = new Replayer.Options(
          runId != null ? runId : "replay-" + Long.toString(System.currentTimeMillis() / 1000, 36),
          tenant, rate, feedbackCoverage, feedbackDelay, seed,
          requestCoverage == null ? null : new Replayer.Analyst(requestCoverage, requestDelay, linger));
      if (!part.equals("train") && !part.equals("test")) {
        throw new IllegalArgumentException("--part must be train or test, was " + part);
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Corpus corpus = corpora.load(spec);
    if (split != null) {
      CorpusSplit chosen;
      try {
        chosen = CorpusSplit.named(split, corpus);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      corpus = Corpus.of(corpus.name() + ":" + split + ":" + part, part.equals("train") ? chosen.train() : chosen.test());
    }
    ReplayPlan plan;
    try {
      plan = scenario.isEmpty() ? ReplayPlan.wholeCorpus(corpus, seed) : ReplayPlan.of(corpus, scenario, seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (scenario.isEmpty() && count != null) {
      plan = new ReplayPlan(plan.steps().subList(0, Math.min(count, plan.steps().size())));
    }
    out.printf("Replaying %,d messages from %s to %s%s ...%n", plan.steps().size(), corpus.name(),
        connection.topics().inbound(), feedbackCoverage > 0
            ? String.format(" (labels of %.0f%% to %s after %s)", feedbackCoverage * 100, connection.topics().feedback(), feedbackDelay)
            : "");
    out.flush();
    Replayer replayer = new Replayer(connection.connection(), connection.topics(), new MailParser(MailLimits.from(connection.config())));
    ReplaySummary summary = replayer.run(plan, corpus.name(), options, quiet ? null : spec.commandLine().getErr());
    summary.print(out);
    return 0;
  }
}
