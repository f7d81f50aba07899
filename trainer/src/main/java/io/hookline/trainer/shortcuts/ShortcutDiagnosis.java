package io.hookline.trainer.shortcuts;

import io.hookline.core.features.EngineeredFeature;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.features.TokenField;
import io.hookline.core.model.Attribution;
import io.hookline.core.model.AttributionNames;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingExample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Finds the features a model leans on that identify its training corpora rather than phishing,
 * as the SHAP diagnosis of flawed heuristics does by hand: a corpus-identity probe and the
 * model's own attributions.
 *
 * <ul>
 *   <li>The probe is a naive Bayes classifier that names a message's corpus among the corpora of
 *       its label (so it cannot win by telling phishing from legitimate mail), cross-validated in
 *       five folds. Run on one feature at a time (a token field such as relay domains, or one
 *       signal), its accuracy above chance, scaled to 0..1, is that feature's predictiveness.
 *   <li>A feature's attribution share is its part of the model's mean |SHAP| on the training data.
 *   <li>Its shortcut score is predictiveness times share: how much of the model's reasoning rests
 *       on knowing where a message came from.
 * </ul>
 *
 * Only corpus examples go in: live labels are the traffic a repair must learn, and their style is
 * meant to be recognized.
 */
public final class ShortcutDiagnosis {
  private static final int FOLDS = 5;
  private static final int MAX_PROBED = 3_000;
  private static final int MAX_EXPLAINED = 400;
  /** A corpus with fewer messages of a label than this does not take part in that label's probe. */
  private static final int MIN_PER_DOMAIN = 10;
  private static final int PROBE_BUCKETS = 1 << 16;
  private static final int SIGNAL_BINS = 4;

  private final long seed;

  public ShortcutDiagnosis(long seed) {
    this.seed = seed;
  }

  public Shortcuts diagnose(PhishingModel model, List<TrainingExample> corpusExamples) {
    List<TrainingExample> probed = sample(corpusExamples, MAX_PROBED);
    Map<Integer, List<TrainingExample>> byLabel = separableLabels(probed);
    boolean separable = !byLabel.isEmpty();
    double[][] cuts = signalCuts(probed);

    Map<String, Double> predictiveness = new LinkedHashMap<>();
    double identifiability = 0;
    if (separable) {
      for (TokenField field : TokenField.values()) {
        predictiveness.put(fieldName(field), probe(byLabel, v -> tokens(v, field), null));
      }
      for (EngineeredFeature signal : EngineeredFeature.values()) {
        predictiveness.put(signal.featureName(), probe(byLabel, null, v -> new int[] {signal.ordinal() * SIGNAL_BINS + bin(cuts, signal.ordinal(), v)}));
      }
      identifiability = probe(byLabel, v -> tokens(v, null), v -> allBins(cuts, v));
    }

    Attributions attributions = attributions(model, sample(corpusExamples, MAX_EXPLAINED));
    List<Shortcuts.Feature> features = new ArrayList<>();
    double modelScore = 0;
    for (TokenField field : TokenField.values()) {
      String name = fieldName(field);
      double share = attributions.share(name);
      double p = predictiveness.getOrDefault(name, 0.0);
      features.add(new Shortcuts.Feature(name, field, p, share, p * share, attributions.examples(field)));
      modelScore += p * share;
    }
    for (EngineeredFeature signal : EngineeredFeature.values()) {
      String name = signal.featureName();
      double share = attributions.share(name);
      double p = predictiveness.getOrDefault(name, 0.0);
      features.add(new Shortcuts.Feature(name, null, p, share, p * share, List.of()));
      modelScore += p * share;
    }
    features.sort(Comparator.comparingDouble((Shortcuts.Feature f) -> -f.score()).thenComparing(f -> -f.predictiveness()));
    return new Shortcuts(separable, identifiability, List.copyOf(features), modelScore);
  }

  /** How a token field is named in the report: "token field rd (as a relay's domain)". */
  public static String fieldName(TokenField field) {
    return "tokens " + field.where();
  }

  private List<TrainingExample> sample(List<TrainingExample> examples, int max) {
    if (examples.size() <= max) {
      return examples;
    }
    List<TrainingExample> shuffled = new ArrayList<>(examples);
    Collections.shuffle(shuffled, new Random(seed));
    return shuffled.subList(0, max);
  }

