package io.hookline.launcher.replay;

import io.hookline.avro.CorpusOrigin;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.FeedbackSource;
import io.hookline.avro.Label;
import io.hookline.avro.LabelFeedback;
import io.hookline.avro.LabelRequest;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParseException;
import io.hookline.core.mail.MailParser;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicFollower;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.core.topics.UnreadableRecords;
import io.hookline.schemas.registry.SchemaRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Plays a corpus as live gateway traffic: parses each planned message as the gateway would,
 * publishes it to the inbound topic at the chosen rate, and, for a share of them, publishes the
 * true label to the feedback topic after a delay, as analyst feedback arrives at a real gateway.
 * It can also play the analyst who answers the drift monitor's label requests: for a share of the
 * requests about its own messages, the true label follows after a delay.
 */
public final class Replayer {

  /**
   * @param ratePerSecond messages per second; 0 for as fast as possible
   * @param feedbackCoverage share of messages whose label is published, in [0, 1]
   * @param feedbackDelay how long after a message its label follows
   * @param seed for which messages get feedback
   */
  public record Options(String runId, String tenant, double ratePerSecond, double feedbackCoverage, Duration feedbackDelay, long seed,
      Analyst analyst) {
    public Options(String runId, String tenant, double ratePerSecond, double feedbackCoverage, Duration feedbackDelay, long seed) {
      this(runId, tenant, ratePerSecond, feedbackCoverage, feedbackDelay, seed, null);
    }

    public Options {
      if (feedbackCoverage < 0 || feedbackCoverage > 1) {
        throw new IllegalArgumentException("feedback coverage must be in [0, 1], was " + feedbackCoverage);
      }
      if (feedbackDelay.isNegative()) {
        throw new IllegalArgumentException("feedback delay must not be negative, was " + feedbackDelay);
      }
    }
  }

  /**
   * The analyst answering label requests.
   *
   * @param coverage share of the requests about the replay's messages that get an answer, in [0, 1]
   * @param delay how long after a request its answer follows
   * @param linger how long to keep answering after the last message, for the requests of the last windows
   */
  public record Analyst(double coverage, Duration delay, Duration linger) {
    public Analyst {
      if (coverage < 0 || coverage > 1) {
        throw new IllegalArgumentException("label-request coverage must be in [0, 1], was " + coverage);
      }
      if (delay.isNegative() || linger.isNegative()) {
        throw new IllegalArgumentException("label-request delay and linger must not be negative");
      }
    }
  }

  private final KafkaConnection connection;
  private final TopicNames names;
  private final MailParser parser;

  public Replayer(KafkaConnection connection, TopicNames names, MailParser parser) {
    this.connection = connection;
    this.names = names;
    this.parser = parser;
  }

