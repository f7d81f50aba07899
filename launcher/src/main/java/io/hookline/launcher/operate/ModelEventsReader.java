package io.hookline.launcher.operate;

import io.hookline.avro.ModelEvent;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicFollower;
import io.hookline.core.topics.UnreadableRecords;
import io.hookline.trainer.registry.ModelHistory;
import java.time.Duration;

/** Reads a model's history from {@code model.events}, to its end. */
final class ModelEventsReader {
  private ModelEventsReader() {}

  static ModelHistory history(KafkaConnection kafka, HooklineTopics topics, String model) throws InterruptedException {
    ModelHistory history = new ModelHistory(model);
    try (TopicFollower<ModelEvent> follower = new TopicFollower<>(kafka, topics.modelEvents(), history::add, UnreadableRecords.skipped("hookline models"), "model-events-reader").start()) {
      if (!follower.awaitCaughtUp(Duration.ofSeconds(30))) {
        throw new IllegalStateException("model.events could not be read to its end within 30 s from the broker at " + kafka.bootstrapServers()
            + " (unreachable, or the topic does not exist: see hookline topics)");
      }
    }
    return history;
  }
}
