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

  /**
   * The key of a lifecycle event ({@code phish/v7}), or of a detector's report ({@code
   * phish@<instance>/loaded}, {@code .../refused}): one key per instance and kind, so compaction
   * keeps what each detector serves now and its latest refusal.
   */
  public static String of(ModelEvent event) {
    if (event.getReportedBy() != null) {
      return event.getModel().getName() + "@" + event.getReportedBy() + "/" + event.getKind().name().toLowerCase(java.util.Locale.ROOT);
    }
    return event.getModel().getName() + "/" + event.getModel().getVersion();
  }
}
