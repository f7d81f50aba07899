package io.hookline.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.Label;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.EngineeredFeature;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The reasons a verdict shows: in plain grammar, about what the message has, and towards the verdict first. */
class ReasonsTest {
  /** Double negatives, articles after "no", doubled articles and words, stray spaces. */
  private static final Pattern UNGRAMMATICAL = Pattern.compile(
      "\\b(no|without) (no|a no)\\b|\\bno (a|an)\\b|\\b(a|an) (a|an|the)\\b|\\bwith a (a|an|the)\\b|\\b(\\w+) \\7\\b|  |^ | $|without the length");

  @Test
  void everyReasonTemplateReadsAsPlainEnglishPresentOrAbsent() {
    for (EngineeredFeature feature : EngineeredFeature.values()) {
      for (String text : List.of(ReasonText.of(feature, 0, null), ReasonText.of(feature, 1, null), ReasonText.of(feature, 1, "example.com -> evil.example"))) {
        assertThat(text).as(feature.name()).isNotBlank();
        assertThat(UNGRAMMATICAL.matcher(text).find()).as(feature + ": " + text).isFalse();
      }
    }
    assertThat(ReasonText.of(EngineeredFeature.HEADER_MISSING_MESSAGE_ID, 0, null)).isEqualTo("with a Message-ID");
    assertThat(ReasonText.of(EngineeredFeature.AUTH_SPF_FAIL, 0, null)).isEqualTo("SPF did not fail");
    assertThat(ReasonText.of(EngineeredFeature.STYLE_HTML_ONLY, 0, null)).isEqualTo("without an HTML body without a plain-text part");
    assertThat(ReasonText.of(EngineeredFeature.HEADER_REPLY_TO_MISMATCH, 0, null)).isEqualTo("replies go to the sender's domain");
  }

  @Test
  void overTheShippedCorpusEveryShownReasonIsSomethingTheMessageHasAndTheFirstPushesTowardsTheVerdict() throws Exception {
    List<CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    MailParser parser = new MailParser();
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    List<TrainingExample> training = new ArrayList<>();
    List<FeatureVector> all = new ArrayList<>();
    for (int i = 0; i < corpus.size(); i++) {
      CorpusExample e = corpus.get(i);
      FeatureVector vector = extractor.extract(parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH)));
      all.add(vector);
      if (i % 10 == 0) {
        training.add(new TrainingExample(vector, e.label() == Label.PHISHING ? 1 : 0, e.domain()));
      }
    }
    AdditiveModel model = (AdditiveModel) new AdditiveFamily(FeatureSpec.CURRENT)
        .train(training, List.of(), TrainingConfig.defaults("phish", "reasons", "all", 3), TrainingProgress.SILENT);

    int withReasons = 0;
    int towardsFirst = 0;
    for (FeatureVector vector : all) {
      Explanation explanation = model.explain(vector, 5);
      boolean phishing = model.metadata().calibration().probability(explanation.logit()) >= model.metadata().threshold();
      List<Attribution> reasons = explanation.reasons(phishing, 5);
      assertThat(reasons).allSatisfy(reason -> {
        assertThat(reason.observed()).isTrue();
        assertThat(reason.feature()).isNotIn(AdditiveModel.ABSENT_TOKENS, AdditiveModel.OTHER_TOKENS);
        assertThat(reason.text()).doesNotStartWith("without ").doesNotStartWith("no ").doesNotContain("does not use");
        assertThat(UNGRAMMATICAL.matcher(reason.text()).find()).as(reason.text()).isFalse();
      });
      // towards the verdict first, then (only if fewer did) against it: never the other way round
      for (int i = 1; i < reasons.size(); i++) {
        boolean previousTowards = (reasons.get(i - 1).value() > 0) == phishing;
        boolean towards = (reasons.get(i).value() > 0) == phishing;
        assertThat(previousTowards || !towards).as("ordering of " + reasons).isTrue();
      }
      if (!reasons.isEmpty()) {
        withReasons++;
        towardsFirst += (reasons.get(0).value() > 0) == phishing ? 1 : 0;
      }
    }
    assertThat(withReasons).as("messages with at least one reason").isGreaterThan(all.size() * 95 / 100);
    assertThat(towardsFirst).as("messages whose first reason pushes towards the verdict").isGreaterThan(withReasons * 95 / 100);
  }
}
