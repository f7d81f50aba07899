package io.hookline.monitor;

import io.hookline.avro.InferenceRecord;
import io.hookline.avro.ModelRef;
import io.hookline.core.profile.Reference;
import io.hookline.monitor.alerting.Thresholds;
import io.hookline.monitor.alerting.WindowJudge;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The scenario for tests in other packages. */
public final class DriftScenarioAccess {
  private DriftScenarioAccess() {}

  public static ModelRef model() {
    return DriftScenario.MODEL;
  }

  public static Reference reference() throws Exception {
    return DriftScenario.get().reference();
  }

  public static List<InferenceRecord> inDistribution(int count) throws Exception {
    return DriftScenario.draw(DriftScenario.get().inDistribution, count, 3).stream().map(DriftScenario.Scored::record).toList();
  }

  /** The windows the monitor judges over {@code stream} (sliding, a step every {@code step} messages), one message every {@code apart} from {@code start}. */
  public static List<WindowJudge.Judged> sliding(List<InferenceRecord> stream, int step, Thresholds thresholds, Instant start, Duration apart)
      throws Exception {
    return OfflineMonitor.sliding(stream, reference(), step, step, thresholds, start, apart).windows();
  }

  public static List<InferenceRecord> shifted(int count) throws Exception {
    return DriftScenario.draw(DriftScenario.get().shifted, count, 3).stream().map(DriftScenario.Scored::record).toList();
  }
}
