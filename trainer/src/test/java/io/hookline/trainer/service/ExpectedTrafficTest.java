package io.hookline.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.TrainingExample;
import io.hookline.trainer.feedback.RecentFeedback;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a repaired model's reference expects: the live style at least half of the time. */
class ExpectedTrafficTest {
  @Test
  void fewLiveLabelsCountAsMuchAsTheCorpusInTheReferenceButNotInTraining() throws Exception {
    FeatureVector vector = new FeatureExtractor(FeatureSpec.CURRENT).extract(new MailParser().parse(
        "From: a@example.org\r\nSubject: hello\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII), InboundContext.of("m", Instant.EPOCH)));
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      examples.add(new TrainingExample(vector, i % 2, "easy-ham-1"));
    }
    for (int i = 0; i < 10; i++) {
      examples.add(new TrainingExample(vector, i % 2, RecentFeedback.DOMAIN, 2.0));
    }
    List<TrainingExample> expected = RetrainJob.liveAtLeastHalf(examples);
    assertThat(weight(expected, true)).isCloseTo(weight(expected, false), within(1e-9));
    assertThat(weight(expected, false)).isEqualTo(100);
    assertThat(weight(examples, true)).as("the training weights are left as they were").isEqualTo(20);

    List<TrainingExample> mostlyLive = new ArrayList<>(examples.subList(95, 110));
    assertThat(RetrainJob.liveAtLeastHalf(mostlyLive)).as("live already at least half").isEqualTo(mostlyLive);
    List<TrainingExample> corpusOnly = examples.subList(0, 100);
    assertThat(RetrainJob.liveAtLeastHalf(corpusOnly)).isEqualTo(corpusOnly);
  }

  private static double weight(List<TrainingExample> examples, boolean live) {
    return examples.stream().filter(e -> RecentFeedback.DOMAIN.equals(e.domain()) == live).mapToDouble(TrainingExample::weight).sum();
  }
}
