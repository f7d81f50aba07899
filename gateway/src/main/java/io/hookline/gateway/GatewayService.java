package io.hookline.gateway;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Envelope;
import io.hookline.core.http.ServiceHttp;
import io.hookline.core.mail.MailParser;
import io.hookline.core.service.ProcessMetrics;
import io.hookline.core.service.Unrecoverable;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.gateway.check.CheckOutcome;
import io.hookline.gateway.check.Decision;
import io.hookline.gateway.check.GatewayMetrics;
import io.hookline.gateway.check.MailCheck;
import io.hookline.gateway.check.VerdictReplies;
import io.hookline.gateway.milter.MilterServer;
import io.hookline.gateway.rspamd.CheckApi;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: what a mail server talks to. A milter (Postfix {@code smtpd_milters}, Sendmail) and
 * an HTTP check API (Rspamd's {@code /checkv2}, Hookline's {@code /v1/check}) hand each message to
 * the detector through the topics ({@code mail.inbound} out, {@code mail.verdicts} in, by
 * message id) and answer with the action the policy gives the verdict, and the headers that say
 * it. Metrics and health on their own port.
 */
public final class GatewayService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayService.class);

  private final GatewayConfig config;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ProcessMetrics processMetrics = ProcessMetrics.bindTo(metrics);
  private final GatewayMetrics counts = new GatewayMetrics(metrics);
  private final Unrecoverable unrecoverable = new Unrecoverable("gateway");
  private final KafkaProducer<String, EmailMessage> producer;
  private final VerdictReplies replies;
  private final MailCheck check;
  private MilterServer milter;
  private CheckApi api;
  private ServiceHttp http;

  private GatewayService(GatewayConfig config) {
    this.config = config;
    var registry = config.kafka().registry();
    HooklineTopics.checkRegistryAccess(config.topics(), registry);
    HooklineTopics topics = HooklineTopics.of(config.topics(), registry);
    Map<String, Object> producerProperties = config.kafka().producerProperties(config.verdictTimeout());
    producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    producerProperties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    producerProperties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
    producer = new KafkaProducer<>(producerProperties, topics.inbound().keySerde().serializer(), topics.inbound().valueSerde().serializer());
    replies = new VerdictReplies(config.kafka(), topics.verdicts(), unrecoverable);
    check = new MailCheck(new MailParser(config.limits()), producer, topics.inbound(), replies, config.verdictTimeout(), config.tenant(),
        Clock.systemUTC());
    Gauge.builder("hookline_gateway_waiting", replies, VerdictReplies::waiting)
        .description("Checks waiting for their verdict now").register(metrics);
    Gauge.builder("hookline_gateway_unclaimed_verdicts", replies, VerdictReplies::unclaimed)
        .description("Verdicts that came after their check had stopped waiting (a timeout too short?)").register(metrics);
  }

  /**
   * Starts following verdicts, then opens the milter and check ports; returns once the verdicts
   * topic is assigned (or after 30 s, to report through health rather than hang).
   */
  public static GatewayService start(GatewayConfig config) throws InterruptedException {
    GatewayService service = new GatewayService(config);
    try {
      service.replies.start();
      if (!service.replies.awaitAssigned(Duration.ofSeconds(30))) {
        log.warn("the verdicts topic {} is not assigned yet; checks will time out until it is", config.topics().verdicts());
      }
      if (config.milterPort() >= 0) {
        service.milter = MilterServer.start(config.bind(), config.milterPort(), config.checkThreads(), Duration.ofMinutes(10),
            config.limits().maxMessageBytes(), (raw, envelope) -> service.decide(raw, envelope, "milter").decision());
        Gauge.builder("hookline_gateway_milter_connections", service.milter, MilterServer::openConnections)
            .description("MTA connections open on the milter port").register(service.metrics);
      }
      if (config.checkPort() >= 0) {
        service.api = CheckApi.start(config.bind(), config.checkPort(), config.checkThreads(), config.limits().maxMessageBytes(),
            service::decide);
      }
      service.http = new ServiceHttp(config.httpPort(), service.metrics::scrape, service::healthy, service::ready);
      return service;
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
  }

  private CheckApi.Checked decide(byte[] raw, Envelope envelope, String frontend) {
    CheckOutcome outcome = check.check(raw, envelope);
    Decision decision = Decision.of(outcome, config.policy());
    counts.answered(frontend, outcome, decision);
    return new CheckApi.Checked(outcome, decision);
  }

  public GatewayConfig config() {
    return config;
  }

  /** The milter's port, or -1 when it is off. */
  public int milterPort() {
    return milter == null ? -1 : milter.port();
  }

  /** The check API's port, or -1 when it is off. */
  public int checkPort() {
    return api == null ? -1 : api.port();
  }

  public int httpPort() {
    return http.port();
  }

  /** Its listeners and the verdict consumer run, and nothing unrecoverable happened. */
  public boolean healthy() {
    return !unrecoverable.reported() && replies.isAlive() && (milter == null || milter.isAlive());
  }

  /** It can answer with verdicts: healthy and the verdicts topic followed without failing. */
  public boolean ready() {
    return healthy() && replies.isHealthy();
  }

  public Unrecoverable unrecoverable() {
    return unrecoverable;
  }

  @Override
  public void close() {
    if (milter != null) {
      milter.close();
    }
    if (api != null) {
      api.close();
    }
    if (http != null) {
      http.close();
    }
    replies.close();
    producer.close(Duration.ofSeconds(5));
    processMetrics.close();
    metrics.close();
  }
}
