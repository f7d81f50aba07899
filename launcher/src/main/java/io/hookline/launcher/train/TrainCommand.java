package io.hookline.launcher.train;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.model.ModelFamily;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.launcher.CorpusOptions;
import io.hookline.trainer.dataset.DataMix;
import io.hookline.trainer.dataset.Featurizer;
import io.hookline.trainer.evaluation.Evaluation;
import io.hookline.trainer.evaluation.Metrics;
import io.hookline.trainer.shortcuts.ShortcutPolicy;
import io.hookline.trainer.shortcuts.Shortcuts;
import io.hookline.trainer.training.ModelTraining;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hookline train}: one model on a named data mix, evaluated on its test set, saved as an artifact. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train the default (additive) model on a named mix, evaluate it on the mix's test set, and save it to the model store.",
      "Mixes: random (random split), specialist (2002 groups only), generalist (every domain, balanced; tested on held-out later mail)."
    })
public final class TrainCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--mix", description = "random, specialist or generalist (default: ${DEFAULT-VALUE}).")
  private String mix = "specialist";

  @Option(names = "--domains", split = ",", description = "Instead of --mix: train on these domains, balanced (at most --per-domain-cap each), tested on their held-out messages.")
  private List<String> domains;

  @Option(names = "--per-domain-cap", description = "With --domains: most examples one domain contributes (default: ${DEFAULT-VALUE}).")
  private int perDomainCap = DataMix.DEFAULT_PER_DOMAIN_CAP;

  @Mixin private CorpusOptions corpora = new CorpusOptions();

  @Option(names = "--family", description = "The model family: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).", completionCandidates = FamilyNames.class)
  private String family = AdditiveFamily.NAME;

  @Option(names = "--seed", description = "Seed of splits, sampling and training (default: ${DEFAULT-VALUE}).")
  private long seed = 42;

  @Option(names = "--name", description = "Model name (default: ${DEFAULT-VALUE}).")
  private String name = "phish";

  @Option(names = "--model-version", description = "Model version (default: the time, as 2026.11.27-083000).")
  private String version;

  @Option(names = "--shortcuts", description = "What to do about token fields that identify a corpus rather than phishing: report, penalize or drop (default: ${DEFAULT-VALUE}).")
  private String shortcuts = "drop";

  @Option(names = "--no-domain-validation", description = "Train on the pooled mix with the default L2, instead of domain-balanced with L2 chosen by leave-one-domain-out validation.")
  private boolean noDomainValidation;

  @Option(names = "--models", description = "The model store directory (default: ${DEFAULT-VALUE}).")
  private Path models = Path.of("models");

  @Override
  public Integer call() throws IOException {
    ShortcutPolicy policy = shortcutPolicy(spec, shortcuts); // a bad value fails before the corpus loads
    PrintWriter out = spec.commandLine().getOut();
    Corpus corpus = corpora.load(spec);
    DataMix dataMix;
    try {
      dataMix = domains == null ? DataMix.named(mix, corpus, seed)
          : DataMix.balanced("domains:" + String.join("+", domains), corpus, new java.util.TreeSet<>(domains), perDomainCap, seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    String modelVersion = version != null ? version : ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy.MM.dd-HHmmss"));
    Featurizer featurizer = new Featurizer(new MailParser(), new FeatureExtractor(FeatureSpec.CURRENT));
    out.printf("Training %s %s on mix %s: %,d messages from %s (seed %d)%n", name, modelVersion, dataMix.name(), dataMix.train().size(), dataMix.domains(), seed);
    out.flush();
    long start = System.nanoTime();
    ModelFamily modelFamily;
    try {
      modelFamily = ModelFamilies.named(family);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ModelTraining.Trained trained = new ModelTraining(featurizer, modelFamily, policy, !noDomainValidation)
        .train(dataMix, name, modelVersion, seed, (epoch, epochs, loss) -> {
          out.printf("  epoch %d/%d  loss %.4f%n", epoch, epochs, loss);
          out.flush();
        });
    PhishingModel model = trained.model();
    double seconds = (System.nanoTime() - start) / 1e9;
    Evaluation evaluation = Evaluation.of(model, dataMix.name() + " test", featurizer.featurize(dataMix.test()));
    Metrics m = evaluation.overall();
    model = model.withMetadata(model.metadata().withMetrics(Map.of(
        "test.f1", m.f1(), "test.precision", m.precision(), "test.recall", m.recall(), "test.accuracy", m.accuracy(), "test.roc_auc", evaluation.rocAuc())));
    ModelArtifact.Stored stored = ModelArtifact.save(model, trained.profile(), models);
    out.printf("Trained in %.1f s (featurizing included). On %,d test messages: F1 %.4f, precision %.4f, recall %.4f, accuracy %.4f, ROC AUC %.4f%n",
        seconds, m.count(), m.f1(), m.precision(), m.recall(), m.accuracy(), evaluation.rocAuc());
    evaluation.perDomain().forEach((domain, dm) -> out.printf("  %-12s accuracy %.4f (%d messages)%n", domain, dm.accuracy(), dm.count()));
    var profile = trained.profile().profile();
    out.printf("Leans on (share of mean |SHAP|): %s%n", profile.familyShares().entrySet().stream()
        .filter(e -> e.getValue() > 0.005).map(e -> String.format("%s %.0f%%", e.getKey(), 100 * e.getValue())).toList());
    var validated = new java.util.TreeMap<>(model.metadata().metrics());
    validated.keySet().removeIf(k -> !k.startsWith("lodo.mean.l2."));
    out.printf("L2 %.0e%s%n", model.metadata().provenance().l2(), validated.isEmpty() ? " (default: no domain can be left out with both classes remaining)"
        : ", best mean leave-one-domain-out score of " + validated.entrySet().stream()
            .map(e -> e.getKey().substring("lodo.mean.l2.".length()) + " " + String.format("%.4f", e.getValue())).toList());
    printShortcuts(out, trained, policy);
    out.printf("Saved to %s%n  sha256 %s%n", stored.directory(), stored.sha256());
    out.flush();
    return 0;
  }

  /** The {@code --shortcuts} value as a policy; a wrong one is a usage error. */
  static ShortcutPolicy shortcutPolicy(CommandSpec spec, String value) {
    try {
      return ShortcutPolicy.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The diagnosis in a few lines: how identifiable the corpora are, what the policy did, the strongest shortcuts. */
  static void printShortcuts(PrintWriter out, ModelTraining.Trained trained, ShortcutPolicy policy) {
    Shortcuts found = trained.shortcuts();
    if (!found.separable()) {
      out.println("Shortcuts: each label comes from one corpus here, so corpus identity cannot be told from the label; nothing to diagnose");
      return;
    }
    out.printf("Shortcuts: the corpus-identity probe names a message's corpus %.0f%% better than chance; shortcut score %.3f%s%n",
        100 * found.identifiability(), found.score(),
        trained.shortcutsBefore() == found ? " (policy " + policy.configName() + ")"
            : String.format(" (%.3f before; policy %s scaled %s)", trained.shortcutsBefore().score(), policy.configName(),
                trained.model().metadata().provenance().tokenFieldScales()));
    for (Shortcuts.Feature feature : trained.shortcutsBefore().top(5)) {
      out.printf("  %-42s predictiveness %.2f  attribution %4.1f%%  score %.3f  %s%n", feature.name(), feature.predictiveness(),
          100 * feature.attributionShare(), feature.score(), String.join(", ", feature.examples()));
    }
  }
}
