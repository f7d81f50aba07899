package io.hookline.monitor.alerting;

import io.hookline.avro.ChangeSignal;
import io.hookline.avro.DriftReport;
import io.hookline.avro.ModelRef;
import io.hookline.avro.Window;
import io.hookline.core.profile.Reference;
import io.hookline.monitor.drift.PageHinkley;
import io.hookline.monitor.drift.ReportBuilder;
import io.hookline.monitor.window.WindowSketch;
import java.time.Instant;
import java.util.List;

/**
 * Judges one closed window of one model version: its report (with the sequential change
 * detectors advanced over the window's mini-batches), the failure signals in it, and the next
 * step of the version's incident. Holds no state of its own: what carries over from window to
 * window is in {@link ModelState}.
 */
public final class WindowJudge {
  /** Mini-batches smaller than this are too noisy for the change detectors. */
  private static final int MIN_BATCH = 50;

  /**
   * What carries over between windows of one model version.
   *
   * @param steps how many steps of a sliding window have closed (the next one's number)
   */
  public record ModelState(Incidents.State incident, double[] scoreChange, double[] errorChange, long steps) {
    public static final ModelState INITIAL = new ModelState(Incidents.State.INITIAL, null, null, 0);

    public ModelState withSteps(long closed) {
      return new ModelState(incident, scoreChange, errorChange, closed);
    }
  }

  /** One judged window. */
  public record Judged(DriftReport report, List<Finding> findings, Incidents.Step step, ModelState next) {}

  private final FailureHeuristics heuristics;
  private final Incidents incidents;

  public WindowJudge(Thresholds thresholds, boolean retrainRequests) {
    this.heuristics = new FailureHeuristics(thresholds);
    this.incidents = new Incidents(heuristics, retrainRequests);
  }

  public Judged judge(ModelRef model, Window window, WindowSketch sketch, Reference reference, ModelState state, Instant now) {
    return judge(model, window, sketch, sketch.batches(), reference, state, now);
  }

  /**
   * Judges a window whose newest evidence is {@code newBatches}: the change detectors advance over
   * those only, so a sliding window that shares events with the previous one counts none twice.
   */
  public Judged judge(ModelRef model, Window window, WindowSketch sketch, List<double[]> newBatches, Reference reference, ModelState state,
      Instant now) {
    // tolerance and threshold in units of the batch mean: scores and error rates are in [0, 1]
    PageHinkley scores = new PageHinkley(0.02, 1.0, 5).restore(state.scoreChange());
    PageHinkley errors = new PageHinkley(0.02, 1.0, 5).restore(state.errorChange());
    boolean scoreChanged = false;
    boolean errorChanged = false;
    for (double[] batch : newBatches) { // {events, score sum, labelled, errors}
      if (batch[0] >= MIN_BATCH) {
        scoreChanged |= scores.add(batch[1] / batch[0]);
      }
      if (batch[2] >= MIN_BATCH) {
        errorChanged |= errors.add(batch[3] / batch[2]);
      }
    }
    List<ChangeSignal> changes = List.of(
        new ChangeSignal("score", "page-hinkley", scoreChanged, scores.statistic()),
        new ChangeSignal("error", "page-hinkley", errorChanged, errors.statistic()));
    boolean enoughEvidence = window.getEvents() >= heuristics.thresholds().minEvents();
    DriftReport report = ReportBuilder.build(model, window, sketch, reference, changes, enoughEvidence, now);
    List<Finding> findings = heuristics.evaluate(report);
    Incidents.Step step = incidents.next(state.incident(), report, findings, sketch.sampleIds(), now);
    return new Judged(report, findings, step, new ModelState(step.state(), scores.state(), errors.state(), state.steps()));
  }
}
