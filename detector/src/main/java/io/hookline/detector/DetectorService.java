package io.hookline.detector;

import io.hookline.avro.ModelEvent;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.http.ServiceHttp;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.modelstore.ModelStore;
import io.hookline.core.service.ProcessMetrics;
import io.hookline.core.service.Unrecoverable;
import io.hookline.core.topics.DeadLetterPublisher;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.ModelEventKeys;
import io.hookline.core.topics.SideChannel;
import io.hookline.core.topics.TopicFollower;
import io.hookline.detector.model.ModelEventWatcher;
import io.hookline.detector.model.ModelHolder;
import io.hookline.detector.pipeline.ScoringLoop;
import io.hookline.detector.scoring.BatchScorer;
import io.hookline.detector.scoring.DevicePlacement;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector: scores {@code mail.inbound} with the model {@code model.events} names, answers on
 * {@code mail.verdicts}, logs for the monitor on {@code mail.inference-log}, sets aside what it
 * cannot read on {@code mail.dlq}, and serves metrics and health over HTTP.
 */
public final class DetectorService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DetectorService.class);
  private final ModelHolder models = new ModelHolder();
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ProcessMetrics processMetrics = ProcessMetrics.bindTo(metrics);
  private final ScoringLoop loop;
  private final TopicFollower<ModelEvent> modelEvents;
  private final Thread loopThread;
  private final ServiceHttp http;
  private final DevicePlacement placement;
  private final ExecutorService featurizers;
  private final DeadLetterPublisher deadLetters;
  private final SideChannel<ModelEvent> modelReports;
  private final Unrecoverable unrecoverable = new Unrecoverable("detector");

  private DetectorService(DetectorConfig config, ModelStore store) {
    // read once, when DJL's engine starts: set before anything touches it
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.inferenceThreads()));
    var registry = config.kafka().registry();
    HooklineTopics.checkRegistryAccess(config.topics(), registry);
    HooklineTopics topics = HooklineTopics.of(config.topics(), registry);
    placement = new DevicePlacement(config.device().resolve());
    log.info("inference device: {} (setting {})", placement.deviceName(), config.device());
    Gauge.builder("hookline_inference_device", () -> 1).tag("device", placement.deviceName())
        .description("Where the detector runs its model (info)").register(metrics);
    // threads are made on the first batch, not here
    featurizers = Executors.newFixedThreadPool(Math.max(1, config.scoringThreads() - 1), task -> {
      Thread thread = new Thread(task, "detector-featurize");
      thread.setDaemon(true);
      return thread;
    });
    BatchScorer scorer = new BatchScorer(new FeatureExtractor(FeatureSpec.CURRENT), featurizers, config.scoringThreads() - 1, config.reasons(),
        config.inferenceLogSampleRate(), config.inferenceLogTokens(), placement, config.detailedReasons());
    loop = new ScoringLoop(config, topics, models, scorer, metrics, unrecoverable, Clock.systemUTC());
    deadLetters = new DeadLetterPublisher(config.kafka(), topics.deadLetters(), "detector", metrics);
    modelReports = new SideChannel<>(config.kafka(), topics.modelEvents());
    ModelEventWatcher watcher = new ModelEventWatcher(config.modelName(), store, models, metrics, config.transactionalId(),
        report -> modelReports.send(ModelEventKeys.of(report), report,
            failure -> log.warn("could not report {} of model {} {}: {}", report.getKind(), report.getModel().getName(), report.getModel().getVersion(), failure.toString())));
    modelEvents = new TopicFollower<>(config.kafka(), topics.modelEvents(), watcher::handle, deadLetters, "detector-model-events")
        .onUnrecoverable(unrecoverable::report);
    loopThread = new Thread(loop, "detector-scoring");
    loopThread.setUncaughtExceptionHandler((thread, e) -> unrecoverable.report(thread.getName(), e));
    http = new ServiceHttp(config.httpPort(), metrics::scrape, this::healthy, this::ready);
    log.info("detector instance with transactional id {}", config.transactionalId());
  }

  /** Starts watching for models and scoring; returns at once. */
  public static DetectorService start(DetectorConfig config, ModelStore store) {
    DetectorService service = new DetectorService(config, store);
    service.modelEvents.start();
    service.loopThread.start();
    return service;
  }

  /** The model in service, or null. */
  public PhishingModel model() {
    return models.current();
  }

  public int httpPort() {
    return http.port();
  }

  /** Its threads run and nothing unrecoverable happened. */
  public boolean healthy() {
    return !unrecoverable.reported() && loopThread.isAlive() && modelEvents.isAlive();
  }

  /** It can score: a model in service, model events followed, partitions assigned, the last batch committed, a recent poll. */
  public boolean ready() {
    return healthy() && models.current() != null && modelEvents.isHealthy() && loop.isServing();
  }

  /** Where the process learns that the detector cannot go on. */
  public Unrecoverable unrecoverable() {
    return unrecoverable;
  }

  @Override
  public void close() {
    loop.stop();
    modelEvents.close();
    try {
      loopThread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
    deadLetters.close();
    modelReports.close();
    featurizers.shutdownNow();
    if (!loopThread.isAlive()) {
      placement.close(); // the device copy belongs to the scoring thread while it runs
    }
    processMetrics.close();
    metrics.close();
  }
}
