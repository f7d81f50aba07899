package io.hookline.core.mail;

import io.hookline.avro.AuthenticationVerdicts;
import io.hookline.avro.CorpusOrigin;
import io.hookline.avro.Envelope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the gateway knows about a message besides its bytes: its id, tenant, arrival time, SMTP
 * envelope and its own authentication verdicts, and, for corpus replays, the message's origin.
 */
public record InboundContext(
    String messageId,
    String tenant,
    Instant receivedAt,
    Envelope envelope,
    AuthenticationVerdicts authentication,
    CorpusOrigin origin) {

  public InboundContext {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (envelope == null) {
      envelope = new Envelope(null, List.of(), null, null);
    }
  }

  /** A message known only by id and arrival time. */
  public static InboundContext of(String messageId, Instant receivedAt) {
    return new InboundContext(messageId, "default", receivedAt, null, null, null);
  }

  public InboundContext withOrigin(CorpusOrigin corpusOrigin) {
    return new InboundContext(messageId, tenant, receivedAt, envelope, authentication, corpusOrigin);
  }
}