  /** Per label, its examples when two or more corpora hold enough of them. */
  private static Map<Integer, List<TrainingExample>> separableLabels(List<TrainingExample> examples) {
    Map<Integer, List<TrainingExample>> byLabel = new TreeMap<>();
    for (TrainingExample example : examples) {
      byLabel.computeIfAbsent(example.phishing(), l -> new ArrayList<>()).add(example);
    }
    Map<Integer, List<TrainingExample>> separable = new TreeMap<>();
    byLabel.forEach((label, list) -> {
      Map<String, Integer> counts = new HashMap<>();
      list.forEach(e -> counts.merge(e.domain(), 1, Integer::sum));
      List<TrainingExample> kept = list.stream().filter(e -> counts.get(e.domain()) >= MIN_PER_DOMAIN).toList();
      if (kept.stream().map(TrainingExample::domain).distinct().count() >= 2) {
        separable.put(label, kept);
      }
    });
    return separable;
  }

  /**
   * The probe's cross-validated skill over all separable labels, weighted by their sizes: 0 at
   * the majority corpus's share, 1 when every message is placed right.
   */
  private double probe(Map<Integer, List<TrainingExample>> byLabel, java.util.function.Function<FeatureVector, int[]> tokens,
      java.util.function.Function<FeatureVector, int[]> bins) {
    double weighted = 0;
    int total = 0;
    for (List<TrainingExample> examples : byLabel.values()) {
      List<String> domains = examples.stream().map(TrainingExample::domain).distinct().sorted().toList();
      int[] truth = examples.stream().mapToInt(e -> domains.indexOf(e.domain())).toArray();
      int[][] tokenIds = new int[examples.size()][];
      int[][] binIds = new int[examples.size()][];
      for (int i = 0; i < examples.size(); i++) {
        tokenIds[i] = tokens == null ? new int[0] : tokens.apply(examples.get(i).vector());
        binIds[i] = bins == null ? new int[0] : bins.apply(examples.get(i).vector());
      }
      int[] fold = new int[examples.size()];
      Random random = new Random(seed);
      for (int i = 0; i < fold.length; i++) {
        fold[i] = random.nextInt(FOLDS);
      }
      int correct = 0;
      for (int f = 0; f < FOLDS; f++) {
        NaiveBayes bayes = new NaiveBayes(domains.size());
        for (int i = 0; i < fold.length; i++) {
          if (fold[i] != f) {
            bayes.add(truth[i], tokenIds[i], binIds[i]);
          }
        }
        for (int i = 0; i < fold.length; i++) {
          if (fold[i] == f && bayes.predict(tokenIds[i], binIds[i]) == truth[i]) {
            correct++;
          }
        }
      }
      int[] perDomain = new int[domains.size()];
      for (int t : truth) {
        perDomain[t]++;
      }
      double majority = (double) Arrays.stream(perDomain).max().orElse(0) / truth.length;
      double accuracy = (double) correct / truth.length;
      weighted += Math.max(0, (accuracy - majority) / (1 - majority)) * truth.length;
      total += truth.length;
    }
    return total == 0 ? 0 : weighted / total;
  }

  /** Multinomial naive Bayes on token presence plus categorical signal bins, Laplace-smoothed. */
  private static final class NaiveBayes {
    private final int classes;
    private final int[] documents;
    private final List<Map<Integer, Integer>> tokenCounts = new ArrayList<>();
    private final long[] tokenTotals;
    private final List<Map<Integer, Integer>> binCounts = new ArrayList<>();

    NaiveBayes(int classes) {
      this.classes = classes;
      this.documents = new int[classes];
      this.tokenTotals = new long[classes];
      for (int c = 0; c < classes; c++) {
        tokenCounts.add(new HashMap<>());
        binCounts.add(new HashMap<>());
      }
    }

    void add(int label, int[] tokens, int[] bins) {
      documents[label]++;
      for (int t : tokens) {
        tokenCounts.get(label).merge(t, 1, Integer::sum);
      }
      tokenTotals[label] += tokens.length;
      for (int b : bins) {
        binCounts.get(label).merge(b, 1, Integer::sum);
      }
    }

    int predict(int[] tokens, int[] bins) {
      int all = Arrays.stream(documents).sum();
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        double score = Math.log((documents[c] + 1.0) / (all + classes));
        for (int t : tokens) {
          score += Math.log((tokenCounts.get(c).getOrDefault(t, 0) + 1.0) / (tokenTotals[c] + PROBE_BUCKETS));
        }
        for (int b : bins) {
          score += Math.log((binCounts.get(c).getOrDefault(b, 0) + 1.0) / (documents[c] + SIGNAL_BINS));
        }
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      return best;
    }
  }

