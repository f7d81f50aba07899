package io.hookline.benchmarks;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Label;
import io.hookline.avro.ModelRef;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.features.TokenSample;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.model.Explanation;
import io.hookline.core.model.InferenceRecords;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.profile.ProfileBuilder;
import io.hookline.core.profile.Reference;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.monitor.MonitorConfig;
import io.hookline.monitor.alerting.Thresholds;
import io.hookline.monitor.reference.ReferenceCatalog;
import io.hookline.monitor.stream.MonitorTopology;
import io.hookline.schemas.InMemorySchemaRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The drift monitor's whole topology on one thread (Kafka Streams' test driver, so no broker
 * shares the core): inference-log records as the detector writes them, decoded, summarized for
 * the label join, folded into partial sketches, repartitioned, merged and judged in count
 * windows of 1,000. Scores are inference-log events per second.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MonitorTopologyBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+UseParallelGC", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.hookline.avro"})
@Threads(1)
public class MonitorTopologyBenchmark {
  private static final int CORPUS_SIZE = 6046;

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> input;
  private List<byte[]> records;
  private List<String> ids;

  @Setup
  public void scoreTheCorpus() throws Exception {
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    MailParser parser = new MailParser();
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    List<EmailMessage> messages = new ArrayList<>();
    List<TrainingExample> examples = new ArrayList<>();
    for (CorpusExample example : corpus) {
      EmailMessage message = parser.parse(example.raw(), InboundContext.of(example.id(), Instant.EPOCH));
      messages.add(message);
      examples.add(new TrainingExample(extractor.extract(message), example.label() == Label.PHISHING ? 1 : 0, example.domain()));
    }
    PhishingModel model = ModelFamilies.named(AdditiveFamily.NAME)
        .train(examples, List.of(), TrainingConfig.defaults("phish", "bench", "all", 1), TrainingProgress.SILENT);
    ProfileBuilder.Built profile = ProfileBuilder.build(model, examples, new ProfileBuilder.HeldOut(model, List.of(), 0.2));

    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    TopicNames names = TopicNames.DEFAULTS;
    HooklineTopics topics = HooklineTopics.of(names, registry);
    records = new ArrayList<>();
    ids = new ArrayList<>();
    for (EmailMessage message : messages) {
      FeatureVector vector = extractor.extract(message);
      Explanation explanation = model.explain(vector, 5);
      double score = model.metadata().score(explanation.logit()).probability();
      InferenceRecord record = InferenceRecords.of(message, vector, explanation, model.metadata(), score,
          model.metadata().phishing(score) ? Label.PHISHING : Label.LEGITIMATE, Instant.now(), 1.0, new TokenSample(2));
      records.add(topics.inferenceLog().valueSerde().serializer().serialize(names.inferenceLog(), record));
      ids.add(message.getMessageId());
    }

    ReferenceCatalog catalog = new ReferenceCatalog(new FileModelStore());
    catalog.put(new ModelRef("phish", "bench"), new Reference(profile.profile(), profile.vocabulary()));
    MonitorConfig config = new MonitorConfig(KafkaConnection.of("unused:9092", "http://unused"), names, "monitor-bench",
        Files.createTempDirectory("monitor-bench"), MonitorConfig.WindowKind.COUNT, Duration.ofMinutes(1), Duration.ofSeconds(10),
        1_000, 50, 500, Duration.ofSeconds(1), Duration.ofHours(1), true, 0.05, 50, 0, Thresholds.defaults());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitor-bench");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    driver = new TopologyTestDriver(MonitorTopology.build(config, topics, catalog, judged -> {}), props);
    input = driver.createInputTopic(names.inferenceLog(), new StringSerializer(), new ByteArraySerializer());
  }

  @Benchmark
  @OperationsPerInvocation(CORPUS_SIZE)
  public void inferenceLogThroughTheTopology() {
    for (int i = 0; i < records.size(); i++) {
      input.pipeInput(ids.get(i), records.get(i));
    }
  }

  @TearDown
  public void close() {
    driver.close();
  }
}
