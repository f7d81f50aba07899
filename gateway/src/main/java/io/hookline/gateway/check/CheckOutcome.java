package io.hookline.gateway.check;

import io.hookline.avro.Verdict;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one check ended.
 *
 * @param messageId the id the message was published under (the key of its verdict), or empty when
 *     it was not published
 * @param status what happened
 * @param verdict the detector's verdict when {@code status} is SCORED, else null
 * @param took from the request to the answer
 */
public record CheckOutcome(String messageId, Status status, Verdict verdict, Duration took) {

  /** What happened to a message sent for checking. */
  public enum Status {
    /** The detector's verdict came back in time. */
    SCORED,
    /** The message was published, but no verdict came within the timeout. */
    TIMED_OUT,
    /** Kafka did not take the message (an outage, refused credentials). */
    UNAVAILABLE,
    /** The bytes are not a mail message; nothing was published. */
    NOT_MAIL
  }

  public CheckOutcome {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(took, "took");
    if ((status == Status.SCORED) != (verdict != null)) {
      throw new IllegalArgumentException("a verdict comes with SCORED and only with it: " + status);
    }
  }

  public Optional<Verdict> scored() {
    return Optional.ofNullable(verdict);
  }
}
