package io.hookline.gateway.check;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Envelope;
import io.hookline.avro.Verdict;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParseException;
import io.hookline.core.mail.MailParser;
import io.hookline.core.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One check of one message, as every front end (milter, Rspamd API, JSON API) asks it: the raw
 * message is parsed, published to the inbound topic under a new id, and its verdict awaited on the
 * verdicts topic, all within the verdict timeout. The gateway never scores: the detector does,
 * through the topics, so the verdict is the one the rest of the loop sees.
 */
public final class MailCheck {
  private static final Logger log = LoggerFactory.getLogger(MailCheck.class);

  private final MailParser parser;
  private final Producer<String, EmailMessage> producer;
  private final TopicSpec<String, EmailMessage> inbound;
  private final VerdictReplies replies;
  private final Duration timeout;
  private final String tenant;
  private final Clock clock;

  public MailCheck(MailParser parser, Producer<String, EmailMessage> producer, TopicSpec<String, EmailMessage> inbound,
      VerdictReplies replies, Duration timeout, String tenant, Clock clock) {
    this.parser = parser;
    this.producer = producer;
    this.inbound = inbound;
    this.replies = replies;
    this.timeout = timeout;
    this.tenant = tenant;
    this.clock = clock;
  }

  /** Checks {@code raw}; blocks for at most the verdict timeout. */
  public CheckOutcome check(byte[] raw, Envelope envelope) {
    long begin = System.nanoTime();
    String messageId = UUID.randomUUID().toString();
    EmailMessage message;
    try {
      message = parser.parse(raw, new InboundContext(messageId, tenant, clock.instant(), envelope, null, null));
    } catch (MailParseException e) {
      log.debug("not a mail message: {}", e.getMessage());
      return new CheckOutcome(messageId, CheckOutcome.Status.NOT_MAIL, null, since(begin));
    }
    var reply = replies.expect(messageId);
    try {
      Future<?> sent = producer.send(new ProducerRecord<>(inbound.name(), messageId, message));
      sent.get(remaining(begin), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      replies.forget(messageId);
      log.warn("could not publish a message to {}: {}", inbound.name(), (e instanceof ExecutionException ? e.getCause() : e).toString());
      return new CheckOutcome(messageId, CheckOutcome.Status.UNAVAILABLE, null, since(begin));
    } catch (InterruptedException e) {
      replies.forget(messageId);
      Thread.currentThread().interrupt();
      return new CheckOutcome(messageId, CheckOutcome.Status.UNAVAILABLE, null, since(begin));
    }
    try {
      Verdict verdict = reply.get(remaining(begin), TimeUnit.NANOSECONDS);
      return new CheckOutcome(messageId, CheckOutcome.Status.SCORED, verdict, since(begin));
    } catch (TimeoutException | ExecutionException | java.util.concurrent.CancellationException e) {
      replies.forget(messageId);
      return new CheckOutcome(messageId, CheckOutcome.Status.TIMED_OUT, null, since(begin));
    } catch (InterruptedException e) {
      replies.forget(messageId);
      Thread.currentThread().interrupt();
      return new CheckOutcome(messageId, CheckOutcome.Status.TIMED_OUT, null, since(begin));
    }
  }

  private long remaining(long begin) {
    return Math.max(0, timeout.toNanos() - (System.nanoTime() - begin));
  }

  private static Duration since(long begin) {
    return Duration.ofNanos(System.nanoTime() - begin);
  }
}
