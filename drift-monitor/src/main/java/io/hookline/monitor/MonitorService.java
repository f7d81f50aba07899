package io.hookline.monitor;

import io.hookline.avro.ModelEvent;
import io.hookline.core.http.ServiceHttp;
import io.hookline.core.modelstore.ModelStore;
import io.hookline.core.service.ProcessMetrics;
import io.hookline.core.service.Unrecoverable;
import io.hookline.core.topics.DeadLetterPublisher;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicFollower;
import io.hookline.monitor.alerting.Thresholds;
import io.hookline.monitor.alerting.WindowJudge;
import io.hookline.monitor.http.DriftMetrics;
import io.hookline.monitor.http.RecentReports;
import io.hookline.monitor.http.ReportPages;
import io.hookline.monitor.reference.ReferenceCatalog;
import io.hookline.monitor.stream.DeadLetterHandler;
import io.hookline.monitor.stream.MonitorTopology;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift monitor: follows {@code model.events} for the reference profiles, runs the monitoring
 * topology exactly once, and serves metrics, health, the recent reports as JSON and a page of
 * charts over HTTP.
 */
public final class MonitorService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MonitorService.class);

  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ProcessMetrics processMetrics = ProcessMetrics.bindTo(metrics);
  private final RecentReports recent;
  private final Thresholds thresholds;
  private final TopicFollower<ModelEvent> follower;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final ServiceHttp http;
  private final DeadLetterPublisher deadLetters;
  private final Unrecoverable unrecoverable = new Unrecoverable("monitor");

  private MonitorService(MonitorConfig config, ModelStore store) throws InterruptedException {
    HooklineTopics topics = HooklineTopics.of(config.topics(), config.kafka().registry());
    ReferenceCatalog catalog = new ReferenceCatalog(store);
    deadLetters = new DeadLetterPublisher(config.kafka(), topics.deadLetters(), "drift-monitor", metrics);
    follower = new TopicFollower<>(config.kafka(), topics.modelEvents(), catalog::onEvent, deadLetters, "monitor-model-events")
        .onUnrecoverable(unrecoverable::report).start();
    if (!follower.awaitCaughtUp(Duration.ofSeconds(30))) {
      log.warn("model.events not read to its end within 30 s; windows of versions not yet seen wait for their profile");
    }
    recent = new RecentReports(config.recentReports());
    thresholds = config.thresholds();
    DriftMetrics driftMetrics = new DriftMetrics(metrics, config.thresholds().psi());
    Consumer<WindowJudge.Judged> listener = recent.andThen(driftMetrics);
    streams = new KafkaStreams(MonitorTopology.build(config, topics, catalog, listener), new StreamsConfig(streamsProperties(config, topics)));
    streams.setUncaughtExceptionHandler(e -> {
      log.error("monitor stream thread failed, replacing it: {}", e.toString());
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.ERROR) {
        unrecoverable.report("monitor topology", new IllegalStateException("Kafka Streams stopped in state ERROR (was " + before + ")"));
      }
    });
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(metrics);
    http = new ReportPages(recent, config.thresholds()).serveOn(new ServiceHttp(config.httpPort(), metrics::scrape, this::healthy, this::ready));
    streams.start();
  }

  public static MonitorService start(MonitorConfig config, ModelStore store) throws InterruptedException {
    return new MonitorService(config, store);
  }

  public static Map<String, Object> streamsProperties(MonitorConfig config, HooklineTopics topics) {
    Map<String, Object> props = new HashMap<>(config.kafka().adminProperties(Duration.ofSeconds(30)));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.put(DeadLetterHandler.TOPIC, topics.deadLetters());
    props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    return props;
  }

  /** The topology runs (or rebalances), model events are followed, nothing unrecoverable happened. */
  public boolean healthy() {
    KafkaStreams.State state = streams.state();
    return !unrecoverable.reported() && follower.isAlive() && (state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED);
  }

  /** The topology processes and the reference profiles are current. */
  public boolean ready() {
    return healthy() && streams.state() == KafkaStreams.State.RUNNING && follower.isHealthy();
  }

  /** Where the process learns that the monitor cannot go on. */
  public Unrecoverable unrecoverable() {
    return unrecoverable;
  }

  public int httpPort() {
    return http.port();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** The thresholds its windows are judged by, as its pages draw them. */
  public Thresholds thresholds() {
    return thresholds;
  }

  public RecentReports recent() {
    return recent;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
    streamsMetrics.close();
    follower.close();
    deadLetters.close();
    http.close();
    processMetrics.close();
    metrics.close();
  }
}
