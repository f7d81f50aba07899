package io.hookline.trainer.training;

import io.hookline.trainer.shortcuts.ShortcutPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.profile.ReferenceProfile;
import io.hookline.trainer.dataset.DataMix;
import io.hookline.trainer.dataset.Featurizer;
import io.hookline.trainer.evaluation.Evaluation;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality bars of the default model on the shipped corpus, trained as {@code hookline train}
 * trains: the random split, the specialist on the shift split, the generalist on held-out later
 * mail. Each bar is a floor the model must clear, with the seed fixed.
 */
class ModelQualityTest {
  private static final long SEED = 42;
  private static Corpus corpus;
  private static Featurizer featurizer;
  private static ModelTraining training;
  /** Used by two tests: trained once. */
  private static PhishingModel specialist;

  @BeforeAll
  static void setUp() throws Exception {
    corpus = Corpus.load(SpamAssassinArchive.shipped());
    featurizer = new Featurizer(new MailParser(), new FeatureExtractor(FeatureSpec.CURRENT));
    // what hookline train does: shortcut fields dropped, domains balanced, L2 by leave-one-domain-out validation
    training = new ModelTraining(featurizer, new AdditiveFamily(FeatureSpec.CURRENT), ShortcutPolicy.DROP, true);
    specialist = training.train(DataMix.named("specialist", corpus, SEED), "specialist", "test", SEED, TrainingProgress.SILENT).model();
  }

  /** The generalist, trained once for the two tests that need it. */
  private static ModelTraining.Trained generalist;

  private static synchronized ModelTraining.Trained generalist() {
    if (generalist == null) {
      generalist = training.train(DataMix.named("generalist", corpus, SEED), "generalist", "v1", SEED, TrainingProgress.SILENT);
    }
    return generalist;
  }

  private static Evaluation trainAndEvaluate(String mix) {
    DataMix dataMix = DataMix.named(mix, corpus, SEED);
    PhishingModel model = switch (mix) {
      case "specialist" -> specialist;
      case "generalist" -> generalist().model();
      default -> training.train(dataMix, mix, "test", SEED, TrainingProgress.SILENT).model();
    };
    return Evaluation.of(model, mix, featurizer.featurize(dataMix.test()));
  }

  @Test
  void randomSplitF1IsAtLeast098() {
    assertThat(trainAndEvaluate("random").overall().f1()).isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void theSpecialistReachesF1094OnTheShiftSplitAndPassesHalfTheHardHam() {
    Evaluation specialistOnShift = trainAndEvaluate("specialist");
    assertThat(specialistOnShift.overall().f1()).isGreaterThanOrEqualTo(0.94);
    // trained on mailing lists and spam only, it has never seen honest commercial mail: the phishing signals carry it half way
    assertThat(specialistOnShift.perDomain().get("hard-ham-1").accuracy()).isGreaterThanOrEqualTo(0.45);
  }

  @Test
  void theGeneralistReachesF1097OnHeldOutLaterMailAndBeatsTheSpecialistThere() {
    Evaluation generalist = trainAndEvaluate("generalist");
    Evaluation specialistOnSameMail = Evaluation.of(specialist, "held out", featurizer.featurize(DataMix.heldOutShiftTest(corpus)));

    assertThat(generalist.overall().f1()).isGreaterThanOrEqualTo(0.97);
    assertThat(generalist.overall().f1()).isGreaterThan(specialistOnSameMail.overall().f1());
    assertThat(generalist.perDomain().get("hard-ham-1").accuracy()).isGreaterThan(specialistOnSameMail.perDomain().get("hard-ham-1").accuracy());
  }

  @Test
  void theArtifactCarriesAReferenceProfile(@TempDir Path store) throws Exception {
    DataMix mix = DataMix.named("generalist", corpus, SEED);
    ModelTraining.Trained trained = generalist();
    ModelArtifact.Stored stored = ModelArtifact.save(trained.model(), trained.profile(), store);

    ReferenceProfile profile = ReferenceProfile.read(stored.directory());
    assertThat(ModelArtifact.load(stored.directory(), stored.sha256()).metadata().name()).isEqualTo("generalist");
    assertThat(profile.examples()).isEqualTo(mix.train().size());
    assertThat(profile.signals()).hasSize(io.hookline.core.features.EngineeredFeature.values().length)
        .allSatisfy(s -> assertThat(s.binShares()).hasSameSizeAs(s.binEdges()));
    assertThat(profile.signals()).allSatisfy(s -> assertThat(java.util.Arrays.stream(s.binShares()).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9)));
    assertThat(profile.familyShares().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(profile.familyShares().get("token")).isGreaterThan(0.3);
    assertThat(java.util.Arrays.stream(profile.scoreHistogram()).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(profile.referenceOovRate()).isBetween(0.01, 0.5);
    assertThat(ReferenceProfile.readVocabulary(stored.directory())).hasSize(profile.vocabularySize()).isSorted();
    // the held-out messages kept whole for the domain classifier: both classes, the model's verdicts mostly right
    assertThat(profile.sample()).hasSize(Math.min(500, profile.scoredExamples()))
        .allSatisfy(m -> assertThat(m.signals()).hasSize(io.hookline.core.features.EngineeredFeature.values().length));
    assertThat(profile.sample()).anyMatch(ReferenceProfile.SampledMessage::phishing).anyMatch(m -> !m.phishing());
    assertThat(profile.sample().stream().filter(m -> m.phishing() == m.predictedPhishing()).count()).isGreaterThan(profile.sample().size() * 8L / 10);
  }
}
