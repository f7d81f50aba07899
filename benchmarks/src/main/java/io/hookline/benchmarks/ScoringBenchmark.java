package io.hookline.benchmarks;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Label;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.model.Explanation;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsed message to verdict with its reasons, over the whole shipped corpus on one thread:
 * featurize, score, explain (the top five reasons in words). Scores are messages per second.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ScoringBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+UseParallelGC"})
@Threads(1)
public class ScoringBenchmark {
  private static final int CORPUS_SIZE = 6046;

  private List<EmailMessage> messages;
  private FeatureExtractor extractor;
  private PhishingModel model;

  @Setup
  public void trainOnTheCorpus() throws Exception {
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    MailParser parser = new MailParser();
    extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    messages = new ArrayList<>();
    List<TrainingExample> examples = new ArrayList<>();
    for (CorpusExample example : corpus) {
      EmailMessage message = parser.parse(example.raw(), InboundContext.of(example.id(), Instant.EPOCH));
      messages.add(message);
      examples.add(new TrainingExample(extractor.extract(message), example.label() == Label.PHISHING ? 1 : 0, example.domain()));
    }
    model = ModelFamilies.named(AdditiveFamily.NAME)
        .train(examples, List.of(), TrainingConfig.defaults("bench", "1", "all", 1), TrainingProgress.SILENT);
  }

  @Benchmark
  @OperationsPerInvocation(CORPUS_SIZE)
  public void featurizeScoreExplain(Blackhole sink) {
    for (EmailMessage message : messages) {
      FeatureVector vector = extractor.extract(message);
      Explanation explanation = model.explain(vector, 5); // carries the logit: score and reasons in one pass
      sink.consume(model.metadata().score(explanation.logit()).probability());
      sink.consume(explanation.top(5));
    }
  }

  @Benchmark
  @OperationsPerInvocation(CORPUS_SIZE)
  public void featurizeOnly(Blackhole sink) {
    for (EmailMessage message : messages) {
      sink.consume(extractor.extract(message));
    }
  }
}
