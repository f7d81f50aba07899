package io.hookline.gateway.milter;

/** The peer does not speak the milter protocol as it should: the connection is closed. */
final class MilterProtocolException extends RuntimeException {
  MilterProtocolException(String message) {
    super(message);
  }
}
