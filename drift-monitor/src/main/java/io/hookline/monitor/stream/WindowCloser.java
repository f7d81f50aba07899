package io.hookline.monitor.stream;

import io.hookline.avro.ModelRef;
import io.hookline.avro.Window;
import io.hookline.avro.WindowKind;
import io.hookline.core.profile.Reference;
import io.hookline.monitor.MonitorConfig;
import io.hookline.monitor.alerting.WindowJudge;
import io.hookline.monitor.reference.ReferenceCatalog;
import io.hookline.monitor.window.WindowSketch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second stage, keyed by model version: merges the partial sketches of each window in a state
 * store (with a changelog, so a restarted or moved task resumes), and closes a window when it is
 * complete: a time window once the messages' event time (or, on a quiet stream, the wall clock)
 * has passed its end and the grace period; a count window once it holds its events. A closed
 * window is judged, its report, alert and retrain request published, and it leaves the store, so
 * the store holds only open windows however long the stream runs.
 */
final class WindowCloser implements Processor<String, Partial, String, MonitorOutput> {
  static final String WINDOWS = "monitor-windows";
  static final String STATE = "monitor-model-state";
  private static final Logger log = LoggerFactory.getLogger(WindowCloser.class);

  private final MonitorConfig config;
  private final ReferenceCatalog catalog;
  private final WindowJudge judge;
  private final Consumer<WindowJudge.Judged> listener;
  private ProcessorContext<String, MonitorOutput> context;
  private KeyValueStore<String, WindowSketch> windows;
  private KeyValueStore<String, WindowJudge.ModelState> states;
  private long eventTime = Long.MIN_VALUE;

  WindowCloser(MonitorConfig config, ReferenceCatalog catalog, Consumer<WindowJudge.Judged> listener) {
    this.config = config;
    this.catalog = catalog;
    this.judge = new WindowJudge(config.thresholds(), config.retrainRequests());
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<String, MonitorOutput> context) {
    this.context = context;
    this.windows = context.getStateStore(WINDOWS);
    this.states = context.getStateStore(STATE);
    if (config.windowKind() == MonitorConfig.WindowKind.TIME) {
      context.schedule(config.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeIdle);
    }
  }

  @Override
  public void process(Record<String, Partial> record) {
    Partial partial = record.value();
    if (partial == null) {
      return;
    }
    String modelKey = record.key();
    String windowKey = ModelKeys.window(modelKey, partial.windowStart());
    WindowSketch merged = windows.get(windowKey);
    if (merged == null) {
      merged = partial.sketch();
    } else {
      merged.merge(partial.sketch());
    }
    if (config.windowKind() == MonitorConfig.WindowKind.COUNT) {
      if (merged.events() >= config.windowEvents()) {
        windows.delete(windowKey);
        close(modelKey, merged.firstReceived(), merged.lastReceived() + 1, WindowKind.COUNT, merged);
      } else {
        windows.put(windowKey, merged);
      }
      return;
    }
    if (partial.sketch().events() > 0) {
      eventTime = Math.max(eventTime, partial.sketch().lastReceived());
    }
    long size = config.windowSize().toMillis();
    if (partial.windowStart() + size + config.windowGrace().toMillis() <= eventTime) {
      log.debug("late partial of {} events for closed window {} of {} dropped", partial.sketch().events(), partial.windowStart(), modelKey);
      return;
    }
    windows.put(windowKey, merged);
    closeDue(eventTime - config.windowGrace().toMillis());
  }

  /** On a quiet stream the event time stops: windows close by the wall clock too, one window size later. */
  private void closeIdle(long now) {
    closeDue(now - config.windowGrace().toMillis() - config.windowSize().toMillis());
  }

  /** Closes every time window that ends at or before {@code until}. */
  private void closeDue(long until) {
    long size = config.windowSize().toMillis();
    List<KeyValue<String, WindowSketch>> due = new ArrayList<>();
    try (KeyValueIterator<String, WindowSketch> all = windows.all()) {
      while (all.hasNext()) {
        KeyValue<String, WindowSketch> entry = all.next();
        if (ModelKeys.windowStart(entry.key) + size <= until) {
          due.add(entry);
        }
      }
    }
    due.sort((a, b) -> a.key.compareTo(b.key)); // a model's windows in time order
    for (KeyValue<String, WindowSketch> entry : due) {
      windows.delete(entry.key);
      long start = ModelKeys.windowStart(entry.key);
      close(ModelKeys.modelOf(entry.key), start, start + size, WindowKind.TIME, entry.value);
    }
  }

  private void close(String modelKey, long start, long end, WindowKind kind, WindowSketch sketch) {
    ModelRef model = ModelKeys.parse(modelKey);
    Optional<Reference> reference = catalog.get(model);
    if (reference.isEmpty()) {
      log.warn("window of {} {} with {} events not judged: no reference profile for that version", model.getName(), model.getVersion(), sketch.events());
      return;
    }
    WindowJudge.ModelState state = Optional.ofNullable(states.get(modelKey)).orElse(WindowJudge.ModelState.INITIAL);
    Window window = new Window(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), kind, sketch.events());
    WindowJudge.Judged judged = judge.judge(model, window, sketch, reference.get(), state, Instant.now());
    states.put(modelKey, judged.next());
    long timestamp = context.currentSystemTimeMs();
    context.forward(new Record<>(model.getName() + "/" + start, new MonitorOutput.Report(judged.report()), timestamp));
    if (judged.step().alert() != null) {
      context.forward(new Record<>(judged.step().alert().getAlertId(), new MonitorOutput.Alert(judged.step().alert()), timestamp));
    }
    if (judged.step().retrain() != null) {
      context.forward(new Record<>(judged.step().retrain().getRequestId(), new MonitorOutput.Retrain(judged.step().retrain()), timestamp));
    }
    listener.accept(judged);
  }
}
