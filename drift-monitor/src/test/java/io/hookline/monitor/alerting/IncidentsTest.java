package io.hookline.monitor.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.AttributionDrift;
import io.hookline.avro.DomainSeparation;
import io.hookline.avro.DriftReport;
import io.hookline.avro.Evidence;
import io.hookline.avro.ModelRef;
import io.hookline.avro.Performance;
import io.hookline.avro.PredictionDrift;
import io.hookline.avro.TokenNovelty;
import io.hookline.avro.Window;
import io.hookline.avro.WindowKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hysteresis and cooldown over a scripted sequence of failing and clean windows. */
class IncidentsTest {
  private static final Thresholds T = Thresholds.defaults(); // fire after 2, resolve after 2, cooldown 3
  private final Incidents incidents = new Incidents(new FailureHeuristics(T), true);

  @Test
  void firesAfterConsecutiveFailuresResolvesAfterCleanWindowsAndCoolsDown() {
    //                 window: 0  1  2  3  4  5  6  7  8  9  10 11
    boolean[] failing = {true, false, true, true, true, false, false, true, true, true, true, true};
    List<String> events = new ArrayList<>();
    Incidents.State state = Incidents.State.INITIAL;
    for (int w = 0; w < failing.length; w++) {
      List<Finding> findings = failing[w] ? List.of(signal("feature_shift"), signal("prediction_drift")) : List.of();
      Incidents.Step step = incidents.next(state, report(w), findings, List.of("m-" + w), Instant.EPOCH);
      state = step.state();
      if (step.alert() != null) {
        events.add(w + ":" + step.alert().getState() + (step.retrain() != null ? "+retrain" : ""));
      }
    }
    // fires at 3 (2 in a row), resolves at 6 (2 clean), cooldown holds 7-9 back, fires again at 10
    assertThat(events).containsExactly("3:FIRING+retrain", "6:RESOLVED", "10:FIRING+retrain");
  }

  @Test
  void aWindowWithoutEnoughEvidenceNeitherFailsNorClears() {
    // window:  0 1 2 3 4 5 6 7 8
    //          F s F F s C s s C   (F failing, C clean, s too small to judge)
    // the small window 1 does not break the failing streak: the alert fires at 2; the small ones
    // among the clean windows neither resolve it nor reset the clean streak: it resolves at 8

    boolean[] failing = {true, false, true, true, false, false, false, false, false};
    boolean[] small = {false, true, false, false, true, false, true, true, false};
    List<String> events = new ArrayList<>();
    Incidents.State state = Incidents.State.INITIAL;
    for (int w = 0; w < failing.length; w++) {
      List<Finding> findings = failing[w] ? List.of(signal("feature_shift"), signal("prediction_drift")) : List.of();
      DriftReport report = DriftReport.newBuilder(report(w)).setEnoughEvidence(!small[w]).build();
      Incidents.Step step = incidents.next(state, report, findings, List.of(), Instant.EPOCH);
      if (small[w]) {
        assertThat(step.state()).as("state after the small window %d", w).isEqualTo(state);
      }
      state = step.state();
      if (step.alert() != null) {
        events.add(w + ":" + step.alert().getState());
      }
    }
    assertThat(events).containsExactly("2:FIRING", "8:RESOLVED");
  }

  @Test
  void anIncidentThatKeepsFailingAsksForARetrainAgainEveryIntervalNotEveryWindow() {
    // windows a minute apart, all failing: fires (and asks) at 1; the interval is 10 minutes, so it asks again at 11 and 21
    List<String> requests = new ArrayList<>();
    Incidents.State state = Incidents.State.INITIAL;
    for (int w = 0; w < 25; w++) {
      Incidents.Step step = incidents.next(state, report(w), List.of(signal("feature_shift"), signal("prediction_drift")), List.of(), Instant.EPOCH);
      state = step.state();
      if (step.retrain() != null) {
        requests.add(w + ":" + step.retrain().getRequestId());
      }
    }
    String alert = "phish/v1/60000";
    assertThat(requests).containsExactly("1:drift-" + alert, "11:drift-" + alert + "-2", "21:drift-" + alert + "-3");
  }

  @Test
  void oneSignalIsNotEnoughButACriticalOneIs() {
    FailureHeuristics heuristics = new FailureHeuristics(T);
    assertThat(heuristics.failing(List.of(signal("token_novelty")))).isFalse();
    assertThat(heuristics.failing(List.of(new Finding("measured_performance", true, "F1 0.5", List.of())))).isTrue();
  }

