package io.hookline.schemas.registry;

/** Confluent's TopicNameStrategy: a topic's values are registered under {@code <topic>-value}. */
public final class Subjects {
  private Subjects() {}

  /** The subject for a topic's keys or values. */
  public static String forTopic(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }
}
