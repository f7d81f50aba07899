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
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.modelstore.ModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicFollower;
import io.hookline.trainer.api.TrainerApi;
import io.hookline.trainer.dataset.Featurizer;
import io.hookline.trainer.feedback.RecentFeedback;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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

  private final TrainerConfig config;
  private final HooklineTopics topics;
  private final ModelStore store;
  private final RecentFeedback feedback;
  private final RetrainJob job;
  private final Set<String> answered = ConcurrentHashMap.newKeySet();
  private final Map<String, ModelEvent> serving = new ConcurrentHashMap<>();
  private final TopicFollower<ModelEvent> modelEvents;
  private final TopicFollower<EmailMessage> inbound;
  private final TopicFollower<LabelFeedback> labels;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread loop;
  private final KafkaProducer<String, RetrainRequest> commands;
  private final ServiceHttp http;

  private TrainerService(TrainerConfig config, ModelStore store) throws Exception {
    this.config = config;
    this.store = store;
    this.topics = HooklineTopics.of(config.topics(), config.kafka().registry());
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.V1);
    this.feedback = new RecentFeedback(extractor, config.feedbackCapacity());
    Corpus corpus = Corpus.load(CorpusSpecs.parse(config.corpus()));
    this.job = new RetrainJob(config, corpus, new Featurizer(new MailParser(), extractor), feedback, new AdditiveFamily(FeatureSpec.V1));
    this.modelEvents = new TopicFollower<>(config.kafka(), topics.modelEvents(), this::onModelEvent, "trainer-model-events");
    this.inbound = new TopicFollower<>(config.kafka(), topics.inbound(), feedback::onMessage, "trainer-inbound");
    this.labels = new TopicFollower<>(config.kafka(), topics.feedback(), feedback::onFeedback, "trainer-feedback");
    this.loop = new Thread(this::serve, "trainer-requests");
    this.commands = new KafkaProducer<>(config.kafka().producerProperties(Duration.ofSeconds(30)),
        topics.trainerCommands().keySerde().serializer(), topics.trainerCommands().valueSerde().serializer());
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.http = new TrainerApi(config.modelName(), config.apiToken(), this::submit)
        .mount(new ServiceHttp(config.httpPort(), metrics::scrape, loop::isAlive, () -> loop.isAlive() && modelEvents.isAlive()));
  }

  /** Puts a request on trainer.commands, where this trainer (or another in its group) takes it. */
  void submit(RetrainRequest request) {
    try {
      commands.send(new ProducerRecord<>(topics.trainerCommands().name(), request.getRequestId(), request)).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not queue retrain request " + request.getRequestId() + ": " + e.getMessage(), e);
    }
  }

  public int httpPort() {
    return http.port();
  }

  public static TrainerService start(TrainerConfig config, ModelStore store) throws Exception {
    TrainerService service = new TrainerService(config, store);
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
    if (event.getKind() == ModelEventKind.PROMOTED || event.getKind() == ModelEventKind.ROLLED_BACK) {
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
    try (KafkaConsumer<String, RetrainRequest> consumer = new KafkaConsumer<>(props, topics.trainerCommands().keySerde().deserializer(),
            topics.trainerCommands().valueSerde().deserializer());
        KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(config.kafka().producerProperties(Duration.ofSeconds(30)),
            topics.modelEvents().keySerde().serializer(), topics.modelEvents().valueSerde().serializer())) {
      consumer.subscribe(Set.of(topics.trainerCommands().name()));
      while (running.get()) {
        for (ConsumerRecord<String, RetrainRequest> record : consumer.poll(Duration.ofMillis(500))) {
          handle(record, consumer, producer);
        }
      }
    } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      log.error("trainer stopped: {}", e.toString());
    }
  }

  private void handle(ConsumerRecord<String, RetrainRequest> record, KafkaConsumer<String, RetrainRequest> consumer,
      KafkaProducer<String, ModelEvent> producer) {
    RetrainRequest request = record.value();
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    if (request == null || answered.contains(request.getRequestId())) {
      log.info("retrain request {} already answered; skipped", request == null ? "(empty)" : request.getRequestId());
    } else if (!config.modelName().equals(request.getModel())) {
      log.warn("retrain request {} names model {}, this trainer trains {}; skipped", request.getRequestId(), request.getModel(), config.modelName());
    } else {
      try {
        RetrainJob.Outcome outcome = job.run(request, currentModel(), Instant.now());
        for (ModelEvent event : outcome.events()) {
          producer.send(new ProducerRecord<>(topics.modelEvents().name(), event.getModel().getName(), event)).get();
        }
        answered.add(request.getRequestId());
      } catch (Exception e) {
        // not committed: the request runs again after a pause (and after a restart)
        log.error("retrain request {} failed, will retry: {}", request.getRequestId(), e.toString());
        consumer.seek(partition, record.offset());
        sleep(5_000);
        return;
      }
    }
    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
  }

  private PhishingModel currentModel() {
    ModelEvent event = serving.get(config.modelName());
    if (event == null) {
      return null;
    }
    try {
      return store.load(URI.create(event.getLocation()), event.getSha256());
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
    modelEvents.close();
    inbound.close();
    labels.close();
  }
}