  @Test
  void theHeuristicsReadTheReportsNumbers() {
    DriftReport calm = report(0);
    assertThat(new FailureHeuristics(T).evaluate(calm)).isEmpty();
    DriftReport moved = DriftReport.newBuilder(calm)
        .setPrediction(new PredictionDrift(0.6, 0.55, 0.17, 0.9, 0.4, 0.2))
        .setTokens(new TokenNovelty(0.40, 0.28, 0.05))
        .build();
    assertThat(new FailureHeuristics(T).evaluate(moved)).extracting(Finding::heuristic).containsExactly("token_novelty", "prediction_drift");
    DriftReport onlyLegitimateLabelled = DriftReport.newBuilder(calm)
        .setMeasured(new Performance(Double.NaN, Double.NaN, Double.NaN, 40L, null, null)).build();
    assertThat(new FailureHeuristics(T).evaluate(onlyLegitimateLabelled)).as("an undefined F1 is no failure signal").isEmpty();
    DriftReport missedPhishing = DriftReport.newBuilder(calm).setMeasured(new Performance(Double.NaN, 0.0, 0.0, 40L, null, null)).build();
    assertThat(new FailureHeuristics(T).evaluate(missedPhishing)).extracting(Finding::heuristic).containsExactly("measured_performance");
    DriftReport lowOnFewLabels = DriftReport.newBuilder(calm).setMeasured(new Performance(0.75, 0.75, 0.75, 30L, 0.60, 0.90)).build();
    assertThat(new FailureHeuristics(T).evaluate(lowOnFewLabels)).as("a measured F1 whose band reaches above the threshold").isEmpty();
    DriftReport lowOnMany = DriftReport.newBuilder(calm).setMeasured(new Performance(0.7, 0.7, 0.7, 400L, 0.65, 0.75)).build();
    assertThat(new FailureHeuristics(T).evaluate(lowOnMany)).extracting(Finding::heuristic).containsExactly("measured_performance");
    DriftReport tooSmall = DriftReport.newBuilder(moved).setWindow(new Window(Instant.EPOCH, Instant.EPOCH, WindowKind.COUNT, 10L)).build();
    assertThat(new FailureHeuristics(T).evaluate(tooSmall)).isEmpty();
  }

  @Test
  void anotherRetrainIntervalChangesNothingElse() {
    Thresholds faster = Thresholds.defaults().withRetrainInterval(java.time.Duration.ofSeconds(20));
    assertThat(faster.retrainInterval()).isEqualTo(java.time.Duration.ofSeconds(20));
    assertThat(faster).usingRecursiveComparison().ignoringFields("retrainInterval").isEqualTo(Thresholds.defaults());
  }

  @Test
  void theDomainClassifierAndTheShiftAwareEstimateAreSignalsOfTheirOwn() {
    DriftReport calm = report(0);
    DriftReport separable = DriftReport.newBuilder(calm).setDomainClassifier(new DomainSeparation(0.81, 0.58, 500, 200, 80.0)).build();
    assertThat(new FailureHeuristics(T).evaluate(separable)).extracting(Finding::heuristic).containsExactly("domain_classifier");
    DriftReport noisy = DriftReport.newBuilder(calm).setDomainClassifier(new DomainSeparation(0.81, 0.85, 60, 50, 40.0)).build();
    assertThat(new FailureHeuristics(T).evaluate(noisy)).as("an AUC sampling alone reaches").isEmpty();
    DriftReport lowButUnsure = DriftReport.newBuilder(calm).setShiftAware(new Performance(0.7, 0.6, 0.65, 500L, 0.45, 0.82)).build();
    assertThat(new FailureHeuristics(T).evaluate(lowButUnsure)).as("a band reaching above the threshold").isEmpty();
    DriftReport low = DriftReport.newBuilder(calm).setShiftAware(new Performance(0.7, 0.5, 0.58, 500L, 0.45, 0.70)).build();
    assertThat(new FailureHeuristics(T).evaluate(low)).extracting(Finding::heuristic).containsExactly("estimated_performance");
  }

  private static Finding signal(String heuristic) {
    return new Finding(heuristic, false, heuristic, List.of(new Evidence("psi", "x", 1.0, 0.25)));
  }

  private static DriftReport report(int window) {
    return DriftReport.newBuilder()
        .setWindow(new Window(Instant.ofEpochSecond(window * 60L), Instant.ofEpochSecond(window * 60L + 60), WindowKind.TIME, 500L))
        .setModel(new ModelRef("phish", "v1"))
        .setGeneratedAt(Instant.EPOCH)
        .setFeatureShifts(List.of())
        .setTokens(new TokenNovelty(0.25, 0.28, 0.05))
        .setPrediction(new PredictionDrift(0.2, 0.17, 0.17, 0.05, 0.02, 0.2))
        .setEstimated(null)
        .setMeasured(null)
        .setAttribution(new AttributionDrift(1.0, Map.of("token", 0.9), Map.of("token", 0.9), 0.02, List.of()))
        .setChanges(List.of())
        .build();
  }
}
