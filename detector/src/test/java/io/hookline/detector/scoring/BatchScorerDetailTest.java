package io.hookline.detector.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.Label;
import io.hookline.avro.Reason;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureFamily;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.features.TokenSample;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.Attribution;
import io.hookline.core.model.AttributionNames;
import io.hookline.core.model.Calibration;
import io.hookline.core.model.DecisionFit;
import io.hookline.core.model.EmbeddingProjection;
import io.hookline.core.model.Explanation;
import io.hookline.core.model.ModelMetadata;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.Score;
import io.hookline.core.model.TrainingConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reasons in detail within the batch's budget, with a small fake text model: its logit is the
 * number of times its message says "verify", less 1.5; its batch explanation holds the text as a
 * whole, its detailed one the word (at a cost the test sets).
 */
class BatchScorerDetailTest {
  private final MailParser parser = new MailParser();

  @Test
  void everyPhishingVerdictGetsReasonsInDetailWhenTheBudgetAllowsAndNoneWhenItIsOff() throws Exception {
    List<EmailMessage> batch = messages();
    List<BatchScorer.Scored> detailed = scorer(new DetailedReasons(Duration.ofSeconds(5), 0)).score(new WordModel(0), batch, Instant.now());
    for (BatchScorer.Scored s : detailed) {
      List<String> reasons = s.verdict().getReasons().stream().map(Reason::getFeature).toList();
      if (s.verdict().getLabel() == Label.PHISHING) {
        assertThat(reasons).as("reasons of %s", s.verdict().getMessageId()).first().isEqualTo("text:verify");
      } else {
        assertThat(reasons).as("a legitimate verdict outside the sample keeps the batch's reasons").doesNotContain("text:verify");
      }
      assertThat(s.inference().getAttributions()).extracting(Reason::getFeature).as("the monitor's record keeps the batch's names")
          .doesNotContain("text:verify");
    }
    assertThat(detailed).extracting(s -> s.verdict().getLabel()).contains(Label.PHISHING, Label.LEGITIMATE);
    assertThat(detailed).as("the monitor's records carry the text's embedding, projected")
        .allSatisfy(s -> assertThat(s.inference().getEmbedding()).hasSize(EmbeddingProjection.DIMENSIONS));

    List<BatchScorer.Scored> off = scorer(DetailedReasons.OFF).score(new WordModel(0), batch, Instant.now());
    assertThat(off).allSatisfy(s -> assertThat(s.verdict().getReasons()).extracting(Reason::getFeature).doesNotContain("text:verify"));

    List<BatchScorer.Scored> everyone = scorer(new DetailedReasons(Duration.ofSeconds(5), 1.0)).score(new WordModel(0), batch, Instant.now());
    assertThat(everyone).filteredOn(s -> s.verdict().getLabel() == Label.LEGITIMATE).isNotEmpty()
        .allSatisfy(s -> assertThat(s.verdict().getReasons()).extracting(Reason::getFeature).contains("text:verify"));
  }

  @Test
  void aTightBudgetExplainsTheStrongestPhishingFirstAndStopsBeforeAnExplanationThatWouldNotFit() throws Exception {
    BatchScorer scorer = scorer(new DetailedReasons(Duration.ofMillis(60), 0));
    List<EmailMessage> batch = messages();
    long phishing = 0;
    long explained = 0;
    for (int round = 0; round < 3; round++) {
      List<BatchScorer.Scored> scored = scorer.score(new WordModel(50), batch, Instant.now());
      List<BatchScorer.Scored> flagged = scored.stream().filter(s -> s.verdict().getLabel() == Label.PHISHING)
          .sorted((a, b) -> Double.compare(b.verdict().getScore(), a.verdict().getScore())).toList();
      phishing += flagged.size();
      for (int i = 0; i < flagged.size(); i++) {
        boolean inDetail = inDetail(flagged.get(i));
        explained += inDetail ? 1 : 0;
        if (inDetail && i > 0) {
          assertThat(inDetail(flagged.get(i - 1))).as("a stronger verdict was explained before").isTrue();
        }
      }
    }
    assertThat(phishing).as("two to four times \"verify\": three PHISHING verdicts a batch").isEqualTo(3 * 3);
    assertThat(explained).as("explanations of 50 ms each in budgets of 60 ms: at most one per batch").isBetween(0L, 3L);
  }

