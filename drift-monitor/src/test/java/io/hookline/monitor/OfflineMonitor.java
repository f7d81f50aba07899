package io.hookline.monitor;

import io.hookline.avro.AlertState;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Window;
import io.hookline.avro.WindowKind;
import io.hookline.core.profile.Reference;
import io.hookline.monitor.alerting.Thresholds;
import io.hookline.monitor.alerting.WindowJudge;
import io.hookline.monitor.window.WindowSketch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The monitor's judging without Kafka, as the topology does it (partials of {@code flush}
 * events merged into count windows), for measuring detection over many runs quickly.
 */
final class OfflineMonitor {
  /** Judged windows, and at which message the first alert fired (-1 for none). */
  record Run(List<WindowJudge.Judged> windows, int firstAlertAt) {}

  static Run run(List<InferenceRecord> stream, Reference reference, int windowEvents, int flush, Thresholds thresholds) {
    WindowJudge judge = new WindowJudge(thresholds, true);
    WindowJudge.ModelState state = WindowJudge.ModelState.INITIAL;
    List<WindowJudge.Judged> judged = new ArrayList<>();
    int firstAlert = -1;
    WindowSketch window = new WindowSketch();
    WindowSketch partial = new WindowSketch();
    for (int i = 0; i < stream.size(); i++) {
      partial.add(stream.get(i), reference);
      if (partial.events() == flush || i == stream.size() - 1) {
        partial.sealBatch();
        window.merge(partial);
        partial = new WindowSketch();
      }
      if (window.events() >= windowEvents) {
        Window w = new Window(Instant.ofEpochMilli(i), Instant.ofEpochMilli(i + 1), WindowKind.COUNT, window.events());
        WindowJudge.Judged j = judge.judge(stream.get(i).getModel(), w, window, reference, state, Instant.EPOCH);
        state = j.next();
        judged.add(j);
        if (firstAlert < 0 && j.step().alert() != null && j.step().alert().getState() == AlertState.FIRING) {
          firstAlert = i + 1;
        }
        window = new WindowSketch();
      }
    }
    return new Run(judged, firstAlert);
  }

  /** Sliding windows as the topology cuts them: steps of at least {@code step} events, judged on the newest steps that hold {@code min-events}. */
  static Run sliding(List<InferenceRecord> stream, Reference reference, int step, int flush, Thresholds thresholds) {
    WindowJudge judge = new WindowJudge(thresholds, true);
    WindowJudge.ModelState state = WindowJudge.ModelState.INITIAL;
    List<WindowJudge.Judged> judged = new ArrayList<>();
    java.util.ArrayDeque<WindowSketch> steps = new java.util.ArrayDeque<>();
    int firstAlert = -1;
    WindowSketch open = new WindowSketch();
    WindowSketch partial = new WindowSketch();
    for (int i = 0; i < stream.size(); i++) {
      partial.add(stream.get(i), reference);
      if (partial.events() == flush || i == stream.size() - 1) {
        partial.sealBatch();
        open.merge(partial);
        partial = new WindowSketch();
        if (open.events() >= step) {
          open.sealBatch();
          steps.addFirst(open);
          WindowSketch window = new WindowSketch();
          int kept = 0;
          for (WindowSketch s : steps) {
            if (window.events() >= thresholds.minEvents()) {
              break;
            }
            window.merge(s);
            kept++;
          }
          while (steps.size() > kept) {
            steps.removeLast();
          }
          Window w = new Window(Instant.ofEpochMilli(i), Instant.ofEpochMilli(i + 1), WindowKind.SLIDING, window.events());
          WindowJudge.Judged j = judge.judge(stream.get(i).getModel(), w, window, open.batches(), reference, state, Instant.EPOCH);
          state = j.next();
          judged.add(j);
          if (firstAlert < 0 && j.step().alert() != null && j.step().alert().getState() == AlertState.FIRING) {
            firstAlert = i + 1;
          }
          open = new WindowSketch();
        }
      }
    }
    return new Run(judged, firstAlert);
  }
}
