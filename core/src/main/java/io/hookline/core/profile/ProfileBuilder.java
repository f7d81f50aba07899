package io.hookline.core.profile;

import io.hookline.core.features.EngineeredFeature;
import io.hookline.core.features.FeatureFamily;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.model.Attribution;
import io.hookline.core.model.AttributionNames;
import io.hookline.core.model.EmbeddingProjection;
import io.hookline.core.model.Explanation;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.Score;
import io.hookline.core.model.TrainingExample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Builds a model's {@link ReferenceProfile}: what live mail is expected to look like to it. The
 * inputs (signal bins, vocabulary, top tokens) come from its training data; the outputs (scores,
 * phishing rate, SHAP values) from messages it was not fitted on, so familiar live mail sits inside
 * the reference instead of looking shifted against the model's own, over-confident, training
 * scores. An example of weight w counts w times (a live label weighted up in training also weighs
 * up in the reference), so a model repaired on a new style expects that style.
 */
public final class ProfileBuilder {
  private static final int QUANTILE_BINS = 10;
  private static final int SCORE_BINS = 20;
  private static final int TOP_TOKENS = 2_000;
  /** An example counts at most this many times in the reference, however heavy its weight. */
  private static final int MAX_REPEATS = 50;
  /** Held-out messages kept whole in the profile: enough for a domain classifier, a few hundred KB of JSON at most. */
  static final int SAMPLE_SIZE = 500;
  private static final long SAMPLE_SEED = 20_021_001L;

  /** The profile and the vocabulary file's content. */
  /**
   * A reference profile, the training vocabulary, and the content hashes of the messages the model
   * was trained on (sorted, distinct; empty where the examples did not carry them).
   */
  public record Built(ReferenceProfile profile, long[] vocabulary, long[] trainingMessages) {
    public Built(ReferenceProfile profile, long[] vocabulary) {
      this(profile, vocabulary, new long[0]);
    }
  }

  /**
   * Messages the model was not fitted on, and a model that scores them as the final model would
   * have without having seen them (the same family, calibration and threshold, fitted without
   * them).
   *
   * @param oovRate the out-of-vocabulary rate of these messages against the training vocabulary
   *     (see {@link #oovRate}), the level live traffic is compared with
   */
  public record HeldOut(PhishingModel scorer, List<TrainingExample> examples, double oovRate) {}

  private ProfileBuilder() {}

