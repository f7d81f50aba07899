package io.hookline.core.model.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
    assertThat(cascade.metadata().metrics().get("cascade.escalated")).isLessThanOrEqualTo(CascadeFamily.MAX_ESCALATED);
    for (double share : CascadeFamily.SLOW_SHARES) {
      for (double tried : CascadeFamily.BANDS) {
        String key = String.format(java.util.Locale.ROOT, "cascade.band.%.2f.slow.%.1f", tried, share);
        if (cascade.metadata().metrics().get(key + ".escalated") <= CascadeFamily.MAX_ESCALATED) {
          assertThat(cascade.metadata().metrics().get(key + ".f1")).as("no rule tried within the cost did better than the one chosen").isLessThanOrEqualTo(best);
        }
      }
    }

    double cut = cascade.metadata().metrics().get("cascade.novelty_cut");
    double familiarOverCut = validation.stream().filter(e -> cascade.novelty(e.vector()) > cut).count() / (double) validation.size();
    double laterOverCut = test.stream().filter(v -> cascade.novelty(v) > cut).count() / (double) test.size();
    assertThat(familiarOverCut).as("a twentieth of held-out mail of the training era is called unfamiliar").isLessThanOrEqualTo(0.05);
    assertThat(laterOverCut).as("mail of another era is called unfamiliar more often").isGreaterThan(2 * familiarOverCut).isGreaterThan(0.1);
    assertThat(cascade.escalated(test)).as("the unfamiliar mail gets the second opinion")
        .isGreaterThanOrEqualTo(test.stream().filter(v -> cascade.novelty(v) > cut).count());

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

  @Test
  void withoutHeldOutMailTheRuleIsChosenOnAHeldOutFifthAndThePartsLearnFromEverything() throws Exception {
    Corpus corpus = Corpus.load(SpamAssassinArchive.shipped());
    List<TrainingExample> train = ShippedExamples.of(corpus, List.of("easy-ham-1", "spam-1"), 0, 150);

    CascadeModel cascade = (CascadeModel) ModelFamilies.named(CascadeFamily.NAME).train(train, List.of(),
        TrainingConfig.defaults("phish", "cascade-1", "test", 3), TrainingProgress.SILENT);

    assertThat(cascade.metadata().metrics()).as("a novelty cut from mail the parts did not learn").containsKey("cascade.novelty_cut");
    assertThat(cascade.metadata().metrics().get("cascade.escalated")).as("a twentieth or so of that fifth").isBetween(0.01, 0.5);
    List<FeatureVector> vectors = train.stream().map(TrainingExample::vector).toList();
    PhishingModel onEverything = ModelFamilies.named("additive-ngram").train(train, List.of(), TrainingConfig.defaults("phish", "cascade-1", "test", 3),
        TrainingProgress.SILENT);
    assertThat(cascade.fast().predict(vectors)).extracting(Score::logit).as("the fast part learned from every example")
        .containsExactlyElementsOf(onEverything.predict(vectors).stream().map(Score::logit).toList());
    assertThat(cascade.fast().metadata().threshold()).as("and decides as the held-out fifth said").isNotEqualTo(onEverything.metadata().threshold());
  }

  @Test
  void aRuleWrittenWithoutANoveltyCutNeverEscalatesForNovelty() throws Exception {
    CascadeModel.Rule rule = new ObjectMapper().readValue("{\"band\":0.1,\"slowShare\":1.0}", CascadeModel.Rule.class);

    assertThat(rule.noveltyCut()).isNull();
    assertThat(CascadeModel.slowShare(rule, 0.5, new Score(0, 0.9), 1.0)).as("sure and wholly unfamiliar: the fast part alone").isZero();
    assertThat(CascadeModel.slowShare(rule, 0.5, new Score(0, 0.55), 0.0)).as("unsure").isEqualTo(1.0);
    CascadeModel.Rule withCut = new CascadeModel.Rule(0.1, 1.0, 0.3);
    assertThat(CascadeModel.slowShare(withCut, 0.5, new Score(0, 0.9), 0.31)).isEqualTo(CascadeModel.NOVEL_SLOW_SHARE);
    assertThat(CascadeModel.slowShare(withCut, 0.5, new Score(0, 0.9), 0.3)).isZero();
  }
}
