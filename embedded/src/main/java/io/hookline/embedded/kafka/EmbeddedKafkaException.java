package io.hookline.embedded.kafka;

/** The embedded broker could not be started or formatted. */
public final class EmbeddedKafkaException extends RuntimeException {
  public EmbeddedKafkaException(String message, Throwable cause) {
    super(message, cause);
  }
}
