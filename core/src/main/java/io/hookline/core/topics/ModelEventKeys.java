package io.hookline.core.topics;

import io.hookline.avro.ModelEvent;

/**
 * The key of a record on {@code model.events}: the model's name and version ({@code phish/v7}).
 *
 * <p>The topic is compacted, which keeps the latest record of each key. Keyed by version, each
 * version keeps its latest event, so the promotion of the version in service survives the events
 * of later versions (a PUBLISHED and REJECTED retrain, say) that would have replaced it under a
 * key of the model's name alone; compaction keeps the order of what it keeps, so the latest
 * PROMOTED or ROLLED_BACK record still names the version in service.
 */
public final class ModelEventKeys {
  private ModelEventKeys() {}

  public static String of(ModelEvent event) {
    return event.getModel().getName() + "/" + event.getModel().getVersion();
  }
}
