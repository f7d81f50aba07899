package io.hookline.launcher.demo;

import io.hookline.avro.Label;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.Verdict;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.CorpusSplit;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.TokenSample;
import io.hookline.core.http.BearerToken;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.InferenceDevice;
import io.hookline.core.model.ModelArtifact;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.modelstore.ArtifactSignature;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.ModelEventKeys;
import io.hookline.core.topics.TopicFollower;
import io.hookline.core.topics.UnreadableRecords;
import io.hookline.core.topics.TopicNames;
import io.hookline.detector.DetectorConfig;
import io.hookline.detector.DetectorService;
import io.hookline.launcher.replay.ReplayPlan;
import io.hookline.launcher.replay.Replayer;
import io.hookline.monitor.MonitorConfig;
import io.hookline.monitor.MonitorService;
import io.hookline.monitor.alerting.Thresholds;
import io.hookline.monitor.alerting.WindowJudge;
import io.hookline.monitor.http.ReportPages;
import io.hookline.trainer.dataset.Featurizer;
import io.hookline.trainer.service.TrainerConfig;
import io.hookline.trainer.service.TrainerService;
import io.hookline.trainer.training.ModelTraining;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The whole loop on this machine: a specialist model trained on the 2002 mail serves; familiar mail
 * arrives, then mail of other styles with delayed, partial feedback; the monitor sees the drift and
 * asks for a retrain; the trainer trains a generalist with the live labels and promotes it; the
 * detector swaps it in without a gap; held-out mail of the new styles shows the recovery.
 */
final class DemoScenario {
  private static final String MODEL = "phish";

  /** The numbers the demo ends with, and whether it met its goals. */
  record Outcome(boolean driftDetected, int retrainRequests, int promotions, double recoveredF1, int published, int answered, int duplicates,
      Duration wallTime) {
    boolean met() {
      return driftDetected && retrainRequests >= 1 && promotions == 1 && recoveredF1 >= 0.95 && answered == published && duplicates == 0;
    }
  }

  private final KafkaConnection kafka;
  private final TopicNames names;
  private final Path workDirectory;
  private final double rate;
  private final PrintWriter out;
  private final long started = System.nanoTime();

  DemoScenario(KafkaConnection kafka, TopicNames names, Path workDirectory, double rate, PrintWriter out) {
    this.kafka = kafka;
    this.names = names;
    this.workDirectory = workDirectory;
    this.rate = rate;
    this.out = out;
  }

  Outcome run(Path report) throws Exception {
    HooklineTopics topics = HooklineTopics.of(names, kafka.registry());
    say("Loading the SpamAssassin corpus and splitting it ...");
    Corpus corpus = Corpus.load(SpamAssassinArchive.shipped());
    CorpusSplit split = CorpusSplit.named("random", corpus);
    List<CorpusExample> familiarTrain = inDomains(split.train(), CorpusSplit.SHIFT_TRAIN);
    List<CorpusExample> familiarLive = inDomains(split.test(), CorpusSplit.SHIFT_TRAIN);
    List<CorpusExample> shiftedLive = inDomains(split.train(), CorpusSplit.SHIFT_TEST);
    List<CorpusExample> shiftedHeldOut = inDomains(split.test(), CorpusSplit.SHIFT_TEST);
    Collections.shuffle(familiarLive, new Random(5)); // live traffic mixes its styles and classes: the corpus lists them in blocks
    Collections.shuffle(shiftedLive, new Random(7));

    say("Training the initial model: a specialist of easy-ham-1 and spam-1 (" + familiarTrain.size() + " messages) ...");
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.V1);
    ModelTraining training = new ModelTraining(new Featurizer(new MailParser(), extractor), new AdditiveFamily(FeatureSpec.V1));
    ModelTraining.Trained specialist = training.train(familiarTrain, "specialist", List.copyOf(CorpusSplit.SHIFT_TRAIN), Map.of(), MODEL, "specialist-1", 42,
        TrainingProgress.SILENT);
    Path store = workDirectory.resolve("models");
    // models are signed with a key made for this run: the services load no artifact that lacks its signature
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path keyFile = workDirectory.resolve("model-signing-key");
    Files.writeString(keyFile, HexFormat.of().formatHex(key) + "\n");
    FileModelStore signedStore = new FileModelStore(ArtifactSignature.fromKeyFile(keyFile));
    ModelArtifact.Stored stored = ModelArtifact.save(specialist.model(), specialist.profile(), store);
    signedStore.seal(stored.directory().toUri());
    announce(topics, ModelEvent.newBuilder().setModel(new ModelRef(MODEL, "specialist-1")).setKind(ModelEventKind.PROMOTED).setOccurredAt(Instant.now())
        .setFamily(AdditiveFamily.NAME).setFeatureSpecVersion("fs-1").setLocation(stored.directory().toUri().toString()).setSha256(stored.sha256())
        .setTrainingDomains(List.copyOf(CorpusSplit.SHIFT_TRAIN)).setReason("the initial model").build());