  @Test
  void anExplanationOverTheBudgetIsNotTriedAgainBatchAfterBatch() throws Exception {
    BatchScorer scorer = scorer(new DetailedReasons(Duration.ofMillis(10), 0));
    List<EmailMessage> batch = messages();
    long explained = 0;
    for (int round = 0; round < 40; round++) {
      explained += scorer.score(new WordModel(50), batch, Instant.now()).stream().filter(BatchScorerDetailTest::inDetail).count();
    }
    assertThat(explained).as("one explanation of 50 ms, then none in budgets of 10 ms for %s", BatchScorer.RETRY_DETAIL_AFTER).isEqualTo(1);
  }

  @Test
  void anExplanationWithoutATextReadWholeIsNeverExplainedAgain() throws Exception {
    WordModel model = new WordModel(0, false);
    List<BatchScorer.Scored> scored = scorer(new DetailedReasons(Duration.ofSeconds(5), 1.0)).score(model, messages(), Instant.now());
    assertThat(scored).extracting(s -> s.verdict().getLabel()).contains(Label.PHISHING);
    assertThat(model.detailCalls).as("detailed explanations asked of a model whose explanations are already term by term").isZero();
  }

  private static boolean inDetail(BatchScorer.Scored scored) {
    return scored.verdict().getReasons().stream().anyMatch(r -> r.getFeature().equals("text:verify"));
  }

  private BatchScorer scorer(DetailedReasons detail) {
    return new BatchScorer(new FeatureExtractor(FeatureSpec.CURRENT), 3, 1.0, new TokenSample(2), DevicePlacement.inJvm(), detail);
  }

  /** Four messages saying "verify" once to four times (phishing), four not at all. */
  private List<EmailMessage> messages() throws Exception {
    List<EmailMessage> messages = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String words = "please verify ".repeat(i < 4 ? i + 1 : 0) + "the report for the quarter is ready";
      String raw = "From: a@example.com\r\nTo: b@example.com\r\nSubject: note " + i + "\r\nMessage-ID: <" + i + "@example.com>\r\n\r\n" + words + "\r\n";
      messages.add(parser.parse(raw.getBytes(StandardCharsets.US_ASCII), InboundContext.of("m-" + i, Instant.EPOCH)));
    }
    return messages;
  }

  /** A text model in miniature; {@code detailMillis} is what a detailed explanation costs. */
  private static final class WordModel implements PhishingModel {
    private final long detailMillis;
    private final boolean wholeText;
    int detailCalls;
    private final ModelMetadata metadata = ModelMetadata.trained(TrainingConfig.defaults("phish", "fake", "test", 1), "fake", FeatureSpec.CURRENT.version(),
        new DecisionFit(Calibration.IDENTITY, 0.5), "none", 0);

    WordModel(long detailMillis) {
      this(detailMillis, true);
    }

    /** With {@code wholeText} false, the batch explanation names the word already, as an additive model would. */
    WordModel(long detailMillis, boolean wholeText) {
      this.detailMillis = detailMillis;
      this.wholeText = wholeText;
    }

    private static double logit(FeatureVector vector) {
      return vector.text().split("verify", -1).length - 1 - 1.5;
    }

    @Override
    public ModelMetadata metadata() {
      return metadata;
    }

    @Override
    public List<Score> predict(List<FeatureVector> vectors) {
      return vectors.stream().map(v -> metadata.score(logit(v))).toList();
    }

    @Override
    public Explanation explain(FeatureVector vector, int namedTokens) {
      String name = wholeText ? AttributionNames.ENCODED_TEXT : AttributionNames.NAMED_TOKEN_PREFIX + "verify (body)";
      return new Explanation(-1.5, logit(vector), List.of(new Attribution(name, FeatureFamily.TOKEN, logit(vector) + 1.5, "the wording", !wholeText)), 0);
    }

    @Override
    public Explanation explainInDetail(FeatureVector vector, int namedTokens) {
      detailCalls++;
      try {
        Thread.sleep(detailMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      double value = logit(vector) + 1.5;
      return new Explanation(-1.5, logit(vector), List.of(new Attribution("text:verify", FeatureFamily.TOKEN, value == 0 ? -0.1 : value, "the word 'verify'", true),
          new Attribution(AttributionNames.ENCODED_TEXT, FeatureFamily.TOKEN, value == 0 ? 0.1 : 0, "the rest", false)), 0);
    }

    /** A text embedding of four dimensions: how often the message says "verify", then constants. */
    @Override
    public List<float[]> embeddings(List<FeatureVector> vectors) {
      return vectors.stream().map(v -> new float[] {(float) logit(v), 1, 0, 0}).toList();
    }

    @Override
    public PhishingModel placedOn(Device device) {
      return this;
    }

    @Override
    public PhishingModel withMetadata(ModelMetadata newMetadata) {
      return this;
    }

    @Override
    public void writeTo(Path directory) {
      throw new UnsupportedOperationException("a test's model is not saved");
    }
  }
}
