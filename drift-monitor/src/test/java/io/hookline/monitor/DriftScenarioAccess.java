package io.hookline.monitor;

import io.hookline.avro.InferenceRecord;
import io.hookline.avro.ModelRef;
import io.hookline.core.profile.Reference;
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

  public static List<InferenceRecord> shifted(int count) throws Exception {
    return DriftScenario.draw(DriftScenario.get().shifted, count, 3).stream().map(DriftScenario.Scored::record).toList();
  }
}
