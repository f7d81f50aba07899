package io.hookline.monitor.stream;

import io.hookline.core.profile.Reference;
import io.hookline.monitor.MonitorConfig;
import io.hookline.monitor.reference.ReferenceCatalog;
import io.hookline.monitor.window.MonitorEvent;
import io.hookline.monitor.window.WindowSketch;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First stage, on every input partition: folds events into small in-memory sketches per model
 * version and window, and sends them on every {@code flush.events} events or {@code
 * flush.interval}, so the expensive part (one update per feature, token and attribution) runs in
 * parallel and the merging stage sees one record per few hundred events. A crash loses at most
 * the events since the last flush from the statistics, never a report already made.
 */
final class PartialAggregator implements Processor<String, MonitorEvent, String, Partial> {
  private final MonitorConfig config;
  private final ReferenceCatalog catalog;
  private final Map<String, Partial> open = new HashMap<>();
  /** The references of the models seen since the last flush: one catalog lookup per model and flush, not per event. */
  private final Map<String, Optional<Reference>> references = new HashMap<>();
  private ProcessorContext<String, Partial> context;
  private int pending;

  PartialAggregator(MonitorConfig config, ReferenceCatalog catalog) {
    this.config = config;
    this.catalog = catalog;
  }

  @Override
  public void init(ProcessorContext<String, Partial> context) {
    this.context = context;
    context.schedule(config.flushInterval(), PunctuationType.WALL_CLOCK_TIME, now -> flush());
  }

  @Override
  public void process(Record<String, MonitorEvent> record) {
    MonitorEvent event = record.value();
    if (event == null) {
      return;
    }
    long start = config.windowKind() == MonitorConfig.WindowKind.TIME
        ? Math.floorDiv(event.receivedAtMillis(), config.windowSize().toMillis()) * config.windowSize().toMillis()
        : 0; // count and sliding windows are cut where the partials merge
    String modelKey = ModelKeys.model(event.model());
    Partial partial = open.computeIfAbsent(ModelKeys.window(modelKey, start), k -> new Partial(start, new WindowSketch()));
    if (event instanceof MonitorEvent.Scored scored) {
      Reference reference = references.computeIfAbsent(modelKey, k -> catalog.get(event.model())).orElse(null);
      partial.sketch().add(scored.record(), reference);
    } else if (event instanceof MonitorEvent.Labelled labelled) {
      partial.sketch().addLabelled(labelled.predicted(), labelled.actual());
    }
    if (++pending >= config.flushEvents()) {
      flush();
    }
  }

  private void flush() {
    long now = System.currentTimeMillis();
    for (var entry : open.entrySet()) {
      entry.getValue().sketch().sealBatch();
      context.forward(new Record<>(ModelKeys.modelOf(entry.getKey()), entry.getValue(), now));
    }
    open.clear();
    references.clear(); // a profile that arrives later is picked up from the next flush on
    pending = 0;
  }
}