  /**
   * @param training the examples the model was fitted on
   * @param heldOut examples it was not fitted on, with their scorer
   */
  public static Built build(PhishingModel model, List<TrainingExample> training, HeldOut heldOut) {
    List<TrainingExample> expected = asTraffic(training);
    List<TrainingExample> unseen = heldOut.examples().isEmpty() ? expected : asTraffic(heldOut.examples());
    PhishingModel scorer = heldOut.examples().isEmpty() ? model : heldOut.scorer();
    EngineeredFeature[] signals = EngineeredFeature.values();
    List<ReferenceProfile.SignalProfile> signalProfiles = new ArrayList<>();
    for (EngineeredFeature signal : signals) {
      double[] values = expected.stream().mapToDouble(e -> e.vector().value(signal)).sorted().toArray();
      signalProfiles.add(signalProfile(signal, values));
    }

    Map<Long, Integer> documentFrequency = new HashMap<>();
    for (TrainingExample example : expected) {
      for (long hash : example.vector().tokenHashes()) {
        documentFrequency.merge(hash, 1, Integer::sum);
      }
    }
    long[] vocabulary = documentFrequency.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    List<ReferenceProfile.TokenFrequency> top = documentFrequency.entrySet().stream()
        .sorted(Map.Entry.<Long, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_TOKENS)
        .map(e -> new ReferenceProfile.TokenFrequency(e.getKey(), (double) e.getValue() / expected.size()))
        .toList();

    List<Score> scores = scorer.predict(unseen.stream().map(TrainingExample::vector).toList());
    double[] histogram = new double[SCORE_BINS];
    int positives = 0;
    for (Score score : scores) {
      histogram[Math.min(SCORE_BINS - 1, (int) (score.probability() * SCORE_BINS))] += 1.0 / scores.size();
      positives += scorer.metadata().phishing(score.probability()) ? 1 : 0;
    }

    Map<String, Double> meanAbs = new TreeMap<>();
    Map<String, Double> byFamily = new LinkedHashMap<>();
    List<String> explained = explainedFeatures();
    List<FeatureVector> unseenVectors = unseen.stream().map(TrainingExample::vector).toList();
    List<Explanation> scorerExplanations = scorer.explain(unseenVectors, 0);
    for (Explanation explanation : scorerExplanations) {
      meanAbs.merge(AttributionNames.TOKEN_PRESENT, explanation.tokenMagnitude() / unseen.size(), Double::sum);
      byFamily.merge(FeatureFamily.TOKEN.label(), explanation.tokenMagnitude(), Double::sum);
      for (Attribution a : explanation.attributions()) {
        if (a.family() == FeatureFamily.TOKEN && !a.feature().equals(AttributionNames.TOKEN_ABSENT)) {
          continue; // counted one by one in tokenMagnitude
        }
        meanAbs.merge(a.feature(), Math.abs(a.value()) / unseen.size(), Double::sum);
        byFamily.merge(a.family().label(), Math.abs(a.value()), Double::sum);
      }
    }
    double total = byFamily.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> shares = new LinkedHashMap<>();
    for (FeatureFamily family : FeatureFamily.values()) {
      shares.put(family.label(), total == 0 ? 0 : byFamily.getOrDefault(family.label(), 0.0) / total);
    }
    Map<String, double[]> attributionQuantiles = attributionQuantiles(scorer == model ? scorerExplanations : model.explain(unseenVectors, 0), explained);
    ReferenceProfile profile = new ReferenceProfile(
        model.metadata().featureSpec(), training.size(), signalProfiles, top, vocabulary.length, heldOut.oovRate(), histogram,
        scores.isEmpty() ? 0 : (double) positives / scores.size(), meanAbs, shares, attributionQuantiles,
        heldOut.examples().isEmpty() ? training.size() : heldOut.examples().size(),
        sample(unseen, scores, scorer.metadata().threshold()), embeddingProfile(model, unseen));
    long[] trainingMessages = training.stream().mapToLong(TrainingExample::content).filter(hash -> hash != 0).sorted().distinct().toArray();
    return new Built(profile, vocabulary, trainingMessages);
  }

  /** The held-out messages' projected embeddings where the family embeds text; null otherwise. */
  private static ReferenceProfile.EmbeddingProfile embeddingProfile(PhishingModel model, List<TrainingExample> unseen) {
    List<float[]> embeddings = model.embeddings(unseen.stream().map(TrainingExample::vector).toList());
    if (embeddings.isEmpty()) {
      return null;
    }
    double[] mean = new double[EmbeddingProjection.DIMENSIONS];
    List<float[]> projected = embeddings.stream().map(EmbeddingProjection::project).toList();
    for (float[] p : projected) {
      for (int k = 0; k < mean.length; k++) {
        mean[k] += p[k] / (double) projected.size();
      }
    }
    double spread = 0;
    for (float[] p : projected) {
      for (int k = 0; k < mean.length; k++) {
        spread += (p[k] - mean[k]) * (p[k] - mean[k]) / projected.size();
      }
    }
    return new ReferenceProfile.EmbeddingProfile(mean, spread, projected.size());
  }

  /**
   * Percentiles of each explained feature's SHAP values on the held-out messages, as the model
   * itself explains them. Not the held-out scorer's: a signal that is mostly 0 has its SHAP value
   * at one point, -w * mean, which moves with every fit's weight, so the scorer's distribution sits
   * beside the served model's on familiar mail and the explanation shift would fire on traffic
   * that has not changed. The features compared (signals and the absent words) do not memorize
   * messages, so the model having been refitted on these ones does not flatter them.
   */
  private static Map<String, double[]> attributionQuantiles(List<Explanation> explanations, List<String> explained) {
    double[][] shap = new double[explained.size()][explanations.size()];
    for (int row = 0; row < explanations.size(); row++) {
      for (Attribution a : explanations.get(row).attributions()) {
        int column = explained.indexOf(a.feature());
        if (column >= 0) {
          shap[column][row] = a.value();
        }
      }
    }
    Map<String, double[]> quantiles = new TreeMap<>();
    for (int column = 0; column < explained.size(); column++) {
      double[] values = shap[column].clone();
      Arrays.sort(values);
      quantiles.put(explained.get(column), percentiles(values));
    }
    return quantiles;
  }

