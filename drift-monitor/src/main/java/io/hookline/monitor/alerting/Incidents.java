package io.hookline.monitor.alerting;

import io.hookline.avro.AlertState;
import io.hookline.avro.BalancePolicy;
import io.hookline.avro.DataPolicy;
import io.hookline.avro.DriftAlert;
import io.hookline.avro.DriftReport;
import io.hookline.avro.Evidence;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.RetrainTrigger;
import io.hookline.avro.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the sequence of a model version's window verdicts into incidents, with hysteresis: an
 * alert fires after {@code windows-to-fire} failing windows in a row and resolves after {@code
 * windows-to-resolve} clean ones; after it resolves, {@code cooldown-windows} windows pass before
 * another may fire. A window without enough evidence ({@link DriftReport#getEnoughEvidence()})
 * leaves the state as it was: it is neither failing nor clean. Firing also asks the trainer for a
 * generalist retrain with the evidence; while the alert stays active and its windows keep failing,
 * it asks again every {@code retrain-interval} (by the messages' time), so a candidate rejected for
 * too few labels is tried again once more have arrived.
 */
public final class Incidents {

  /**
   * What an incident tracker remembers between windows; kept in a state store.
   *
   * @param retrainRequests how many retrains the active incident asked for
   * @param lastRequestAt when it last asked (event time, epoch ms)
   */
  public record State(int failing, int clean, String activeAlertId, int cooldown, int retrainRequests, long lastRequestAt) {
    public static final State INITIAL = new State(0, 0, null, 0, 0, 0);

    /** The next state, keeping the retrain requests of an incident that stays active. */
    State next(int failingRun, int cleanRun, String alertId, int cooldownLeft) {
      return new State(failingRun, cleanRun, alertId, cooldownLeft, alertId == null ? 0 : retrainRequests, alertId == null ? 0 : lastRequestAt);
    }
  }

  /** The outcome of one window: the next state, and what to publish. */
  public record Step(State state, DriftAlert alert, RetrainRequest retrain) {}

  private final FailureHeuristics heuristics;
  private final boolean requestRetrain;

  public Incidents(FailureHeuristics heuristics, boolean requestRetrain) {
    this.heuristics = heuristics;
    this.requestRetrain = requestRetrain;
  }

  public Step next(State state, DriftReport report, List<Finding> findings, List<String> sampleIds, Instant now) {
    if (!report.getEnoughEvidence()) {
      return new Step(state, null, null); // not enough evidence either way: it neither fails nor clears
    }
    Thresholds t = heuristics.thresholds();
    boolean failing = heuristics.failing(findings);
    int failingRun = failing ? state.failing() + 1 : 0;
    int cleanRun = failing ? 0 : state.clean() + 1;
    long at = report.getWindow().getEnd().toEpochMilli();
    if (state.activeAlertId() == null) {
      int cooldown = Math.max(0, state.cooldown() - 1);
      if (failingRun >= t.windowsToFire() && state.cooldown() == 0) {
        String id = report.getModel().getName() + "/" + report.getModel().getVersion() + "/" + report.getWindow().getStart().toEpochMilli();
        DriftAlert alert = alert(id, AlertState.FIRING, report, findings, sampleIds, now);
        RetrainRequest retrain = requestRetrain ? retrain(id, "drift-" + id, report, findings, now) : null;
        return new Step(new State(failingRun, cleanRun, id, 0, retrain == null ? 0 : 1, retrain == null ? 0 : at), alert, retrain);
      }
      return new Step(state.next(failingRun, cleanRun, null, cooldown), null, null);
    }
    if (cleanRun >= t.windowsToResolve()) {
      DriftAlert resolved = alert(state.activeAlertId(), AlertState.RESOLVED, report, findings, sampleIds, now);
      return new Step(state.next(failingRun, cleanRun, null, t.cooldownWindows()), resolved, null);
    }
    if (requestRetrain && failing && state.retrainRequests() > 0 && at - state.lastRequestAt() >= t.retrainInterval().toMillis()) {
      // still failing long after the last request (its candidate was rejected, or is still training): ask again; the
      // trainer rejects a request without labels it has not tried, so this costs little
      int n = state.retrainRequests() + 1;
      RetrainRequest retrain = retrain(state.activeAlertId(), "drift-" + state.activeAlertId() + "-" + n, report, findings, now);
      return new Step(new State(failingRun, cleanRun, state.activeAlertId(), 0, n, at), null, retrain);
    }
    return new Step(state.next(failingRun, cleanRun, state.activeAlertId(), 0), null, null);
  }

  private static DriftAlert alert(String id, AlertState state, DriftReport report, List<Finding> findings, List<String> sampleIds, Instant now) {
    boolean critical = findings.stream().anyMatch(Finding::critical) || findings.size() >= 4;
    String heuristic = findings.isEmpty() ? "none" : findings.stream().map(Finding::heuristic).collect(Collectors.joining("+"));
    String summary = state == AlertState.RESOLVED
        ? "drift cleared for " + report.getModel().getName() + " " + report.getModel().getVersion()
        : report.getModel().getName() + " " + report.getModel().getVersion() + " meets unfamiliar mail: "
            + findings.stream().map(Finding::summary).collect(Collectors.joining("; "));
    return DriftAlert.newBuilder()
        .setAlertId(id)
        .setState(state)
        .setSeverity(state == AlertState.RESOLVED ? Severity.INFO : critical ? Severity.CRITICAL : Severity.WARNING)
        .setHeuristic(heuristic)
        .setSummary(summary)
        .setRaisedAt(now)
        .setModel(report.getModel())
        .setWindow(report.getWindow())
        .setEvidence(evidence(findings))
        .setSampleMessageIds(sampleIds)
        .build();
  }

  private static RetrainRequest retrain(String alertId, String requestId, DriftReport report, List<Finding> findings, Instant now) {
    return RetrainRequest.newBuilder()
        .setRequestId(requestId)
        .setRequestedAt(now)
        .setTrigger(RetrainTrigger.DRIFT)
        .setRequestedBy("drift-monitor")
        .setReason("drift alert " + alertId + ": " + findings.stream().map(Finding::heuristic).collect(Collectors.joining(", ")))
        .setModel(report.getModel().getName())
        .setBaseVersion(report.getModel().getVersion())
        .setAlertId(alertId)
        .setEvidence(evidence(findings))
        // the failure is a generalization failure: diversify across every domain, and learn from
        // every live label the trainer keeps (not only those since the trouble began: fewer labels, worse repair)
        .setDataPolicy(DataPolicy.newBuilder().setName("generalist").setDomains(List.of()).setBalance(BalancePolicy.DOMAIN_AND_CLASS)
            .setFeedbackSince(null).setMaxExamples(null).setSeed(42).build())
        .build();
  }

  private static List<Evidence> evidence(List<Finding> findings) {
    List<Evidence> all = new ArrayList<>();
    for (Finding finding : findings) {
      all.addAll(finding.evidence());
    }
    return all.size() > 20 ? List.copyOf(all.subList(0, 20)) : all;
  }
}
