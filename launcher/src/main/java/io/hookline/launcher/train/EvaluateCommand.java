package io.hookline.launcher.train;

import io.hookline.core.corpus.ContentHash;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.CorpusSplit;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.profile.TrainingMessages;
import io.hookline.launcher.CorpusOptions;
import io.hookline.trainer.dataset.DataMix;
import io.hookline.trainer.dataset.Featurizer;
import io.hookline.trainer.evaluation.CrossDomain;
import io.hookline.trainer.evaluation.Evaluation;
import io.hookline.trainer.evaluation.Metrics;
import io.hookline.trainer.report.EvaluationReport;
import io.hookline.trainer.shortcuts.ShortcutPolicy;
import io.hookline.trainer.shortcuts.Shortcuts;
import io.hookline.trainer.training.ModelTraining;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hookline evaluate}: in-domain and cross-domain results, as a table, JSON and an HTML
 * report. Without {@code --model} it trains the random, specialist and generalist models from the
 * seed and sets the specialist and the generalist side by side on the same held-out later mail.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluate models in-domain and across domains (matrix, leave-one-domain-out); write JSON and an HTML report.")
public final class EvaluateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--model", description = "A saved model to evaluate on the split's test set (repeatable); without it, models are trained.")
  private List<Path> models = new ArrayList<>();

  @Option(names = "--split", description = "With --model: the test set: the random or shift split's, or all: every message of the corpus "
      + "(default: shift on the shipped corpus, all on a corpus of your own).")
  private String split;

  @Mixin private CorpusOptions corpora = new CorpusOptions();

  @Option(names = "--family", split = ",", completionCandidates = FamilyNames.class,
      description = "Without --model: the model families to train side by side on the same splits, of ${COMPLETION-CANDIDATES} (default: additive-ngram).")
  private List<String> families = new ArrayList<>(List.of(AdditiveFamily.NAME));

  @Option(names = "--mixes", split = ",", description = "Without --model: the training mixes, of random, specialist and generalist (default: all three).")
  private List<String> mixes = new ArrayList<>(List.of("random", "specialist", "generalist"));

  @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).")
  private long seed = 42;

  @Option(names = "--no-cross-domain", description = "Skip the matrix and leave-one-domain-out (they train 8 more models).")
  private boolean noCrossDomain;

  @Option(names = "--shortcuts", description = "What training does about token fields that identify a corpus: report, penalize or drop (default: ${DEFAULT-VALUE}).")
  private String shortcuts = "drop";

  @Option(names = "--out", description = "Directory for evaluation.json and evaluation.html (default: ${DEFAULT-VALUE}).")
  private Path out = Path.of("reports");

  @Override
  public Integer call() throws IOException {
    ShortcutPolicy policy = TrainCommand.shortcutPolicy(spec, shortcuts);
    PrintWriter console = spec.commandLine().getOut();
    Corpus corpus = corpora.load(spec);
    Featurizer featurizer = new Featurizer(new MailParser(), new FeatureExtractor(FeatureSpec.CURRENT));
    List<ModelTraining> trainings = new ArrayList<>();
    try {
      for (String family : families) {
        trainings.add(new ModelTraining(featurizer, ModelFamilies.named(family), policy, true));
      }
      for (String mix : mixes) {
        if (!List.of("random", "specialist", "generalist").contains(mix)) {
          throw new IllegalArgumentException("unknown mix '" + mix + "'; known: random, specialist, generalist");
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ModelTraining training = trainings.get(0);
    List<Evaluation> evaluations = new ArrayList<>();
    Map<String, Shortcuts> diagnosed = new LinkedHashMap<>();
    if (!models.isEmpty()) {
      String testSplit = split != null ? split : corpora.shipped() ? "shift" : "all";
      List<CorpusExample> testMessages;
      try {
        testMessages = testSplit.equals("all") ? corpus.examples() : CorpusSplit.named(testSplit, corpus).test();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      var test = featurizer.featurize(testMessages);
      for (Path path : models) {
        PhishingModel model = ModelArtifact.load(path, null);
        warnOfLeakage(console, model, path, testMessages);
        evaluations.add(Evaluation.of(model, testSplit.equals("all") ? "whole corpus" : testSplit + " test", test));
      }
    } else {
      var heldOut = featurizer.featurize(DataMix.heldOutShiftTest(corpus));
      for (String mix : mixes) {
        DataMix dataMix = DataMix.named(mix, corpus, seed);
        var mixTest = featurizer.featurize(dataMix.test());
        for (int f = 0; f < trainings.size(); f++) {
          String name = trainings.size() == 1 ? mix : mix + "/" + families.get(f);
          long start = System.nanoTime();
          ModelTraining.Trained trained = trainings.get(f).train(dataMix, name, "seed-" + seed, seed, TrainingProgress.SILENT);
          PhishingModel model = trained.model();
          diagnosed.put(name, trained.shortcutsBefore());
          console.printf("trained %-10s on %,5d messages in %5.1f s%n", name, dataMix.train().size(), (System.nanoTime() - start) / 1e9);
          TrainCommand.printShortcuts(console, trained, policy);
          console.flush();
          String testName = switch (mix) {
            case "random" -> "random test";
            case "specialist" -> "shift test";
            default -> "held-out later mail";
          };
          evaluations.add(Evaluation.of(model, testName, mixTest));
          if (mix.equals("specialist")) {
            evaluations.add(Evaluation.of(model, "held-out later mail", heldOut));
          }
        }
      }
    }
    CrossDomain.Result cross = null;
    if (!noCrossDomain) {
      Map<String, Set<String>> groups = new LinkedHashMap<>();
      groups.put("2002 groups", CorpusSplit.SHIFT_TRAIN);
      groups.put("later groups", CorpusSplit.SHIFT_TEST);
      groups.put("all groups", corpus.byDomain().keySet());
      groups.keySet().removeIf(k -> !corpus.byDomain().keySet().containsAll(groups.get(k)));
      cross = new CrossDomain(training, featurizer).run(corpus, groups, seed, step -> {
        console.println("cross-domain: " + step);
        console.flush();
      });
    }
    print(console, evaluations, cross);
    EvaluationReport report = new EvaluationReport("Hookline evaluation (seed " + seed + ", " + corpus.name() + ", shortcuts " + policy.configName() + ")",
        evaluations, cross, diagnosed);
    report.writeJson(out.resolve("evaluation.json"));
    report.writeHtml(out.resolve("evaluation.html"));
    console.println("written " + out.resolve("evaluation.json") + " and " + out.resolve("evaluation.html"));
    console.flush();
    return 0;
  }

  /**
   * Says how many test messages the model was trained on. Its artifact keeps the content hashes of
   * its training messages, so the count is exact whatever split, seed or file names the test set
   * comes from; an artifact saved before it kept them names only its training domains, and then the
   * warning is about test messages from those domains.
   */
  static void warnOfLeakage(PrintWriter console, PhishingModel model, Path path, List<CorpusExample> test) throws IOException {
    Optional<long[]> trainedOn = ModelArtifact.trainingMessages(path);
    if (trainedOn.isPresent()) {
      long seen = test.stream().filter(e -> TrainingMessages.contains(trainedOn.get(), ContentHash.of(e.raw()))).count();
      if (seen > 0) {
        console.printf(Locale.ROOT, "warning: %d of %d test messages (%.1f%%) were in %s's training data (same content); these figures flatter it%n",
            seen, test.size(), 100.0 * seen / test.size(), path.getFileName());
      } else {
        console.printf(Locale.ROOT, "none of the %d test messages was in %s's training data (checked by content)%n", test.size(), path.getFileName());
      }
      console.flush();
      return;
    }
    Set<String> domains = Set.copyOf(model.metadata().domains());
    long shared = test.stream().filter(e -> domains.contains(e.domain())).count();
    if (shared > 0) {
      console.printf(Locale.ROOT, "warning: %d of %d test messages (%.0f%%) come from domains %s was trained on (%s), and its artifact does not "
              + "list its training messages: unless it was trained on this very split and seed, some were in its training data and these "
              + "figures flatter it%n",
          shared, test.size(), 100.0 * shared / test.size(), path.getFileName(), String.join(", ", new java.util.TreeSet<>(domains)));
      console.flush();
    }
  }

  private static void print(PrintWriter out, List<Evaluation> evaluations, CrossDomain.Result cross) {
    out.println();
    out.printf("%-22s %-20s %7s %7s %7s %7s %7s%n", "model", "test set", "n", "F1", "prec", "recall", "acc");
    for (Evaluation e : evaluations) {
      Metrics m = e.overall();
      out.printf("%-22s %-20s %7d %7.4f %7.4f %7.4f %7.4f%n", e.model(), e.testSet(), m.count(), m.f1(), m.precision(), m.recall(), m.accuracy());
      e.perDomain().forEach((d, dm) -> out.printf("    %-18s %-20s %7d %7s %7s %7s %7.4f%n", "", d, dm.count(), fmt(dm.f1()), fmt(dm.precision()), fmt(dm.recall()), dm.accuracy()));
    }
    if (cross != null) {
      printRows(out, "training domains against test domains (accuracy)", cross.matrix());
      printRows(out, "leave one domain out (accuracy on the domain left out)", cross.leaveOneDomainOut());
    }
    out.flush();
  }

  private static void printRows(PrintWriter out, String title, List<CrossDomain.Row> rows) {
    out.println();
    out.println(title);
    for (CrossDomain.Row row : rows) {
      StringBuilder line = new StringBuilder(String.format("  %-24s", row.training()));
      row.byTestDomain().forEach((d, m) -> line.append(String.format("  %s %.4f", d, m.accuracy())));
      out.println(line);
    }
  }

  private static String fmt(double value) {
    return Double.isNaN(value) ? "n/a" : String.format("%.4f", value);
  }
}