  /** A seeded random sample of the scored messages, as rows of signal values, score, verdict and label. */
  private static List<ReferenceProfile.SampledMessage> sample(List<TrainingExample> scored, List<Score> scores, double threshold) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, scored.size()).boxed().toList());
    Collections.shuffle(order, new Random(SAMPLE_SEED));
    EngineeredFeature[] signals = EngineeredFeature.values();
    List<ReferenceProfile.SampledMessage> sample = new ArrayList<>();
    for (int index : order.subList(0, Math.min(SAMPLE_SIZE, order.size()))) {
      TrainingExample example = scored.get(index);
      double[] values = new double[signals.length];
      for (EngineeredFeature signal : signals) {
        values[signal.ordinal()] = example.vector().value(signal);
      }
      double score = scores.get(index).probability();
      sample.add(new ReferenceProfile.SampledMessage(values, score, score >= threshold, example.phishing() == 1));
    }
    return sample;
  }

  /** The examples as the traffic they stand for: each repeated by its (rounded) weight. */
  static List<TrainingExample> asTraffic(List<TrainingExample> examples) {
    List<TrainingExample> traffic = new ArrayList<>(examples.size());
    for (TrainingExample example : examples) {
      long repeats = Math.max(1, Math.min(MAX_REPEATS, Math.round(example.weight())));
      for (int i = 0; i < repeats; i++) {
        traffic.add(example);
      }
    }
    return traffic;
  }

  /** The features whose SHAP-value distributions the profile keeps: every signal, and the absent tokens. */
  public static List<String> explainedFeatures() {
    return AttributionNames.distributed();
  }

  /** The values at percentiles 0..100 of sorted values (nearest rank); all zero when there are none. */
  public static double[] percentiles(double[] sorted) {
    double[] p = new double[ReferenceProfile.PERCENTILES];
    if (sorted.length == 0) {
      return p;
    }
    for (int i = 0; i < p.length; i++) {
      p[i] = sorted[(int) Math.round(i / 100.0 * (sorted.length - 1))];
    }
    return p;
  }

  /** The sorted distinct token hashes of some examples. */
  public static long[] vocabularyOf(List<TrainingExample> examples) {
    return examples.stream().flatMapToLong(e -> Arrays.stream(e.vector().tokenHashes())).distinct().sorted().toArray();
  }

  /**
   * Share of the messages' distinct tokens whose hash the vocabulary lacks, pooled: the measure
   * the monitor takes on live traffic from the token hashes of the inference log.
   */
  public static double oovRate(List<TrainingExample> examples, long[] sortedVocabulary) {
    long total = 0;
    long unknown = 0;
    for (TrainingExample example : examples) {
      for (long hash : example.vector().tokenHashes()) {
        total++;
        if (Arrays.binarySearch(sortedVocabulary, hash) < 0) {
          unknown++;
        }
      }
    }
    return total == 0 ? 0 : (double) unknown / total;
  }

  private static ReferenceProfile.SignalProfile signalProfile(EngineeredFeature signal, double[] sorted) {
    double mean = Arrays.stream(sorted).average().orElse(0);
    double variance = Arrays.stream(sorted).map(v -> (v - mean) * (v - mean)).average().orElse(0);
    double[] edges = Arrays.stream(quantiles(sorted)).distinct().toArray();
    double[] shares = new double[edges.length];
    for (double value : sorted) {
      int bin = Arrays.binarySearch(edges, value);
      bin = bin >= 0 ? bin : Math.min(edges.length - 1, -bin - 1);
      shares[bin] += 1.0 / sorted.length;
    }
    return new ReferenceProfile.SignalProfile(signal.featureName(), signal.family().label(), mean, Math.sqrt(variance), edges, shares, percentiles(sorted));
  }

  private static double[] quantiles(double[] sorted) {
    if (sorted.length == 0) {
      return new double[] {0};
    }
    double[] edges = new double[QUANTILE_BINS];
    for (int q = 1; q <= QUANTILE_BINS; q++) {
      edges[q - 1] = sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length / (double) QUANTILE_BINS) - 1)];
    }
    return edges;
  }
}
