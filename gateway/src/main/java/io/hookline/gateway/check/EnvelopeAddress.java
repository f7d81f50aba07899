package io.hookline.gateway.check;

/** The envelope addresses mail servers hand over, as the inbound topic keeps them. */
public final class EnvelopeAddress {
  private EnvelopeAddress() {}

  /** {@code <user@example.com>} to {@code user@example.com}; the null sender {@code <>}, a blank or null to null. */
  public static String of(String argument) {
    if (argument == null) {
      return null;
    }
    String trimmed = argument.strip();
    if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
      trimmed = trimmed.substring(1, trimmed.length() - 1).strip();
    }
    return trimmed.isEmpty() ? null : trimmed;
  }
}
