package io.hookline.monitor;

import io.hookline.avro.AlertState;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Window;
import io.hookline.avro.WindowKind;
import io.hookline.core.profile.Reference;
import io.hookline.monitor.alerting.Thresholds;
import io.hookline.monitor.alerting.WindowJudge;
import io.hookline.monitor.window.WindowSketch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The monitor's judging without Kafka, as the topology does it (partials of {@code flush} events
 * merged into count or sliding windows), for measuring detection over many runs quickly.
 */
final class OfflineMonitor {
  /** Judged windows, and at which message the first alert fired (-1 for none). */
  record Run(List<WindowJudge.Judged> windows, int firstAlertAt) {}

  /** Count windows of {@code windowEvents}. */
  static Run run(List<InferenceRecord> stream, Reference reference, int windowEvents, int flush, Thresholds thresholds) {
    Judging judging = new Judging(stream, reference, thresholds, Instant.EPOCH, Duration.ofMillis(1));
    WindowSketch[] window = {new WindowSketch()};
    partials(stream, reference, flush, (last, partial) -> {
      window[0].merge(partial);
      if (window[0].events() >= windowEvents) {
        judging.judge(last, WindowKind.COUNT, window[0], window[0].batches());
        window[0] = new WindowSketch();
      }
    });
    return judging.run();
  }

  /** Sliding windows as the topology cuts them: steps of at least {@code step} events, judged on the newest steps that hold {@code min-events}. */
  static Run sliding(List<InferenceRecord> stream, Reference reference, int step, int flush, Thresholds thresholds) {
    return sliding(stream, reference, step, flush, thresholds, Instant.EPOCH, Duration.ofMillis(1));
  }

  /** Sliding windows, the messages arriving {@code apart} from each other from {@code start}. */
  static Run sliding(List<InferenceRecord> stream, Reference reference, int step, int flush, Thresholds thresholds, Instant start, Duration apart) {
    Judging judging = new Judging(stream, reference, thresholds, start, apart);
    ArrayDeque<WindowSketch> steps = new ArrayDeque<>();
    WindowSketch[] open = {new WindowSketch()};
    partials(stream, reference, flush, (last, partial) -> {
      open[0].merge(partial);
      if (open[0].events() < step) {
        return;
      }
      open[0].sealBatch();
      steps.addFirst(open[0]);
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
      judging.judge(last, WindowKind.SLIDING, window, open[0].batches());
      open[0] = new WindowSketch();
    });
    return judging.run();
  }

  /** What a partition's aggregator sends on: a sealed partial every {@code flush} events (and the rest at the end). */
  private static void partials(List<InferenceRecord> stream, Reference reference, int flush, PartialSink sink) {
    WindowSketch partial = new WindowSketch();
    for (int i = 0; i < stream.size(); i++) {
      partial.add(stream.get(i), reference);
      if (partial.events() == flush || i == stream.size() - 1) {
        partial.sealBatch();
        sink.accept(i, partial);
        partial = new WindowSketch();
      }
    }
  }

  private interface PartialSink {
    void accept(int lastMessage, WindowSketch partial);
  }

  /** The judge, the carried-over state, and what it found so far. */
  private static final class Judging {
    private final List<InferenceRecord> stream;
    private final Reference reference;
    private final WindowJudge judge;
    private final List<WindowJudge.Judged> judged = new ArrayList<>();
    private WindowJudge.ModelState state = WindowJudge.ModelState.INITIAL;
    private int firstAlert = -1;
    private final Instant start;
    private final Duration apart;

    Judging(List<InferenceRecord> stream, Reference reference, Thresholds thresholds, Instant start, Duration apart) {
      this.start = start;
      this.apart = apart;
      this.stream = stream;
      this.reference = reference;
      this.judge = new WindowJudge(thresholds, true);
    }

    void judge(int lastMessage, WindowKind kind, WindowSketch window, List<double[]> newBatches) {
      Instant at = start.plus(apart.multipliedBy(lastMessage));
      Window w = new Window(at, at.plus(apart), kind, window.events());
      WindowJudge.Judged j = judge.judge(stream.get(lastMessage).getModel(), w, window, newBatches, reference, state, at);
      state = j.next();
      judged.add(j);
      if (firstAlert < 0 && j.step().alert() != null && j.step().alert().getState() == AlertState.FIRING) {
        firstAlert = lastMessage + 1;
      }
    }

    Run run() {
      return new Run(judged, firstAlert);
    }
  }
}
