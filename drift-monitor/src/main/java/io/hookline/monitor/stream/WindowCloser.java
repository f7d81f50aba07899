package io.hookline.monitor.stream;

import io.hookline.avro.Label;
import io.hookline.avro.LabelRequest;
import io.hookline.avro.ModelRef;
import io.hookline.avro.Window;
import io.hookline.avro.WindowKind;
import io.hookline.core.profile.Reference;
import io.hookline.monitor.MonitorConfig;
import io.hookline.monitor.alerting.WindowJudge;
import io.hookline.monitor.labelling.LabelCandidate;
import io.hookline.monitor.reference.ReferenceCatalog;
import io.hookline.monitor.window.WindowSketch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
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
 * complete. A sliding window (the default) is cut in steps: a step closes once it holds {@code
 * window.step} messages, or once it has been open {@code window.size} by the messages' event time
 * or, on a quiet stream, by the wall clock; each closed step is judged together with the steps
 * before it that make up the minimum evidence ({@code min-events}), so the judgement rests on the
 * most recent few hundred messages at any traffic rate. A time window closes once the event time
 * (or the wall clock) has passed its end and the grace period; a count window once it holds its
 * events. A closed window is judged, its report, alert and retrain request published, and what
 * the next judgement no longer needs leaves the store, so the stores stay bounded however long
 * the stream runs.
 */
final class WindowCloser implements Processor<String, Partial, String, MonitorOutput> {
  static final String WINDOWS = "monitor-windows";
  static final String STATE = "monitor-model-state";
  static final String STEPS = "monitor-steps";
  /** Where a model's open sliding step is kept in the windows store. */
  private static final long OPEN_STEP = 0;
  private static final Logger log = LoggerFactory.getLogger(WindowCloser.class);

