package io.hookline.trainer.evaluation;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.CorpusSplit;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.trainer.dataset.Featurizer;
import io.hookline.trainer.training.ModelTraining;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * How well training on some domains carries to others. Every model here trains on the random
 * split's training part and is tested on its test part, so no cell scores a message its model saw.
 *
 * <ul>
 *   <li>the matrix: one row per group of training domains, one column per test domain;
 *   <li>leave one domain out: for each domain, a model trained on all the others, tested on it.
 * </ul>
 *
 * Each cell holds the metrics on that domain's held-out messages; a domain of one class has an
 * accuracy but no F1.
 */
public final class CrossDomain {

  /** One row: what the model trained on, and its metrics per test domain. */
  public record Row(String training, List<String> trainingDomains, Map<String, Metrics> byTestDomain) {}

  public record Result(List<Row> matrix, List<Row> leaveOneDomainOut) {}

  private final ModelTraining training;
  private final Featurizer featurizer;

  public CrossDomain(ModelTraining training, Featurizer featurizer) {
    this.training = training;
    this.featurizer = featurizer;
  }

  /**
   * @param groups named groups of training domains for the matrix rows
   */
  public Result run(Corpus corpus, Map<String, Set<String>> groups, long seed, Consumer<String> progress) {
    CorpusSplit split = CorpusSplit.named("random", corpus);
    Map<String, List<TrainingExample>> testByDomain = new TreeMap<>();
    for (TrainingExample example : featurizer.featurize(split.test())) {
      testByDomain.computeIfAbsent(example.domain(), d -> new ArrayList<>()).add(example);
    }
    Set<String> domains = new TreeSet<>(testByDomain.keySet());
    List<Row> matrix = new ArrayList<>();
    for (var group : groups.entrySet()) {
      progress.accept("matrix row " + group.getKey());
      matrix.add(row(group.getKey(), group.getValue(), split.train(), testByDomain, seed));
    }
    List<Row> lodo = new ArrayList<>();
    for (String left : domains) {
      Set<String> others = new TreeSet<>(domains);
      others.remove(left);
      progress.accept("leave out " + left);
      Row row = row("all but " + left, others, split.train(), Map.of(left, testByDomain.get(left)), seed);
      lodo.add(row);
    }
    return new Result(matrix, lodo);
  }

  private Row row(String name, Set<String> trainDomains, List<CorpusExample> pool, Map<String, List<TrainingExample>> tests, long seed) {
    List<CorpusExample> train = pool.stream().filter(e -> trainDomains.contains(e.domain())).toList();
    Map<String, Integer> counts = new TreeMap<>();
    train.forEach(e -> counts.merge(e.domain() + "/" + e.label(), 1, Integer::sum));
    PhishingModel model = training.train(train, name, List.copyOf(new TreeSet<>(trainDomains)), counts, "cross-domain", name, seed, TrainingProgress.SILENT).model();
    Map<String, Metrics> cells = new LinkedHashMap<>();
    tests.forEach((domain, examples) -> cells.put(domain, Evaluation.of(model, domain, examples).overall()));
    return new Row(name, List.copyOf(new TreeSet<>(trainDomains)), cells);
  }
}