  /** The message's tokens of one field (or of every field), as probe buckets. */
  private static int[] tokens(FeatureVector vector, TokenField field) {
    int[] out = new int[vector.tokenCount()];
    int n = 0;
    for (int i = 0; i < vector.tokenCount(); i++) {
      if (field == null || vector.field(i) == field) {
        long h = vector.tokenHashes()[i];
        out[n++] = (int) (h ^ (h >>> 32)) & (PROBE_BUCKETS - 1);
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Per signal, the quartile boundaries of its values. */
  private static double[][] signalCuts(List<TrainingExample> examples) {
    int signals = EngineeredFeature.values().length;
    double[][] cuts = new double[signals][];
    for (int k = 0; k < signals; k++) {
      int signal = k;
      double[] values = examples.stream().mapToDouble(e -> e.vector().engineered()[signal]).sorted().toArray();
      cuts[k] = new double[SIGNAL_BINS - 1];
      for (int q = 1; q < SIGNAL_BINS; q++) {
        cuts[k][q - 1] = values.length == 0 ? 0 : values[Math.min(values.length - 1, values.length * q / SIGNAL_BINS)];
      }
    }
    return cuts;
  }

  private static int bin(double[][] cuts, int signal, FeatureVector vector) {
    double x = vector.engineered()[signal];
    int bin = 0;
    for (double cut : cuts[signal]) {
      if (x > cut) {
        bin++;
      }
    }
    return bin;
  }

  private static int[] allBins(double[][] cuts, FeatureVector vector) {
    int[] bins = new int[cuts.length];
    for (int k = 0; k < cuts.length; k++) {
      bins[k] = k * SIGNAL_BINS + bin(cuts, k, vector);
    }
    return bins;
  }

  /** Mean |SHAP| per feature (token fields summed over their tokens), and each field's strongest tokens. */
  private record Attributions(Map<String, Double> magnitude, double total, Map<TokenField, Map<String, double[]>> tokens, List<String> domains) {
    double share(String feature) {
      return total == 0 ? 0 : magnitude.getOrDefault(feature, 0.0) / total;
    }

    /**
     * The field's three tokens that weigh most and belong most to one corpus: summed |SHAP| times
     * the share of their messages that come from their commonest corpus, among tokens seen in at
     * least three messages; each with that corpus.
     */
    List<String> examples(TokenField field) {
      Map<String, double[]> byToken = tokens.getOrDefault(field, Map.of());
      return byToken.entrySet().stream()
          .filter(e -> seen(e.getValue()) >= 3)
          .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[0] * concentration(e.getValue())))
          .limit(3)
          .map(e -> e.getKey() + " (" + domains.get(commonest(e.getValue())) + ")")
          .toList();
    }

    private static double seen(double[] stats) {
      double n = 0;
      for (int d = 1; d < stats.length; d++) {
        n += stats[d];
      }
      return n;
    }

    private static int commonest(double[] stats) {
      int most = 0;
      for (int d = 1; d < stats.length - 1; d++) {
        if (stats[1 + d] > stats[1 + most]) {
          most = d;
        }
      }
      return most;
    }

    private static double concentration(double[] stats) {
      return stats[1 + commonest(stats)] / seen(stats);
    }
  }

  private static Attributions attributions(PhishingModel model, List<TrainingExample> examples) {
    List<String> domains = examples.stream().map(TrainingExample::domain).distinct().sorted().toList();
    Map<String, Double> magnitude = new HashMap<>();
    Map<TokenField, Map<String, double[]>> tokens = new java.util.EnumMap<>(TokenField.class);
    double total = 0;
    for (TrainingExample example : examples) {
      int domain = domains.indexOf(example.domain());
      for (Attribution a : model.explain(example.vector(), example.vector().tokenCount()).attributions()) {
        String name = a.feature();
        double value = Math.abs(a.value());
        if (name.startsWith(AttributionNames.NAMED_TOKEN_PREFIX)) {
          TokenField field = fieldOf(name);
          if (field == null) {
            continue;
          }
          magnitude.merge(fieldName(field), value, Double::sum);
          String token = name.substring(AttributionNames.NAMED_TOKEN_PREFIX.length(), name.length() - field.where().length()).trim();
          double[] stats = tokens.computeIfAbsent(field, f -> new HashMap<>()).computeIfAbsent(token, t -> new double[1 + domains.size()]);
          stats[0] += value;
          stats[1 + domain]++;
        } else if (name.startsWith(AttributionNames.TOKEN_PREFIX)) {
          continue; // the absent tokens and the unnamed rest belong to no one field
        } else {
          magnitude.merge(name, value, Double::sum);
        }
        total += value;
      }
    }
    return new Attributions(magnitude, total, tokens, domains);
  }

  private static TokenField fieldOf(String attribution) {
    for (TokenField field : TokenField.values()) {
      if (attribution.endsWith(field.where())) {
        return field;
      }
    }
    return null;
  }

}