  private final MonitorConfig config;
  private final ReferenceCatalog catalog;
  private final WindowJudge judge;
  private final Consumer<WindowJudge.Judged> listener;
  private ProcessorContext<String, MonitorOutput> context;
  private KeyValueStore<String, WindowSketch> windows;
  private KeyValueStore<String, WindowJudge.ModelState> states;
  private KeyValueStore<String, WindowSketch> steps;
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
    this.steps = context.getStateStore(STEPS);
    if (config.windowKind() == MonitorConfig.WindowKind.TIME) {
      context.schedule(config.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeIdle);
    } else if (config.windowKind() == MonitorConfig.WindowKind.SLIDING) {
      context.schedule(config.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeIdleSteps);
    }
  }

  @Override
  public void process(Record<String, Partial> record) {
    Partial partial = record.value();
    if (partial == null) {
      return;
    }
    String modelKey = record.key();
    if (config.windowKind() == MonitorConfig.WindowKind.SLIDING) {
      slide(modelKey, partial.sketch());
      return;
    }
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
        close(modelKey, merged.firstReceived(), merged.lastReceived() + 1, WindowKind.COUNT, merged, merged.batches());
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

  /** Adds a partial to the model's open step, and closes the step when it is full or has been open long enough. */
  private void slide(String modelKey, WindowSketch partial) {
    String openKey = ModelKeys.window(modelKey, OPEN_STEP);
    WindowSketch step = windows.get(openKey);
    if (step == null) {
      step = partial;
    } else {
      step.merge(partial);
    }
    if (partial.events() > 0) {
      eventTime = Math.max(eventTime, partial.lastReceived());
    }
    boolean full = step.events() >= config.windowStep();
    boolean aged = step.events() > 0 && eventTime - step.firstReceived() >= config.windowSize().toMillis();
    if (full || aged) {
      windows.delete(openKey);
      closeStep(modelKey, step);
    } else {
      windows.put(openKey, step);
    }
  }

  /** On a quiet stream a step that has waited its window size (and the grace period) by the wall clock closes with what it has. */
  private void closeIdleSteps(long now) {
    long until = now - config.windowSize().toMillis() - config.windowGrace().toMillis();
    List<KeyValue<String, WindowSketch>> due = new ArrayList<>();
    try (KeyValueIterator<String, WindowSketch> all = windows.all()) {
      while (all.hasNext()) {
        KeyValue<String, WindowSketch> entry = all.next();
        if (entry.value.events() > 0 && entry.value.firstReceived() <= until) {
          due.add(entry);
        }
      }
    }
    for (KeyValue<String, WindowSketch> entry : due) {
      windows.delete(entry.key);
      closeStep(ModelKeys.modelOf(entry.key), entry.value);
    }
  }

  /**
   * Keeps a closed step and judges the sliding window it ends: this step and the ones before it,
   * newest first, until they hold the minimum evidence. Older steps are no longer needed and go.
   */
  private void closeStep(String modelKey, WindowSketch step) {
    step.sealBatch(); // the change detectors see each step once, as one mini-batch
    WindowJudge.ModelState state = Optional.ofNullable(states.get(modelKey)).orElse(WindowJudge.ModelState.INITIAL);
    long number = state.steps();
    steps.put(ModelKeys.window(modelKey, number), step);
    states.put(modelKey, state.withSteps(number + 1));
    WindowSketch window = new WindowSketch();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    List<String> stale = new ArrayList<>();
    try (KeyValueIterator<String, WindowSketch> newestFirst = steps.reverseRange(ModelKeys.window(modelKey, 0), ModelKeys.window(modelKey, number))) {
      while (newestFirst.hasNext()) {
        KeyValue<String, WindowSketch> entry = newestFirst.next();
        if (window.events() >= config.thresholds().minEvents()) {
          stale.add(entry.key);
        } else {
          window.merge(entry.value);
          start = Math.min(start, entry.value.firstReceived());
          end = Math.max(end, entry.value.lastReceived() + 1);
        }
      }
    }
    stale.forEach(steps::delete); // a step closes only with messages in it, so start and end are set
    WindowJudge.Judged judged = close(modelKey, start, end, WindowKind.SLIDING, window, step.batches());
    if (judged != null) {
      askForLabels(judged, step);
    }
  }

  /**
   * While the model fails or an alert is active, asks analysts for the labels of a share of the
   * step (at least one): half drawn at random, so the labels describe the traffic and can test a
   * repair without bias, half the most useful (uncertain, unseen vocabulary), which teach most.
   */
  private void askForLabels(WindowJudge.Judged judged, WindowSketch step) {
    String alertId = judged.next().incident().activeAlertId();
    if (config.labelRequestShare() == 0 || !judged.report().getEnoughEvidence() || (judged.findings().isEmpty() && alertId == null)) {
      return;
    }
    // rounded down: a budget is a ceiling (at least one, or a small step would never ask)
    int budget = (int) Math.max(1, Math.floor(config.labelRequestShare() * step.events()));
    String during = alertId != null ? "drift alert " + alertId + " is active" : "the window shows " + judged.findings().size() + " failure signal(s)";
    List<LabelCandidate> sample = step.drawnLabelCandidates();
    List<LabelCandidate> drawn = sample.subList(0, Math.min((budget + 1) / 2, sample.size()));
    Set<String> drawnIds = drawn.stream().map(LabelCandidate::messageId).collect(Collectors.toSet());
    List<LabelCandidate> useful = LabelCandidate.pick(step.labelCandidates().stream().filter(c -> !drawnIds.contains(c.messageId())).toList(),
        budget - drawn.size());
    drawn.forEach(c -> askForLabel(judged, c, alertId, "drawn at random, so the labels describe the traffic, while " + during));
    useful.forEach(c -> askForLabel(judged, c, alertId, String.format(java.util.Locale.ROOT, "score %.2f, %.0f%% unseen tokens, while %s",
        c.score(), 100 * c.novelty(), during)));
  }

  private void askForLabel(WindowJudge.Judged judged, LabelCandidate candidate, String alertId, String reason) {
    long now = context.currentSystemTimeMs();
    LabelRequest request = LabelRequest.newBuilder()
        .setMessageId(candidate.messageId())
        .setModel(judged.report().getModel())
        .setRequestedAt(Instant.ofEpochMilli(now))
        .setReceivedAt(Instant.ofEpochMilli(candidate.receivedAt()))
        .setScore(candidate.score())
        .setPredicted(candidate.predictedPhishing() ? Label.PHISHING : Label.LEGITIMATE)
        .setNovelty(candidate.novelty())
        .setUtility(candidate.utility())
        .setReason(reason)
        .setAlertId(alertId)
        .build();
    context.forward(new Record<>(candidate.messageId(), new MonitorOutput.AskLabel(request), now));
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
      close(ModelKeys.modelOf(entry.key), start, start + size, WindowKind.TIME, entry.value, entry.value.batches());
    }
  }

  /** Judges a closed window and publishes what follows; null when the version has no reference to judge it by. */
  private WindowJudge.Judged close(String modelKey, long start, long end, WindowKind kind, WindowSketch sketch, List<double[]> newBatches) {
    ModelRef model = ModelKeys.parse(modelKey);
    Optional<Reference> reference = catalog.get(model);
    if (reference.isEmpty()) {
      log.warn("window of {} {} with {} events not judged: no reference profile for that version", model.getName(), model.getVersion(), sketch.events());
      return null;
    }
    WindowJudge.ModelState state = Optional.ofNullable(states.get(modelKey)).orElse(WindowJudge.ModelState.INITIAL);
    Window window = new Window(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), kind, sketch.events());
    WindowJudge.Judged judged = judge.judge(model, window, sketch, newBatches, reference.get(), state, Instant.now());
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
    return judged;
  }
}
