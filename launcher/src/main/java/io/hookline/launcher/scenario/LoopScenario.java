package io.hookline.launcher.scenario;

import io.hookline.avro.AlertState;
import io.hookline.avro.DriftAlert;
import io.hookline.avro.Label;
import io.hookline.avro.LabelRequest;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.Verdict;
import io.hookline.core.charts.ChartPage;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.CorpusSplit;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.TokenSample;
import io.hookline.core.http.BearerToken;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.InferenceDevice;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.modelstore.ArtifactSignature;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.ModelEventKeys;
import io.hookline.core.topics.TopicFollower;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.core.topics.UnreadableRecords;
import io.hookline.detector.DetectorConfig;
import io.hookline.detector.DetectorService;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.kafka.EmbeddedKafkaSettings;
import io.hookline.launcher.replay.ReplayPlan;
import io.hookline.launcher.replay.ReplaySummary;
import io.hookline.launcher.replay.Replayer;
import io.hookline.monitor.MonitorConfig;
import io.hookline.monitor.MonitorService;
import io.hookline.monitor.alerting.Finding;
import io.hookline.monitor.alerting.Thresholds;
import io.hookline.monitor.alerting.WindowJudge;
import io.hookline.monitor.http.ReportPages;
import io.hookline.trainer.dataset.Featurizer;
import io.hookline.trainer.service.TrainerConfig;
import io.hookline.trainer.service.TrainerService;
import io.hookline.trainer.shortcuts.ShortcutPolicy;
import io.hookline.trainer.training.ModelTraining;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The whole loop on this machine, as a gateway would live it: a model trained on the familiar
 * domains serves; familiar mail arrives, then mail of the shifted domains with labels coming back
 * (a share of all messages, or answers to the monitor's label requests); the monitor sees the
 * drift and asks for retrains; the trainer repairs the model with the live labels; the detector
 * swaps each promoted model in without a gap; once the trainer has answered every request,
 * held-out mail of the shifted domains, never labelled for training, measures the repair.
 */
public final class LoopScenario {
  private static final String MODEL = "phish";
  private static final String FIRST_VERSION = "initial-1";
  /** The trainer counts as settled when every request is answered and nothing new came for this long. */
  private static final Duration SETTLED = Duration.ofSeconds(15);

  private final KafkaConnection kafka;
  private final TopicNames names;
  private final Path workDirectory;
  private final ScenarioSettings settings;
  private final PrintWriter out;
  private final long started = System.nanoTime();
  /** What happened in the loop, in order, for the report's timeline. */
  private final List<Moment> timeline = new CopyOnWriteArrayList<>();

  /** One step of the loop as the report tells it. */
  private record Moment(Instant at, String what, String detail) {}

  public LoopScenario(KafkaConnection kafka, TopicNames names, Path workDirectory, ScenarioSettings settings, PrintWriter out) {
    this.kafka = kafka;
    this.names = names;
    this.workDirectory = workDirectory;
    this.settings = settings;
    this.out = out;
  }

  /**
   * Plays the scenario on a fresh embedded broker and registry of its own.
   *
   * @param onStarted told where the platform listens, before the scenario starts
   * @param report where to write the HTML report, or null for none
   */
  public static ScenarioResult onFreshPlatform(ScenarioSettings settings, Path workDirectory, int partitions, int registryPort, PrintWriter out,
      Consumer<EmbeddedStack> onStarted, Path report) throws Exception {
    try (EmbeddedStack stack = EmbeddedStack.start(EmbeddedKafkaSettings.temporary(), registryPort)) {
      TopicNames names = TopicNames.DEFAULTS;
      try (Admin admin = Admin.create(stack.broker().clientProperties())) {
        TopicProvisioner.ensure(admin, names, partitions, (short) 1);
      }
      HooklineTopics.registerContracts(names, stack.registryClient());
      onStarted.accept(stack);
      return new LoopScenario(KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl()), names, workDirectory, settings, out).run(report);
    }
  }

  /** @param report where to write the HTML report, or null for none */
  public ScenarioResult run(Path report) throws Exception {
    HooklineTopics topics = HooklineTopics.of(names, kafka.registry());
    Corpus corpus = settings.corpus();
    CorpusSplit split = CorpusSplit.named("random", corpus);
    List<CorpusExample> familiarTrain = inDomains(split.train(), settings.familiarDomains());
    List<CorpusExample> familiarLive = inDomains(split.test(), settings.familiarDomains());
    List<CorpusExample> shiftedLive = inDomains(split.train(), settings.shiftedDomains());
    List<CorpusExample> shiftedHeldOut = inDomains(split.test(), settings.shiftedDomains());
    // live traffic mixes its styles and classes: corpora list them in blocks
    Collections.shuffle(familiarLive, new Random(5));
    Collections.shuffle(shiftedLive, new Random(7));
    Collections.shuffle(shiftedHeldOut, new Random(9));

    say("Training the first model (" + settings.family() + ") on " + String.join(", ", settings.familiarDomains()) + " (" + familiarTrain.size()
        + " messages) ...");
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    ModelTraining training = new ModelTraining(new Featurizer(new MailParser(), extractor), ModelFamilies.named(settings.family()));
    ModelTraining.Trained first = training.train(familiarTrain, "specialist", List.copyOf(settings.familiarDomains()), Map.of(), MODEL, FIRST_VERSION, 42,
        TrainingProgress.SILENT);
    Path store = workDirectory.resolve("models");
    // models are signed with a key made for this run: the services load no artifact that lacks its signature
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path keyFile = workDirectory.resolve("model-signing-key");
    Files.writeString(keyFile, HexFormat.of().formatHex(key) + "\n");
    FileModelStore signedStore = new FileModelStore(ArtifactSignature.fromKeyFile(keyFile));
    ModelArtifact.Stored stored = ModelArtifact.save(first.model(), first.profile(), store);
    signedStore.seal(stored.directory().toUri());
    announce(topics, ModelEvent.newBuilder().setModel(new ModelRef(MODEL, FIRST_VERSION)).setKind(ModelEventKind.PROMOTED).setOccurredAt(Instant.now())
        .setFamily(first.model().metadata().family()).setFeatureSpecVersion(first.model().metadata().featureSpec()).setLocation(stored.directory().toUri().toString()).setSha256(stored.sha256())
        .setTrainingDomains(List.copyOf(settings.familiarDomains())).setReason("the first model").build());

    say("Starting the detector, the drift monitor and the trainer ...");
    String token = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(24));
    Files.writeString(workDirectory.resolve("trainer-token"), token + "\n");
    boolean requested = settings.feedback().mode() == ScenarioSettings.Feedback.Mode.LABEL_REQUESTS;
    DetectorConfig detectorConfig = new DetectorConfig(kafka, names, "loop-detector", "loop-detector-0", 64, Duration.ofMillis(20), MODEL, 1.0,
        new TokenSample(2), 5, 0, InferenceDevice.AUTO, 1);
    Thresholds thresholds = Thresholds.defaults().withRetrainInterval(settings.retrainInterval());
    MonitorConfig monitorConfig = new MonitorConfig(kafka, names, "loop-monitor", workDirectory.resolve("monitor-state"), MonitorConfig.WindowKind.SLIDING,
        Duration.ofMinutes(1), Duration.ofSeconds(10), 500, 50, 50, Duration.ofMillis(250), Duration.ofMinutes(30), true,
        requested ? settings.feedback().share() : 0.0, 200, 0, thresholds);
    TrainerConfig trainerConfig = new TrainerConfig(kafka, names, "loop-trainer", MODEL, store, corpus.name(), 800, 20_000, 3, 0.95, 0.0, 0.85, 0.05, 20, 0,
        Optional.of(BearerToken.of(token)), false, true, ShortcutPolicy.REPORT, settings.family());
    Corpus trainerCorpus = settings.trainerKnowsShiftedStyle() ? corpus : Corpus.of(corpus.name() + ":familiar", inDomains(corpus.examples(), settings.familiarDomains()));

    Map<String, Label> truth = new ConcurrentHashMap<>();
    Map<String, Verdict> answered = new ConcurrentHashMap<>();
    Set<String> shiftedIds = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    AtomicLong alarmDelay = new AtomicLong(-1);
    AtomicLong labelRequests = new AtomicLong();
    AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    List<RetrainRequest> requests = new CopyOnWriteArrayList<>();
    List<ModelEvent> promotions = new CopyOnWriteArrayList<>();
    List<ModelEvent> rejections = new CopyOnWriteArrayList<>();
    try (DetectorService detector = DetectorService.start(detectorConfig, signedStore);
        MonitorService monitor = MonitorService.start(monitorConfig, signedStore);
        TrainerService trainer = TrainerService.start(trainerConfig, signedStore, trainerCorpus);
        TopicFollower<Verdict> verdicts = new TopicFollower<>(kafka, topics.verdicts(), v -> {
          if (v != null && answered.put(v.getMessageId(), v) != null) {
            duplicates.incrementAndGet();
          }
        }, UnreadableRecords.skipped("scenario"), "scenario-verdicts").start();
        TopicFollower<DriftAlert> alerts = new TopicFollower<>(kafka, topics.alerts(), a -> {
          if (a != null && a.getState() == AlertState.FIRING && alarmDelay.get() < 0) {
            alarmDelay.set(shiftedIds.stream().filter(answered::containsKey).count());
          }
          if (a != null) {
            String what = a.getState() == AlertState.FIRING ? "alert fired" : "alert resolved";
            String detail = a.getSeverity() + " " + a.getHeuristic() + ": " + a.getSummary() + " (" + a.getModel().getVersion() + ")";
            timeline.add(new Moment(Instant.now(), what, detail));
            say(what.toUpperCase(Locale.ROOT) + " " + detail);
          }
        }, UnreadableRecords.skipped("scenario"), "scenario-alerts").start();
        TopicFollower<LabelRequest> asked = new TopicFollower<>(kafka, topics.labelRequests(), r -> labelRequests.incrementAndGet(),
            UnreadableRecords.skipped("scenario"), "scenario-label-requests").start();
        TopicFollower<RetrainRequest> commands = new TopicFollower<>(kafka, topics.trainerCommands(), r -> {
          requests.add(r);
          lastActivity.set(System.nanoTime());
          if (r != null) {
            timeline.add(new Moment(Instant.now(), "retrain requested", r.getReason() + "; training mix: " + mix(r)));
          }
        }, UnreadableRecords.skipped("scenario"), "scenario-commands").start();
        TopicFollower<ModelEvent> events = new TopicFollower<>(kafka, topics.modelEvents(), e -> {
          if (e != null && e.getRequestId() != null && (e.getKind() == ModelEventKind.PROMOTED || e.getKind() == ModelEventKind.REJECTED)) {
            (e.getKind() == ModelEventKind.PROMOTED ? promotions : rejections).add(e);
            lastActivity.set(System.nanoTime());
            timeline.add(new Moment(Instant.now(), e.getKind() == ModelEventKind.PROMOTED ? "promoted " + e.getModel().getVersion()
                : "rejected " + e.getModel().getVersion(), e.getReason() + " (trained on " + String.join(", ", e.getTrainingDomains()) + ")"));
            say(e.getKind() + " " + e.getModel().getVersion() + ": " + e.getReason());
          }
        }, UnreadableRecords.skipped("scenario"), "scenario-events").start()) {
      waitFor("the detector to be ready", Duration.ofMinutes(2), detector::ready);
      say(String.format(Locale.ROOT, "Ready. Detector metrics on :%d, drift monitor on http://127.0.0.1:%d/, trainer API on :%d (token in %s).",
          detector.httpPort(), monitor.httpPort(), trainer.httpPort(), workDirectory.resolve("trainer-token")));
      Progress progress = new Progress(answered, monitor, detector, trainer, requests, promotions);

      phase("Phase 1: familiar mail (held-out " + String.join(", ", settings.familiarDomains()) + "), " + settings.feedback().describe() + ".");
      long familiarLabels = replay(topics, "familiar", cycle(familiarLive, settings.familiarMessages()), settings.feedback(), truth, progress)
          .feedbackPublished();
      phase("Phase 2: the mail changes to " + String.join(", ", settings.shiftedDomains()) + ", " + settings.feedback().describe() + ".");
      Set<String> phase2 = ids("shifted", shiftedLive.size());
      shiftedIds.addAll(phase2);
      long shiftedLabels = replay(topics, "shifted", shiftedLive, settings.feedback(), truth, progress).feedbackPublished();
      waitFor("the trainer to answer every retrain request", Duration.ofMinutes(15), () -> {
        progress.print("retrain");
        long answeredRequests = requests.stream().filter(r -> answeredBy(r, promotions) || answeredBy(r, rejections)).count();
        return answeredRequests == requests.size() && System.nanoTime() - lastActivity.get() > SETTLED.toNanos();
      });
      String finalVersion = detector.model().metadata().version();
      if (!promotions.isEmpty()) {
        String promoted = promotions.get(promotions.size() - 1).getModel().getVersion();
        waitFor("the detector to swap in " + promoted, Duration.ofMinutes(1), () -> detector.model().metadata().version().equals(promoted));
        timeline.add(new Moment(Instant.now(), "swapped in " + promoted, "the detector scores with it; no message went unanswered"));
        finalVersion = promoted;
      }
      phase("Phase 3: held-out mail of " + String.join(", ", settings.shiftedDomains()) + " for " + finalVersion + ", never labelled for training.");
      Set<String> phase3 = ids("held-out", shiftedHeldOut.size());
      replay(topics, "held-out", shiftedHeldOut, new ScenarioSettings.Feedback(ScenarioSettings.Feedback.Mode.RANDOM, settings.heldOutLabelled(), Duration.ZERO),
          truth, progress);
      waitFor("every message to be answered", Duration.ofMinutes(2), () -> answered.keySet().containsAll(truth.keySet()));
      Thread.sleep(3_000); // late duplicates, if there were any, would show now
      ScenarioResult result = new ScenarioResult(alarmDelay.get(), requests.size(), promotions.size(), rejections.size(), labelRequests.get(), familiarLabels, shiftedLabels,
          phase2.size(), f1(phase2, truth, answered, FIRST_VERSION), f1(phase3, truth, answered, finalVersion), FIRST_VERSION, finalVersion,
          truth.size(), answered.size(), duplicates.get(), Duration.ofNanos(System.nanoTime() - started),
          promotions.stream().map(e -> e.getModel().getVersion() + ": " + e.getReason()).toList(),
          rejections.stream().map(e -> e.getModel().getVersion() + ": " + e.getReason()).toList());
      if (report != null) {
        writeReport(report, result, monitor);
      }
      return result;
    }
  }

  private static boolean answeredBy(RetrainRequest request, List<ModelEvent> events) {
    return events.stream().anyMatch(e -> request.getRequestId().equals(e.getRequestId()));
  }

  /** The ids the replayer gives a phase's messages. */
  private static Set<String> ids(String phase, int count) {
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      ids.add(Replayer.messageId(phase, i + 1));
    }
    return ids;
  }

  private ReplaySummary replay(HooklineTopics topics, String phase, List<CorpusExample> examples, ScenarioSettings.Feedback feedback,
      Map<String, Label> truth, Progress progress) throws Exception {
    List<ReplayPlan.Step> steps = examples.stream().map(e -> new ReplayPlan.Step(phase, e)).toList();
    List<String> phaseIds = List.copyOf(ids(phase, steps.size()));
    for (int i = 0; i < steps.size(); i++) {
      truth.put(phaseIds.get(i), steps.get(i).example().label());
    }
    boolean requested = feedback.mode() == ScenarioSettings.Feedback.Mode.LABEL_REQUESTS;
    Replayer.Options options = new Replayer.Options(phase, "default", settings.ratePerSecond(), requested ? 0 : feedback.share(), feedback.delay(), 11,
        requested ? new Replayer.Analyst(1.0, feedback.delay(), feedback.delay().plusSeconds(5)) : null);
    Replayer replayer = new Replayer(kafka, names, new MailParser());
    AtomicReference<ReplaySummary> summary = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread sender = new Thread(() -> {
      try {
        summary.set(replayer.run(new ReplayPlan(steps), settings.corpus().name(), options, null));
      } catch (Exception e) {
        failure.set(e);
      }
    }, "scenario-" + phase);
    sender.start();
    while (sender.isAlive()) {
      sender.join(2_000);
      progress.print(phase);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return summary.get();
  }

  /** Prints a line of live progress every time it is asked. */
  private final class Progress {
    private final Map<String, Verdict> answered;
    private final MonitorService monitor;
    private final DetectorService detector;
    private final TrainerService trainer;
    private final List<RetrainRequest> requests;
    private final List<ModelEvent> promotions;
    private long lastAnswered;
    private long lastNanos = System.nanoTime();

    Progress(Map<String, Verdict> answered, MonitorService monitor, DetectorService detector, TrainerService trainer, List<RetrainRequest> requests,
        List<ModelEvent> promotions) {
      this.answered = answered;
      this.trainer = trainer;
      this.monitor = monitor;
      this.detector = detector;
      this.requests = requests;
      this.promotions = promotions;
    }

    void print(String phase) {
      long now = System.nanoTime();
      int count = answered.size();
      double throughput = (count - lastAnswered) / ((now - lastNanos) / 1e9);
      lastAnswered = count;
      lastNanos = now;
      List<WindowJudge.Judged> windows = monitor.recent().all();
      String window = "no window yet";
      if (!windows.isEmpty()) {
        WindowJudge.Judged latest = windows.get(windows.size() - 1);
        var r = latest.report();
        String signals = latest.findings().stream().map(Finding::heuristic).collect(Collectors.joining(","));
        window = String.format(Locale.ROOT, "est F1 %.2f (shift-aware %.2f)  meas F1 %s  domain AUC %.2f  max PSI %.2f  unseen tokens %.0f%%  %s%s",
            r.getEstimated().getF1(), r.getShiftAware() == null ? Double.NaN : r.getShiftAware().getF1(),
            r.getMeasured() == null ? "  -  " : String.format(Locale.ROOT, "%.2f", r.getMeasured().getF1()),
            r.getDomainClassifier() == null ? Double.NaN : r.getDomainClassifier().getAuc(),
            r.getFeatureShifts().isEmpty() ? 0 : r.getFeatureShifts().get(0).getPsi(), 100 * r.getTokens().getOovRate(),
            latest.next().incident().activeAlertId() != null ? "ALERT" : "ok", signals.isEmpty() ? "" : " [" + signals + "]");
      }
      String retrain = promotions.isEmpty() ? (requests.isEmpty() ? "" : requests.size() + " retrain request(s)")
          : promotions.size() + " promoted, last " + promotions.get(promotions.size() - 1).getModel().getVersion();
      String activity = trainer.activity();
      if (!activity.equals("idle")) {
        retrain += (retrain.isEmpty() ? "" : "; ") + "trainer: " + activity;
      }
      out.printf(Locale.ROOT, "[%4.0fs] %-9s answered %,6d (%4.0f/s)  model %-17s | %s  %s%n", (now - started) / 1e9, phase, count, throughput,
          detector.model() == null ? "-" : detector.model().metadata().version(), window, retrain);
      out.flush();
    }
  }

  /** F1 of the given messages' verdicts by {@code version}, against the truth the replay knew; NaN when undefined. */
  static double f1(Set<String> ids, Map<String, Label> truth, Map<String, Verdict> answered, String version) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (String id : ids) {
      Verdict verdict = answered.get(id);
      if (verdict == null || !version.equals(verdict.getModel().getVersion())) {
        continue;
      }
      boolean said = verdict.getLabel() == Label.PHISHING;
      boolean was = truth.get(id) == Label.PHISHING;
      tp += said && was ? 1 : 0;
      fp += said && !was ? 1 : 0;
      fn += !said && was ? 1 : 0;
    }
    return 2 * tp + fp + fn == 0 ? Double.NaN : 2.0 * tp / (2.0 * tp + fp + fn);
  }

  private void writeReport(Path report, ScenarioResult result, MonitorService monitor) throws Exception {
    timeline.add(new Moment(Instant.now(), "recovery measured", String.format(Locale.ROOT,
        "F1 %.3f of %s on held-out mail of the new styles, against %.3f of %s when the mail changed", result.f1After(), result.finalModel(),
        result.f1Before(), result.firstModel())));
    String charts = new ReportPages(monitor.recent(), monitor.thresholds()).snapshot();
    StringBuilder story = new StringBuilder(String.format(Locale.ROOT, """
        <h2>Summary</h2><table>
        <tr><td class="l">first alert, shifted messages answered by then</td><td>%d</td></tr><tr><td class="l">retrain requests / promotions / rejections</td><td>%d / %d / %d</td></tr>
        <tr><td class="l">labels given in the shifted phase (its share)</td><td>%d (%.1f%%)</td></tr>
        <tr><td class="l">F1 of %s on the shifted phase</td><td>%.3f</td></tr><tr><td class="l">F1 of %s on held-out mail of the new styles</td><td>%.3f</td></tr>
        <tr><td class="l">messages published / answered / answered twice</td><td>%d / %d / %d</td></tr><tr><td class="l">wall time</td><td>%.0f s</td></tr></table>
        <h2>Timeline</h2><table id="timeline"><thead><tr><th class="l">time (UTC)</th><th class="l">what</th><th class="l">evidence</th></tr></thead><tbody>
        """, result.alarmDelay(), result.retrainRequests(), result.promotions(), result.rejections(), result.shiftedLabels(), 100 * result.labelledShare(),
        ChartPage.escape(result.firstModel()), result.f1Before(), ChartPage.escape(result.finalModel()), result.f1After(), result.published(), result.answered(),
        result.duplicates(), result.wallTime().toMillis() / 1000.0));
    timeline.stream().sorted(java.util.Comparator.comparing(Moment::at)).forEach(m -> story.append("<tr><td class=\"l\">")
        .append(m.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append("</td><td class=\"l\">").append(ChartPage.escape(m.what()))
        .append("</td><td class=\"l\">").append(ChartPage.escape(m.detail())).append("</td></tr>\n"));
    story.append("</tbody></table><h2>The monitor's view</h2>");
    Path parent = report.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(report, charts.replace("<h1>Hookline drift monitor</h1>", "<h1>Hookline: the loop</h1>" + story));
  }

  private void announce(HooklineTopics topics, ModelEvent event) throws Exception {
    try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(30)),
        topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.modelEvents().name(), ModelEventKeys.of(event), event)).get();
    }
  }

  private static String mix(RetrainRequest request) {
    var policy = request.getDataPolicy();
    return policy == null ? "the trainer's default" : (policy.getDomains().isEmpty() ? "every domain" : String.join(", ", policy.getDomains()))
        + ", balanced " + policy.getBalance() + ", live labels since " + policy.getFeedbackSince();
  }

  /** Says a phase's start, and keeps it for the timeline. */
  private void phase(String line) {
    say(line);
    int colon = line.indexOf(':');
    timeline.add(new Moment(Instant.now(), line.substring(0, colon), line.substring(colon + 2)));
  }

  private void say(String line) {
    out.printf(Locale.ROOT, "[%4.0fs] %s%n", (System.nanoTime() - started) / 1e9, line);
    out.flush();
  }

  private static void waitFor(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what + " after " + timeout.toSeconds() + " s");
      }
      Thread.sleep(2_000);
    }
  }

  private static List<CorpusExample> inDomains(List<CorpusExample> examples, Set<String> domains) {
    return new ArrayList<>(examples.stream().filter(e -> domains.contains(e.domain())).toList());
  }

  private static List<CorpusExample> cycle(List<CorpusExample> examples, int count) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("the familiar domains hold no held-out mail to play");
    }
    List<CorpusExample> out = new ArrayList<>(count);
    while (out.size() < count) {
      out.addAll(examples.subList(0, Math.min(examples.size(), count - out.size())));
    }
    return out;
  }
}