    say("Starting the detector, the drift monitor and the trainer ...");
    String token = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(24));
    Files.writeString(workDirectory.resolve("trainer-token"), token + "\n");
    DetectorConfig detectorConfig = new DetectorConfig(kafka, names, "demo-detector", "demo-detector-0", 64, Duration.ofMillis(20), MODEL, 1.0,
        new TokenSample(2), 5, 0, InferenceDevice.AUTO, 1);
    MonitorConfig monitorConfig = new MonitorConfig(kafka, names, "demo-monitor", workDirectory.resolve("monitor-state"), MonitorConfig.WindowKind.SLIDING,
        Duration.ofMinutes(1), Duration.ofSeconds(10), 500, 50, 50, Duration.ofMillis(250), Duration.ofMinutes(30), true, 0.0, 200, 0, Thresholds.defaults());
    TrainerConfig trainerConfig = new TrainerConfig(kafka, names, "demo-trainer", MODEL, store, "spamassassin", 800, 20_000, 3, 0.95, 0.0, 0.85, 0.05, 20, 0,
        Optional.of(BearerToken.of(token)), false, true);
    Map<String, Label> truth = new ConcurrentHashMap<>();
    Map<String, Verdict> answered = new ConcurrentHashMap<>();
    AtomicInteger duplicates = new AtomicInteger();
    List<RetrainRequest> requests = new CopyOnWriteArrayList<>();
    List<ModelEvent> promotions = new CopyOnWriteArrayList<>();
    List<ModelEvent> rejections = new CopyOnWriteArrayList<>();
    try (DetectorService detector = DetectorService.start(detectorConfig, signedStore);
        MonitorService monitor = MonitorService.start(monitorConfig, signedStore);
        TrainerService trainer = TrainerService.start(trainerConfig, signedStore);
        TopicFollower<Verdict> verdicts = new TopicFollower<>(kafka, topics.verdicts(), v -> {
          if (v != null && answered.put(v.getMessageId(), v) != null) {
            duplicates.incrementAndGet();
          }
        }, UnreadableRecords.skipped("demo"), "demo-verdicts").start();
        TopicFollower<RetrainRequest> commands = new TopicFollower<>(kafka, topics.trainerCommands(), requests::add, UnreadableRecords.skipped("demo"), "demo-commands").start();
        TopicFollower<ModelEvent> events = new TopicFollower<>(kafka, topics.modelEvents(), e -> {
          if (e != null && e.getKind() == ModelEventKind.PROMOTED && e.getRequestId() != null) {
            promotions.add(e);
          } else if (e != null && e.getKind() == ModelEventKind.REJECTED && e.getRequestId() != null) {
            rejections.add(e);
          }
        }, UnreadableRecords.skipped("demo"), "demo-events").start()) {
      waitFor("the detector to be ready", Duration.ofMinutes(2), detector::ready);
      say(String.format(Locale.ROOT, "Ready. Detector metrics on :%d, drift monitor on http://127.0.0.1:%d/, trainer API on :%d (token in %s).",
          detector.httpPort(), monitor.httpPort(), trainer.httpPort(), workDirectory.resolve("trainer-token")));
      Progress progress = new Progress(answered, monitor, detector, requests, promotions);

      say("Phase 1: familiar mail (held-out easy-ham-1 and spam-1), 50% labelled after 2 s.");
      replay(topics, "familiar", cycle(familiarLive, 1_200), 0.5, truth, progress);
      say("Phase 2: the mail changes: easy-ham-2, hard-ham-1, spam-2, 50% labelled after 2 s.");
      replay(topics, "shifted", shiftedLive, 0.5, truth, progress);
      waitFor("the retrained model to be promoted", Duration.ofMinutes(10), () -> {
        progress.print("retrain");
        if (promotions.isEmpty() && !rejections.isEmpty()) { // nothing else would be asked for: say why and stop
          throw new IllegalStateException("the retrained model " + rejections.get(0).getModel().getVersion() + " was not promoted: "
              + rejections.get(0).getReason());
        }
        return !promotions.isEmpty();
      });
      String promoted = promotions.get(0).getModel().getVersion();
      waitFor("the detector to swap in " + promoted, Duration.ofMinutes(1), () -> detector.model().metadata().version().equals(promoted));
      say("Promoted " + promoted + " (" + promotions.get(0).getReason() + "); the detector swapped it in.");
      say("Phase 3: mail of the new styles the retrain never saw (held-out easy-ham-2, hard-ham-1, spam-2), all labelled.");
      Set<String> phase3 = replay(topics, "recovery", shiftedHeldOut, 1.0, truth, progress);
      waitFor("every message to be answered", Duration.ofMinutes(2), () -> answered.keySet().containsAll(truth.keySet()));
      Thread.sleep(3_000); // late duplicates, if there were any, would show now
      double recovered = f1(phase3, truth, answered, promoted);
      boolean drift = monitor.recent().all().stream().anyMatch(j -> j.step().alert() != null);
      Outcome outcome = new Outcome(drift, requests.size(), promotions.size(), recovered, truth.size(), answered.size(), duplicates.get(),
          Duration.ofNanos(System.nanoTime() - started));
      writeReport(report, outcome, monitor, promoted);
      return outcome;
    }
  }

  private Set<String> replay(HooklineTopics topics, String phase, List<CorpusExample> examples, double labelled, Map<String, Label> truth, Progress progress)
      throws Exception {
    List<ReplayPlan.Step> steps = examples.stream().map(e -> new ReplayPlan.Step(phase, e)).toList();
    Replayer replayer = new Replayer(kafka, names, new MailParser());
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread sender = new Thread(() -> {
      try {
        replayer.run(new ReplayPlan(steps), "spamassassin", new Replayer.Options(phase, "default", rate, labelled, Duration.ofSeconds(2), 11), null);
      } catch (Exception e) {
        failure.set(e);
      }
    }, "demo-" + phase);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < steps.size(); i++) {
      String id = String.format("%s-%06d", phase, i + 1); // the replayer's ids
      truth.put(id, steps.get(i).example().label());
      ids.add(id);
    }
    sender.start();
    while (sender.isAlive()) {
      sender.join(2_000);
      progress.print(phase);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return ids;
  }

  /** Prints a line of live progress every time it is asked. */
  private final class Progress {
    private final Map<String, Verdict> answered;
    private final MonitorService monitor;
    private final DetectorService detector;
    private final List<RetrainRequest> requests;
    private final List<ModelEvent> promotions;
    private long lastAnswered;
    private long lastNanos = System.nanoTime();

    Progress(Map<String, Verdict> answered, MonitorService monitor, DetectorService detector, List<RetrainRequest> requests, List<ModelEvent> promotions) {
      this.answered = answered;
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
        var r = windows.get(windows.size() - 1).report();
        window = String.format(Locale.ROOT, "est F1 %.2f (shift-aware %.2f)  meas F1 %s  domain AUC %.2f  max PSI %.2f  unseen tokens %.0f%%  %s",
            r.getEstimated().getF1(), r.getShiftAware() == null ? Double.NaN : r.getShiftAware().getF1(),
            r.getMeasured() == null ? "  -  " : String.format(Locale.ROOT, "%.2f", r.getMeasured().getF1()),
            r.getDomainClassifier() == null ? Double.NaN : r.getDomainClassifier().getAuc(),
            r.getFeatureShifts().isEmpty() ? 0 : r.getFeatureShifts().get(0).getPsi(), 100 * r.getTokens().getOovRate(),
            windows.get(windows.size() - 1).next().incident().activeAlertId() != null ? "ALERT" : "ok");
      }
      String retrain = promotions.isEmpty() ? (requests.isEmpty() ? "" : "retrain requested") : "promoted " + promotions.get(0).getModel().getVersion();
      out.printf(Locale.ROOT, "[%4.0fs] %-9s answered %,6d (%4.0f/s)  model %-17s | %s  %s%n", (now - started) / 1e9, phase, count, throughput,
          detector.model() == null ? "-" : detector.model().metadata().version(), window, retrain);
      out.flush();
    }
  }

  /** F1 of the given messages' verdicts by {@code version}, against the truth the replay knew. */
  private static double f1(Set<String> ids, Map<String, Label> truth, Map<String, Verdict> answered, String version) {
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
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }

  private void writeReport(Path report, Outcome outcome, MonitorService monitor, String promoted) throws Exception {
    String charts = new ReportPages(monitor.recent()).html();
    String summary = String.format(Locale.ROOT, """
        <h2>Demo summary</h2><table>
        <tr><td>drift detected</td><td>%s</td></tr><tr><td>retrain requests</td><td>%d</td></tr>
        <tr><td>promotions</td><td>%d (%s)</td></tr><tr><td>F1 on held-out mail of the new styles, by the promoted model</td><td>%.3f</td></tr>
        <tr><td>messages published / answered / answered twice</td><td>%d / %d / %d</td></tr><tr><td>wall time</td><td>%.0f s</td></tr></table>
        """, outcome.driftDetected(), outcome.retrainRequests(), outcome.promotions(), promoted, outcome.recoveredF1(), outcome.published(),
        outcome.answered(), outcome.duplicates(), outcome.wallTime().toMillis() / 1000.0);
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, charts.replace("<h1>Hookline drift monitor</h1>", "<h1>Hookline demo</h1>" + summary));
  }

  private void announce(HooklineTopics topics, ModelEvent event) throws Exception {
    try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(30)),
        topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.modelEvents().name(), ModelEventKeys.of(event), event)).get();
    }
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
    List<CorpusExample> out = new ArrayList<>(count);
    while (out.size() < count) {
      out.addAll(examples.subList(0, Math.min(examples.size(), count - out.size())));
    }
    return out;
  }
}
