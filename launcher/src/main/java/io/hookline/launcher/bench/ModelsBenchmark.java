package io.hookline.launcher.bench;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusSplit;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.model.cascade.CascadeFamily;
import io.hookline.core.model.cascade.CascadeModel;
import io.hookline.core.model.encoder.Encoders;
import io.hookline.core.model.encoder.EncoderModel;
import io.hookline.core.model.encoder.SentenceEncoder;
import io.hookline.trainer.dataset.DataMix;
import io.hookline.trainer.dataset.Featurizer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model families' costs on this machine's CPU, medians over runs: the encoder's messages per
 * second by text length and batch size; additive, encoder and cascade scoring of the same shifted
 * mail, with the share the cascade escalated; and a word-level Partition SHAP explanation's time
 * and encoder passes. Embeddings are never served from the cache while measured.
 */
final class ModelsBenchmark {
  /** Words a text is cut to, for the encoder's cost by length (the encoder reads at most 256 word pieces). */
  static final int[] WORDS = {16, 64, 256};
  static final int[] BATCHES = {1, 16, 64};

  record Encoding(int words, int batch, double messagesPerSecond) {}

  record Scoring(String family, double messagesPerSecond, double escalatedShare) {}

  record Result(BenchMachine machine, int messages, int runs, String encoder, List<Encoding> encoder_by_length_and_batch, List<Scoring> scoring,
      Map<String, Double> ratios, double partitionShapSecondsPerMessage, double partitionShapEncoderPasses, int partitionShapBudget) {}

  private ModelsBenchmark() {}

  static Result run(Corpus corpus, int messages, int runs, PrintWriter console) throws Exception {
    BenchMachine machine = BenchMachine.now();
    console.println(machine.describe());
    Featurizer featurizer = new Featurizer(new io.hookline.core.mail.MailParser(), new io.hookline.core.features.FeatureExtractor(
        io.hookline.core.features.FeatureSpec.CURRENT));
    DataMix mix = DataMix.named("specialist", corpus, 42);
    List<TrainingExample> train = featurizer.featurize(mix.train().subList(0, Math.min(1_200, mix.train().size())));
    List<FeatureVector> shifted = featurizer.featurize(CorpusSplit.named("shift", corpus).test()).stream().map(TrainingExample::vector)
        .limit(messages).toList();
    console.printf("training the additive and cascade models on %,d messages, scoring %,d shifted ones, %d runs%n", train.size(), shifted.size(), runs);
    console.flush();
    TrainingConfig config = TrainingConfig.defaults("bench", "bench", "specialist", 42);
    List<TrainingExample> fit = new ArrayList<>();
    List<TrainingExample> held = new ArrayList<>();
    for (int i = 0; i < train.size(); i++) {
      (i % 5 == 0 ? held : fit).add(train.get(i));
    }
    PhishingModel additive = ModelFamilies.named(AdditiveFamily.NAME).train(fit, held, config, TrainingProgress.SILENT);
    PhishingModel cascade = ModelFamilies.named(CascadeFamily.NAME).train(fit, held, config, TrainingProgress.SILENT);
    SentenceEncoder encoder = Encoders.preferred();

    List<Encoding> encodings = new ArrayList<>();
    for (int words : WORDS) {
      List<String> texts = shifted.stream().map(v -> cut(v.text(), words)).toList();
      for (int batch : BATCHES) {
        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
          long start = System.nanoTime();
          encoder.embed(texts, batch);
          rates[r] = texts.size() / ((System.nanoTime() - start) / 1e9);
        }
        encodings.add(new Encoding(words, batch, SerdeBenchmark.median(rates)));
        console.printf(Locale.ROOT, "encoder, texts cut at %3d words, batch %2d: %7.1f messages/s%n", words, batch, SerdeBenchmark.median(rates));
        console.flush();
      }
    }

    List<Scoring> scoring = new ArrayList<>();
    for (PhishingModel model : List.of(additive, cascade)) {
      double[] rates = new double[runs];
      for (int r = 0; r < runs; r++) {
        Encoders.forgetEmbeddings();
        long start = System.nanoTime();
        model.explain(shifted, 5); // what the detector runs: scores and reasons in one pass
        rates[r] = shifted.size() / ((System.nanoTime() - start) / 1e9);
      }
      double escalated = model instanceof CascadeModel c ? c.escalated(shifted) / (double) shifted.size() : 0;
      scoring.add(new Scoring(model.metadata().family(), SerdeBenchmark.median(rates), escalated));
      console.printf(Locale.ROOT, "%-15s %8.1f messages/s%s%n", model.metadata().family(), SerdeBenchmark.median(rates),
          model == cascade ? String.format(Locale.ROOT, " (%.1f%% escalated to the encoder)", 100 * escalated) : "");
      console.flush();
    }

    PhishingModel encoderModel = ModelFamilies.named(io.hookline.core.model.encoder.EncoderFamily.NAME).train(fit, held, config, TrainingProgress.SILENT);
    int explained = Math.min(10, shifted.size());
    double[] seconds = new double[explained];
    for (int i = 0; i < explained; i++) {
      long start = System.nanoTime();
      encoderModel.explainInDetail(shifted.get(i), 5);
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    double shap = SerdeBenchmark.median(seconds);
    console.printf(Locale.ROOT, "Partition SHAP, budget %d masked texts: %.2f s per explained message (median of %d)%n", EncoderModel.WORD_BUDGET, shap, explained);

    Map<String, Double> ratios = new LinkedHashMap<>();
    ratios.put("cascade_over_additive_throughput", scoring.get(1).messagesPerSecond() / scoring.get(0).messagesPerSecond());
    double batched = encodings.stream().filter(e -> e.words() == 256 && e.batch() == 16).mapToDouble(Encoding::messagesPerSecond).findFirst().orElse(Double.NaN);
    double single = encodings.stream().filter(e -> e.words() == 256 && e.batch() == 1).mapToDouble(Encoding::messagesPerSecond).findFirst().orElse(Double.NaN);
    ratios.put("encoder_batch16_over_batch1_at_256_words", batched / single);
    return new Result(machine, shifted.size(), runs, encoder.name(), encodings, scoring, ratios, shap, EncoderModel.WORD_BUDGET + 2.0, EncoderModel.WORD_BUDGET);
  }

  private static String cut(String text, int words) {
    String[] all = text.split(" ");
    return String.join(" ", Arrays.copyOf(all, Math.min(words, all.length)));
  }
}