  public ReplaySummary run(ReplayPlan plan, String corpusName, Options options, PrintWriter progressOut) throws InterruptedException {
    requireTopics(options.analyst() != null);
    SchemaRegistry registry = connection.registry();
    HooklineTopics topics = HooklineTopics.of(names, registry);
    Random feedbackDice = new Random(options.seed());
    ReplaySummary.Counter counter = new ReplaySummary.Counter();
    AtomicLong feedbackSent = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long unparseable = 0;
    long published = 0;
    long start = System.nanoTime();
    ProgressBar bar = progressOut == null ? null : new ProgressBar(progressOut, plan.steps().size());
    Pacer pacer = Pacer.realTime(options.ratePerSecond());
    ScheduledExecutorService feedbackClock = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "replay-feedback"));
    Duration timeout = Duration.ofSeconds(30);
    Map<String, Label> truth = new ConcurrentHashMap<>();
    AtomicLong requestsAnswered = new AtomicLong();
    try (KafkaProducer<String, EmailMessage> mail =
            new KafkaProducer<>(connection.producerProperties(timeout), topics.inbound().keySerde().serializer(), topics.inbound().valueSerde().serializer());
        KafkaProducer<String, LabelFeedback> labels =
            new KafkaProducer<>(connection.producerProperties(timeout), topics.feedback().keySerde().serializer(), topics.feedback().valueSerde().serializer());
        TopicFollower<LabelRequest> requests = new TopicFollower<>(connection, topics.labelRequests(), request -> {
          Label label = request == null ? null : truth.remove(request.getMessageId()); // each message answered once
          if (label != null && answers(options, request.getMessageId())) {
            LabelFeedback answer = new LabelFeedback(request.getMessageId(), options.tenant(), label, Instant.now(), FeedbackSource.ANALYST, "replay-analyst");
            sendLater(feedbackClock, labels, topics.feedback().name(), answer, options.analyst().delay(), failure, () -> {
              feedbackSent.incrementAndGet();
              requestsAnswered.incrementAndGet();
            });
          }
        }, UnreadableRecords.skipped("hookline replay"), "replay-label-requests")) {
      if (options.analyst() != null) {
        requests.start();
      }
      int sequence = 0;
      for (ReplayPlan.Step step : plan.steps()) {
        if (failure.get() != null) {
          throw new IllegalStateException("publishing failed: " + failure.get().getMessage(), failure.get());
        }
        pacer.awaitNext();
        String id = messageId(options.runId(), ++sequence);
        var example = step.example();
        EmailMessage message;
        try {
          message =
              parser.parse(example.raw(), new InboundContext(id, options.tenant(), Instant.now(), null, null,
                  new CorpusOrigin(corpusName, example.domain(), example.label())));
        } catch (MailParseException e) {
          unparseable++;
          continue;
        }
        mail.send(new ProducerRecord<>(topics.inbound().name(), id, message), (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
        published++;
        counter.count(step.phase(), example.domain(), example.label());
        if (options.analyst() != null) {
          truth.put(id, example.label());
        }
        if (feedbackDice.nextDouble() < options.feedbackCoverage()) {
          LabelFeedback feedback = new LabelFeedback(id, options.tenant(), example.label(), Instant.now(), FeedbackSource.CORPUS, null);
          sendLater(feedbackClock, labels, topics.feedback().name(), feedback, options.feedbackDelay(), failure, feedbackSent::incrementAndGet);
        }
        if (bar != null) {
          bar.update(step.phase(), published + unparseable, feedbackSent.get(), false);
        }
      }
      mail.flush();
      if (options.analyst() != null) {
        long lingerEnd = System.nanoTime() + options.analyst().linger().toNanos();
        while (System.nanoTime() < lingerEnd && failure.get() == null) {
          if (bar != null) {
            bar.update("answering", published + unparseable, feedbackSent.get(), false);
          }
          Thread.sleep(250);
        }
        requests.close();
      }
      feedbackClock.shutdown(); // scheduled labels are still sent
      while (!feedbackClock.awaitTermination(250, TimeUnit.MILLISECONDS)) {
        if (bar != null) {
          bar.update("feedback", published + unparseable, feedbackSent.get(), false);
        }
      }
      labels.flush();
    } finally {
      feedbackClock.shutdownNow();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("publishing failed: " + failure.get().getMessage(), failure.get());
    }
    if (bar != null) {
      bar.update("done", published + unparseable, feedbackSent.get(), true);
      bar.finish();
    }
    return new ReplaySummary(options.runId(), published, unparseable, feedbackSent.get(), requestsAnswered.get(),
        Duration.ofNanos(System.nanoTime() - start), counter.snapshot());
  }

  /** Publishes a label after a delay, stamped with the moment it is sent; the first send that fails is kept in {@code failure}. */
  private static void sendLater(ScheduledExecutorService clock, KafkaProducer<String, LabelFeedback> labels, String topic, LabelFeedback feedback,
      Duration delay, AtomicReference<Exception> failure, Runnable onSent) {
    clock.schedule(() -> {
      feedback.setReportedAt(Instant.now());
      labels.send(new ProducerRecord<>(topic, feedback.getMessageId(), feedback), (metadata, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        } else {
          onSent.run();
        }
      });
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The id the replay gives its {@code sequence}-th message (from 1) of run {@code runId}. */
  public static String messageId(String runId, int sequence) {
    return String.format("%s-%06d", runId, sequence);
  }

  /** Whether the analyst answers the request about this message: a fixed share, the same on every run of a seed. */
  private static boolean answers(Options options, String messageId) {
    return new Random(options.seed() * 31 + messageId.hashCode()).nextDouble() < options.analyst().coverage();
  }

  private void requireTopics(boolean answeringRequests) {
    List<String> needed = answeringRequests ? List.of(names.inbound(), names.feedback(), names.labelRequests()) : List.of(names.inbound(), names.feedback());
    try (Admin admin = Admin.create(connection.adminProperties(Duration.ofSeconds(15)))) {
      List<String> missing = TopicProvisioner.missing(admin, needed);
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "topics " + missing + " do not exist on " + connection.bootstrapServers() + "; start hookline demo, or create Hookline's topics");
      }
    }
  }
}
