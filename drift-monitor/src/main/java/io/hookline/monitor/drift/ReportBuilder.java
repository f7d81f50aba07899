package io.hookline.monitor.drift;

import io.hookline.avro.AttributionDrift;
import io.hookline.avro.ChangeSignal;
import io.hookline.avro.DomainSeparation;
import io.hookline.avro.DriftReport;
import io.hookline.avro.Evidence;
import io.hookline.avro.EmbeddingShift;
import io.hookline.avro.FeatureShift;
import io.hookline.avro.ModelRef;
import io.hookline.avro.Performance;
import io.hookline.avro.PredictionDrift;
import io.hookline.avro.TokenNovelty;
import io.hookline.avro.Window;
import io.hookline.core.features.FeatureFamily;
import io.hookline.core.features.TokenSample;
import io.hookline.core.profile.Reference;
import io.hookline.core.profile.ReferenceProfile;
import io.hookline.core.profile.SignalRanks;
import io.hookline.monitor.window.WindowSketch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a closed window's sketch and the model's reference into a {@link DriftReport}. */
public final class ReportBuilder {
  /** Features in the nDCG ranking and in the explanation shift: the reference's strongest. */
  static final int TOP_FEATURES = 10;
  private static final int MOVED_FEATURES = 5;

  private ReportBuilder() {}

  /**
   * @param enoughEvidence whether the window holds enough events to be judged; the figures are
   *     computed either way, for operators to see
   */
  public static DriftReport build(ModelRef model, Window window, WindowSketch sketch, Reference reference, List<ChangeSignal> changes,
      boolean enoughEvidence, Instant now) {
    ReferenceProfile profile = reference.profile();
    DomainClassifier.Separation separation = separation(reference, sketch);
    return DriftReport.newBuilder()
        .setWindow(window)
        .setEnoughEvidence(enoughEvidence)
        .setModel(model)
        .setGeneratedAt(now)
        .setFeatureShifts(featureShifts(profile, sketch))
        .setTokens(tokens(reference, sketch))
        .setPrediction(prediction(profile, sketch))
        .setEstimated(estimated(sketch))
        .setMeasured(measured(sketch))
        .setShiftAware(separation == null ? null : ShiftAwareEstimate.estimate(profile.sample(), separation.referenceWeights()))
        .setDomainClassifier(separation == null ? null : new DomainSeparation(separation.auc(), separation.aucNoise(), profile.sample().size(),
            sketch.sampledMessages(), ShiftAwareEstimate.effectiveSize(separation.referenceWeights())))
        .setAttribution(attribution(profile, sketch))
        .setChanges(changes)
        .setEmbedding(embedding(profile, sketch))
        .build();
  }

  /**
   * The distance of the window's mean projected embedding from the reference's, against the
   * distance sampling alone gives a window of that many familiar messages; null where either side
   * has no embeddings.
   */
  static EmbeddingShift embedding(ReferenceProfile profile, WindowSketch sketch) {
    double[] window = sketch.meanEmbedding();
    if (profile.embedding() == null || window == null || window.length != profile.embedding().mean().length) {
      return null;
    }
    double squared = 0;
    for (int k = 0; k < window.length; k++) {
      double d = window[k] - profile.embedding().mean()[k];
      squared += d * d;
    }
    // the reference's own mean strays too: both sides' sampling, as for two independent means
    double noise = Math.sqrt(profile.embedding().spread() / sketch.embedded() + profile.embedding().spread() / Math.max(1, profile.embedding().examples()));
    return new EmbeddingShift(Math.sqrt(squared), noise, sketch.embedded());
  }

  /** Fewer messages than this on either side leave the domain classifier out. */
  static final int MIN_SEPARATED = 50;

  /** The domain classifier on the reference's sample and the window's, or null when either is too small. */
  private static DomainClassifier.Separation separation(Reference reference, WindowSketch sketch) {
    if (reference.sampleRanks().length < MIN_SEPARATED || sketch.sampledMessages() < MIN_SEPARATED) {
      return null;
    }
    double[][] window = sketch.sampledSignals();
    for (int i = 0; i < window.length; i++) {
      window[i] = SignalRanks.of(reference.profile().signals(), window[i]);
    }
    return DomainClassifier.separate(reference.sampleRanks(), window);
  }

