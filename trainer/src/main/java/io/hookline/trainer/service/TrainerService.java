package io.hookline.trainer.service;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.LabelFeedback;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.RetrainRequest;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusSpecs;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.http.ServiceHttp;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.modelstore.ModelStore;
import io.hookline.core.service.Backoff;
import io.hookline.core.service.ProcessMetrics;
import io.hookline.core.service.Unrecoverable;
import io.hookline.core.topics.DeadLetterPublisher;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.KafkaFailures;
import io.hookline.core.topics.ModelEventKeys;
import io.hookline.core.topics.UnreadableRecords;
import io.hookline.core.topics.TopicFollower;
import io.hookline.trainer.api.TrainerApi;
import io.hookline.trainer.dataset.Featurizer;
import io.hookline.trainer.feedback.RecentFeedback;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer: takes retrain requests from {@code trainer.commands} one at a time, runs them, and
 * publishes the outcome on {@code model.events}. A request's offset is committed only after its
 * events are published, so a crash mid-training publishes nothing and the request runs again; a
 * request id already answered on {@code model.events} (or in this process) is not run twice. It
 * follows {@code mail.inbound} and {@code mail.feedback} for the labelled live mail a retrain
 * learns from.
 */
public final class TrainerService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrainerService.class);
  /** How often a failing retrain request is tried before it is set aside on the dead-letter topic. */
  static final int MAX_ATTEMPTS = 3;

  private final TrainerConfig config;
  private final HooklineTopics topics;
  private final ModelStore store;
  private final RecentFeedback feedback;
  private final RetrainJob job;
  private final Set<String> answered = ConcurrentHashMap.newKeySet();
  private final Map<String, ModelEvent> serving = new ConcurrentHashMap<>();
  private final Map<String, ModelEvent> loaded = new ConcurrentHashMap<>();
  private final TopicFollower<ModelEvent> modelEvents;
  private final TopicFollower<EmailMessage> inbound;
  private final TopicFollower<LabelFeedback> labels;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread loop;
  private final KafkaProducer<String, RetrainRequest> commands;
  private final KafkaProducer<String, LabelFeedback> labelsIn;
  private final ServiceHttp http;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ProcessMetrics processMetrics = ProcessMetrics.bindTo(metrics);
  private final DeadLetterPublisher deadLetters;
  private final Unrecoverable unrecoverable = new Unrecoverable("trainer");

  private TrainerService(TrainerConfig config, ModelStore store, Corpus corpus) throws Exception {
    this.config = config;
    this.store = store;
    this.topics = HooklineTopics.of(config.topics(), config.kafka().registry());
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    this.feedback = new RecentFeedback(extractor, config.feedbackCapacity());
    this.job = new RetrainJob(config, corpus, new Featurizer(new MailParser(), extractor), feedback, ModelFamilies.named(config.family()));
    this.deadLetters = new DeadLetterPublisher(config.kafka(), topics.deadLetters(), "trainer", metrics);
    this.modelEvents = new TopicFollower<>(config.kafka(), topics.modelEvents(), this::onModelEvent, deadLetters, "trainer-model-events")
        .onUnrecoverable(unrecoverable::report);
    // the detector already sets unreadable mail aside: the trainer's copy only skips it, so one bad record is one dead letter
    this.inbound = new TopicFollower<>(config.kafka(), topics.inbound(), feedback::onMessage, UnreadableRecords.skipped("trainer"), "trainer-inbound")
        .onUnrecoverable(unrecoverable::report);
    this.labels = new TopicFollower<>(config.kafka(), topics.feedback(), feedback::onFeedback, deadLetters, "trainer-feedback")
        .onUnrecoverable(unrecoverable::report);
    this.loop = new Thread(this::serve, "trainer-requests");
    this.loop.setUncaughtExceptionHandler((thread, e) -> unrecoverable.report(thread.getName(), e));
    this.commands = new KafkaProducer<>(config.kafka().producerProperties(Duration.ofSeconds(30)),
        topics.trainerCommands().keySerde().serializer(), topics.trainerCommands().valueSerde().serializer());
    this.labelsIn = new KafkaProducer<>(config.kafka().producerProperties(Duration.ofSeconds(30)),
        topics.feedback().keySerde().serializer(), topics.feedback().valueSerde().serializer());
    Gauge.builder("hookline_trainer_live_labels", feedback, RecentFeedback::labelledCount)
        .description("Live messages whose true label has arrived and is kept for retraining").register(metrics);
    Gauge.builder("hookline_trainer_model_age_seconds", this, TrainerService::servingModelAgeSeconds).baseUnit("seconds")
        .tag("model", config.modelName())
        .description("Seconds since the model in service was promoted or rolled back to (NaN before any)").register(metrics);
    this.http = new TrainerApi(config.modelName(), config.apiToken(), this::submit, this::label)
        .mount(new ServiceHttp(config.httpPort(), metrics::scrape, this::healthy, this::ready));
  }

  /** Puts a request on trainer.commands, where this trainer (or another in its group) takes it. */
  void submit(RetrainRequest request) {
    if (!healthy()) {
      throw new IllegalStateException("the trainer cannot take requests: " + (unrecoverable.reported() ? unrecoverable.reason() : "a reader has stopped"));
    }
    try {
      commands.send(new ProducerRecord<>(topics.trainerCommands().name(), request.getRequestId(), request)).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not queue retrain request " + request.getRequestId() + ": " + e.getMessage(), e);
    }
  }

  /** Puts an analyst's labels on mail.feedback, where the trainer and the monitor read them. */
  void label(List<LabelFeedback> labels) {
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (LabelFeedback label : labels) {
        sent.add(labelsIn.send(new ProducerRecord<>(topics.feedback().name(), label.getMessageId(), label)));
      }
      for (Future<?> ack : sent) {
        ack.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not publish the labels: " + e.getMessage(), e);
    }
  }

  /** Its threads run and nothing unrecoverable happened. */
  public boolean healthy() {
    return !unrecoverable.reported() && loop.isAlive() && modelEvents.isAlive() && inbound.isAlive() && labels.isAlive();
  }

  /** It can take requests: model events, live mail and labels are followed and current. */
  public boolean ready() {
    return healthy() && modelEvents.isHealthy() && inbound.isHealthy() && labels.isHealthy();
  }

  /** Where the process learns that the trainer cannot go on. */
  public Unrecoverable unrecoverable() {
    return unrecoverable;
  }

  /** What the trainer is doing now, in words ("idle" between requests). */
  public String activity() {
    return job.stage();
  }

  public int httpPort() {
    return http.port();
  }

  /** A trainer on the corpus its config names ({@code trainer.corpus}). */
  public static TrainerService start(TrainerConfig config, ModelStore store) throws Exception {
    return start(config, store, Corpus.load(CorpusSpecs.parse(config.corpus())));
  }

  /** A trainer on a corpus already loaded (a scenario's part of one, say). */
  public static TrainerService start(TrainerConfig config, ModelStore store, Corpus corpus) throws Exception {
    TrainerService service = new TrainerService(config, store, corpus);
    service.modelEvents.start();
    service.inbound.start();
    service.labels.start();
    if (!service.modelEvents.awaitCaughtUp(Duration.ofSeconds(30))) {
      log.warn("model.events not read to its end within 30 s; requests wait for it");
    }
    service.loop.start();
    if (config.bootstrap() && !service.serving.containsKey(config.modelName())) {
      // one id for every bootstrap of this model: however often the trainer starts, one first model
      service.submit(io.hookline.trainer.api.RetrainRequests.operator(config.modelName(), "no model serves yet: the first one",
          "trainer-bootstrap", "bootstrap-" + config.modelName(), Instant.now()));
    }
    return service;
  }

  private void onModelEvent(ModelEvent event) {
    if (event == null) {
      return;
    }
    if (event.getRequestId() != null) {
      answered.add(event.getRequestId());
    }
    if (event.getReportedBy() != null) {
      if (event.getKind() == ModelEventKind.LOADED) {
        loaded.merge(event.getModel().getName(), event, (before, now) -> now.getOccurredAt().isBefore(before.getOccurredAt()) ? before : now);
      }
    } else if (event.getKind() == ModelEventKind.PROMOTED || event.getKind() == ModelEventKind.ROLLED_BACK) {
      serving.put(event.getModel().getName(), event);
    }
  }

  private void serve() {
    Map<String, Object> props = new HashMap<>(config.kafka().readerProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis()); // a retrain takes minutes
    Backoff backoff = Backoff.standard();
    while (running.get()) {
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
          KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(config.kafka().producerProperties(Duration.ofSeconds(30)),
              topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
        consumer.subscribe(Set.of(topics.trainerCommands().name()));
        while (running.get()) {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            handle(record, consumer, producer);
          }
          backoff.reset();
        }
      } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
        return; // stopping
      } catch (RuntimeException e) {
        if (KafkaFailures.isUnrecoverable(e)) {
          unrecoverable.report("retrain requests", e);
          return;
        }
        Duration pause = backoff.next();
        log.warn("reading retrain requests failed, again in {} ms: {}", pause.toMillis(), e.toString());
        sleep(pause.toMillis());
      }
    }
  }

  /**
   * Runs one request. A record that is not a request is set aside; a request that fails is tried
   * again after a pause, at most {@link #MAX_ATTEMPTS} times, then set aside with its reason, so
   * that one bad request never blocks those behind it. The offset is committed once the request
   * is answered or set aside.
   */
  private void handle(ConsumerRecord<String, byte[]> record, KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, ModelEvent> producer) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    RetrainRequest request;
    try {
      request = topics.trainerCommands().valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      if (KafkaFailures.isRegistryOutage(e)) {
        throw e; // not the record's fault: read again once the registry answers
      }
      deadLetters.setAside(record, e);
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
      return;
    }
    if (request == null || answered.contains(request.getRequestId())) {
      log.info("retrain request {} already answered; skipped", request == null ? "(empty)" : request.getRequestId());
    } else if (!config.modelName().equals(request.getModel())) {
      log.warn("retrain request {} names model {}, this trainer trains {}; skipped", request.getRequestId(), request.getModel(), config.modelName());
    } else if (!run(request, record, producer)) {
      return; // stopping before the request could run to its end: it runs again after a restart
    }
    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
  }

  /**
   * Runs a request up to MAX_ATTEMPTS times and answers it on model.events: with the outcome, or
   * REJECTED with the error once it has failed that often (or at once when it cannot be met as
   * asked), so the requester learns why and the requests behind it go on. False when the trainer
   * stops first.
   */
  private boolean run(RetrainRequest request, ConsumerRecord<String, byte[]> record, KafkaProducer<String, ModelEvent> producer) {
    Backoff attempts = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1));
    Counter.builder("hookline_trainer_requests").description("Retrain requests the trainer took up (duplicates and other models' skipped)")
        .register(metrics).increment();
    long begin = System.nanoTime();
    for (int attempt = 1; running.get(); attempt++) {
      try {
        RetrainJob.Outcome outcome;
        String counted;
        try {
          outcome = job.run(request, currentModel(), Instant.now());
          counted = outcome.promoted() ? "promoted" : "rejected";
        } catch (RetrainJob.RequestRefused e) {
          log.warn("retrain request {} refused: {}", request.getRequestId(), e.getMessage());
          outcome = job.rejected(request, RetrainJob.versionAt(Instant.now()), "rejected: " + e.getMessage(), Instant.now());
          counted = "refused";
        }
        publish(outcome, producer);
        answered.add(request.getRequestId());
        retrained(counted, begin);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        if (KafkaFailures.isUnrecoverable(e)) {
          throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        if (attempt >= MAX_ATTEMPTS) {
          log.error("retrain request {} failed {} times, answered REJECTED: {}", request.getRequestId(), attempt, e.toString());
          String reason = "rejected: the retrain failed " + attempt + " times; last error: " + e;
          try {
            publish(job.rejected(request, RetrainJob.versionAt(Instant.now()), reason, Instant.now()), producer);
            retrained("failed", begin);
          } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            return false;
          } catch (Exception unpublished) {
            deadLetters.setAside(record, new IllegalStateException(reason, e)); // not even the answer could be published
          }
          answered.add(request.getRequestId());
          return true;
        }
        Duration pause = attempts.next();
        log.error("retrain request {} failed (attempt {} of {}), again in {} s: {}", request.getRequestId(), attempt, MAX_ATTEMPTS,
            pause.toSeconds(), e.toString());
        sleep(pause.toMillis());
      }
    }
    return false;
  }

  /** Counts a request once its answer is on model.events: what the metrics show is what the topic holds. */
  private void retrained(String outcome, long begin) {
    Counter.builder("hookline_trainer_retrains")
        .description("Retrain requests answered, by outcome: promoted, rejected (the candidate lost), refused (could not be met), failed (errors)")
        .tag("outcome", outcome).register(metrics).increment();
    Timer.builder("hookline_trainer_retrain").description("Seconds from taking up a retrain request to its answer on model.events, retries included")
        .register(metrics).record(Duration.ofNanos(System.nanoTime() - begin));
  }

  private double servingModelAgeSeconds() {
    ModelEvent event = serving.get(config.modelName());
    return event == null ? Double.NaN : Duration.between(event.getOccurredAt(), Instant.now()).toMillis() / 1000.0;
  }

  private void publish(RetrainJob.Outcome outcome, KafkaProducer<String, ModelEvent> producer) throws Exception {
    for (String location : outcome.events().stream().map(ModelEvent::getLocation).filter(l -> !l.isBlank()).distinct().toList()) {
      store.seal(URI.create(location)); // signed before it is announced, when the store has a key
    }
    for (ModelEvent event : outcome.events()) {
      producer.send(new ProducerRecord<>(topics.modelEvents().name(), ModelEventKeys.of(event), event)).get();
    }
  }

  /**
   * The model a candidate must beat: the version detectors last reported loading, which is the
   * one in service even when a later promotion was refused; the latest promotion when no detector
   * has reported.
   */
  private RetrainJob.InService currentModel() {
    ModelEvent event = loaded.getOrDefault(config.modelName(), serving.get(config.modelName()));
    if (event == null) {
      return null;
    }
    try {
      return RetrainJob.InService.of(store.load(URI.create(event.getLocation()), event.getSha256()));
    } catch (Exception e) {
      log.warn("model in service {} could not be loaded for comparison: {}", event.getModel().getVersion(), e.getMessage());
      return null;
    }
  }

  public int labelledFeedback() {
    return feedback.labelledCount();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running.set(false);
    try {
      loop.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
    commands.close();
    labelsIn.close();
    modelEvents.close();
    inbound.close();
    labels.close();
    deadLetters.close();
    processMetrics.close();
    metrics.close();
  }
}
