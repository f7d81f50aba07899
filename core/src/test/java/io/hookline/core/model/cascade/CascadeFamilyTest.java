package io.hookline.core.model.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.model.Explanation;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.Score;
import io.hookline.core.model.ShippedExamples;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.modelstore.ModelArtifact;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CascadeFamilyTest {

  @Test
  void theBandIsChosenOnHeldOutMailRecordedAndKeptThroughSaveAndLoad(@TempDir Path store) throws Exception {
    Corpus corpus = Corpus.load(SpamAssassinArchive.shipped());
    List<String> domains = List.of("easy-ham-1", "spam-1");
    List<TrainingExample> train = ShippedExamples.of(corpus, domains, 0, 150);
    List<TrainingExample> validation = ShippedExamples.of(corpus, domains, 150, 60);
    List<FeatureVector> test = ShippedExamples.of(corpus, List.of("hard-ham-1", "spam-2"), 0, 40).stream().map(TrainingExample::vector).toList();

    CascadeModel cascade = (CascadeModel) ModelFamilies.named(CascadeFamily.NAME).train(train, validation,
        TrainingConfig.defaults("phish", "cascade-1", "test", 3), TrainingProgress.SILENT);
    double band = cascade.metadata().metrics().get("cascade.band");
    double slowShare = cascade.metadata().metrics().get("cascade.slow_share");
    assertThat(band).isIn(0.0, 0.05, 0.1, 0.2, 0.3, 0.45);
    double best = cascade.metadata().metrics().get(String.format(java.util.Locale.ROOT, "cascade.band.%.2f.slow.%.1f.f1", band, slowShare));
    for (double share : CascadeFamily.SLOW_SHARES) {
      for (double tried : CascadeFamily.BANDS) {
        assertThat(cascade.metadata().metrics().get(String.format(java.util.Locale.ROOT, "cascade.band.%.2f.slow.%.1f.f1", tried, share)))
            .as("no rule tried did better than the one chosen").isLessThanOrEqualTo(best);
      }
    }

    List<Score> scores = cascade.predict(test);
    List<Explanation> batch = cascade.explain(test, 5);
    for (int i = 0; i < test.size(); i++) {
      assertThat(batch.get(i).logit()).as("a batch's explanations are the decisions'").isCloseTo(scores.get(i).logit(), Offset.offset(1e-6));
    }
    for (int i = 0; i < 5; i++) {
      Explanation explanation = cascade.explainInDetail(test.get(i), 5);
      assertThat(explanation.logit()).as("the explanation is the decision's").isCloseTo(scores.get(i).logit(), Offset.offset(1e-6));
      assertThat(explanation.baseValue() + explanation.total()).isCloseTo(explanation.logit(), Offset.offset(1e-6));
    }

    ModelArtifact.Stored stored = ModelArtifact.save(cascade, store);
    PhishingModel loaded = ModelArtifact.load(stored.directory(), stored.sha256());
    assertThat(loaded.predict(test)).extracting(Score::probability).containsExactlyElementsOf(scores.stream().map(Score::probability).toList());
  }
}