  private static List<FeatureShift> featureShifts(ReferenceProfile profile, WindowSketch window) {
    List<FeatureShift> shifts = new ArrayList<>();
    for (ReferenceProfile.SignalProfile signal : profile.signals()) {
      var sketch = window.signal(signal.name());
      if (sketch == null || sketch.isEmpty()) {
        continue;
      }
      double[] actual = Divergences.binShares(sketch, signal.binEdges());
      double[] percentiles = signal.percentiles();
      shifts.add(new FeatureShift(signal.name(), signal.family(),
          Divergences.psi(signal.binShares(), actual),
          Divergences.jensenShannon(signal.binShares(), actual),
          percentiles == null ? 0 : Divergences.ks(sketch, percentiles),
          percentiles == null ? 0 : Divergences.wasserstein(sketch, percentiles),
          Divergences.psiNoise(signal.binShares().length, sketch.getN(), profile.examples()),
          boxed(signal.binEdges()), boxed(signal.binShares()), boxed(actual)));
    }
    shifts.sort(Comparator.comparingDouble(FeatureShift::getPsi).reversed());
    return shifts;
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  /**
   * Unseen-token rate, and the Jensen–Shannon distance between how often the reference's top
   * tokens (those in the logged vocabulary sample) occur in the window and in training.
   */
  private static TokenNovelty tokens(Reference reference, WindowSketch s) {
    double oov = s.tokensSeen() == 0 ? 0 : (double) s.tokensUnknown() / s.tokensSeen();
    TokenSample sample = new TokenSample(s.tokenSampleBits());
    List<Double> expected = new ArrayList<>();
    List<Double> actual = new ArrayList<>();
    for (ReferenceProfile.TokenFrequency top : reference.profile().topTokens()) {
      if (sample.contains(top.hash())) {
        expected.add(top.documentShare());
        actual.add(s.events() == 0 ? 0 : (double) s.topTokens().getOrDefault(top.hash(), 0L) / s.events());
      }
    }
    double shift = expected.isEmpty() || s.tokensSeen() == 0 ? 0
        : Divergences.jensenShannon(expected.stream().mapToDouble(Double::doubleValue).toArray(), actual.stream().mapToDouble(Double::doubleValue).toArray());
    return new TokenNovelty(oov, reference.profile().referenceOovRate(), shift);
  }

  private static PredictionDrift prediction(ReferenceProfile profile, WindowSketch window) {
    double[] expected = profile.scoreHistogram();
    double[] actual = Divergences.unitHistogram(window.scores(), expected.length);
    double ks = 0;
    double cumulativeExpected = 0;
    double cumulativeActual = 0;
    for (int i = 0; i < expected.length; i++) {
      cumulativeExpected += expected[i];
      cumulativeActual += actual[i];
      ks = Math.max(ks, Math.abs(cumulativeExpected - cumulativeActual));
    }
    return new PredictionDrift(window.meanScore(), window.events() == 0 ? 0 : (double) window.positives() / window.events(),
        profile.positiveRate(), Divergences.psi(expected, actual), Math.min(1, ks),
        Divergences.psiNoise(expected.length, window.events(), profile.scoredExamples()));
  }

  /** Fewer expected phishing messages than this in a window leave its estimated F1 undefined. */
  static final double MIN_EXPECTED_POSITIVES = 5;

  /** Normal quantile of a two-sided 90% band. */
  private static final double Z_0_95 = 1.645;

  /**
   * Confidence-based performance estimation (as NannyML's CBPE): calibrated scores as the chance
   * each verdict is right. A window the model expects almost no phishing in (a quiet hour of
   * legitimate mail) has no estimable F1: it is NaN, not the 0 the formula gives. Its band is the
   * spread of F1 if every verdict were right with its score's probability (delta method): what
   * sampling alone allows, not how wrong the calibration may be on shifted mail.
   */
  private static Performance estimated(WindowSketch window) {
    double[] c = window.expectedConfusion();
    if (c[0] + c[2] < MIN_EXPECTED_POSITIVES) {
      return new Performance(Double.NaN, Double.NaN, Double.NaN, window.events(), null, null);
    }
    Performance estimate = performance(c[0], c[1], c[2], window.events());
    // F1 = 2 TP / (TP + saidPhishing + FN): TP and FN vary independently, saidPhishing is fixed
    double tp = c[0];
    double fn = c[2];
    double denominator = tp + (c[0] + c[1]) + fn;
    double dTp = 2 * ((c[0] + c[1]) + fn) / (denominator * denominator);
    double dFn = -2 * tp / (denominator * denominator);
    double[] variance = window.expectedConfusionVariance();
    double sd = Math.sqrt(dTp * dTp * variance[0] + dFn * dFn * variance[1]);
    estimate.setF1Low(Math.max(0, estimate.getF1() - Z_0_95 * sd));
    estimate.setF1High(Math.min(1, estimate.getF1() + Z_0_95 * sd));
    return estimate;
  }

  private static Performance measured(WindowSketch window) {
    long[] c = window.confusion();
    long labelled = window.labelled();
    return labelled == 0 ? null : withBand(performance(c[0], c[1], c[2], labelled), c[0], c[1], c[2], labelled);
  }

  /**
   * The 90% band of an F1 measured on {@code n} labels (delta method over the multinomial counts):
   * a few dozen labels leave F1 uncertain by ±0.1 or more, and labels asked for because the model
   * was unsure are harder than the mail at large, so a low F1 on few of them is no evidence yet.
   */
  static Performance withBand(Performance measured, double tp, double fp, double fn, long n) {
    if (Double.isNaN(measured.getF1()) || n == 0) {
      return measured;
    }
    double a = tp / n;
    double b = fp / n;
    double c = fn / n;
    double denominator = 2 * a + b + c;
    double da = 2 * (b + c) / (denominator * denominator);
    double dbc = -2 * a / (denominator * denominator);
    double mean = da * a + dbc * (b + c);
    double variance = (da * da * a + dbc * dbc * (b + c) - mean * mean) / n;
    double sd = Math.sqrt(Math.max(0, variance));
    measured.setF1Low(Math.max(0, measured.getF1() - Z_0_95 * sd));
    measured.setF1High(Math.min(1, measured.getF1() + Z_0_95 * sd));
    return measured;
  }

  /**
   * Precision, recall and F1 of the PHISHING class; a figure the counts leave undefined (no
   * phishing verdict for precision, no phishing message for recall, neither for F1) is NaN: a
   * window of legitimate mail rightly passed has no F1, not an F1 of 0.
   */
  static Performance performance(double tp, double fp, double fn, long support) {
    double precision = tp + fp == 0 ? Double.NaN : tp / (tp + fp);
    double recall = tp + fn == 0 ? Double.NaN : tp / (tp + fn);
    double f1 = 2 * tp + fp + fn == 0 ? Double.NaN : 2 * tp / (2 * tp + fp + fn);
    return new Performance(precision, recall, f1, support, null, null);
  }

  private static AttributionDrift attribution(ReferenceProfile profile, WindowSketch window) {
    Map<String, Double> means = window.meanAbsAttribution();
    Map<String, Double> reference = profile.meanAbsAttribution();
    double ndcg = Rankings.ndcg(reference, means, TOP_FEATURES);
    Map<String, Double> families = window.familyShares();
    Map<String, Double> referenceFamilies = new LinkedHashMap<>();
    for (FeatureFamily family : FeatureFamily.values()) {
      referenceFamilies.put(family.label(), profile.familyShares().getOrDefault(family.label(), 0.0));
    }
    List<String> strongest = reference.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).map(Map.Entry::getKey).limit(TOP_FEATURES).toList();
    double shift = 0;
    int counted = 0;
    for (String feature : strongest) {
      double[] percentiles = profile.attributionQuantiles() == null ? null : profile.attributionQuantiles().get(feature);
      var sketch = window.shap(feature);
      if (percentiles != null && sketch != null && !sketch.isEmpty()) {
        shift += Divergences.ks(sketch, percentiles);
        counted++;
      }
    }
    List<Evidence> moved = new ArrayList<>();
    for (var entry : means.entrySet()) {
      double before = reference.getOrDefault(entry.getKey(), 0.0);
      moved.add(new Evidence("mean_abs_shap", entry.getKey(), entry.getValue(), before));
    }
    moved.sort(Comparator.comparingDouble((Evidence e) -> -Math.abs(e.getValue() - e.getThreshold())));
    return new AttributionDrift(ndcg, families, referenceFamilies, counted == 0 ? 0 : shift / counted,
        List.copyOf(moved.subList(0, Math.min(MOVED_FEATURES, moved.size()))));
  }
}
