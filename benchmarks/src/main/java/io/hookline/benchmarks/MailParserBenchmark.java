package io.hookline.benchmarks;

import io.hookline.avro.EmailMessage;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParseException;
import io.hookline.core.mail.MailParser;
import java.io.IOException;
import java.time.Instant;
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
 * Raw bytes to {@code EmailMessage} over the whole shipped SpamAssassin corpus, on one thread:
 * the score is messages per second per core.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MailParserBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
@Threads(1)
public class MailParserBenchmark {
  private static final int CORPUS_SIZE = 6046;

  private List<CorpusExample> corpus;
  private MailParser parser;
  private InboundContext context;

  @Setup
  public void load() throws IOException {
    corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    if (corpus.size() != CORPUS_SIZE) {
      throw new IllegalStateException("expected " + CORPUS_SIZE + " messages, found " + corpus.size());
    }
    parser = new MailParser();
    context = InboundContext.of("bench", Instant.EPOCH);
  }

  @Benchmark
  @OperationsPerInvocation(CORPUS_SIZE)
  public void parseCorpus(Blackhole sink) throws MailParseException {
    for (CorpusExample example : corpus) {
      EmailMessage message = parser.parse(example.raw(), context);
      sink.consume(message);
    }
  }
}
