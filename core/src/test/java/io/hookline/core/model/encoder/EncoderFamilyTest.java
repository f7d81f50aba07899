package io.hookline.core.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.model.EmbeddingProjection;
import io.hookline.core.model.Explanation;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.model.ModelIntegrityException;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.Score;
import io.hookline.core.model.ShippedExamples;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.profile.ProfileBuilder;
import io.hookline.core.profile.ReferenceProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoder family end to end on real mail, offline: train, score, explain, save, load through the registry, refuse a changed encoder. */
class EncoderFamilyTest {

  @Test
  void trainsScoresExplainsSavesAndReloadsThroughTheRegistry(@TempDir Path store) throws Exception {
    Corpus corpus = Corpus.load(SpamAssassinArchive.shipped());
    List<TrainingExample> train = ShippedExamples.of(corpus, List.of("easy-ham-1", "spam-1"), 0, 150);
    List<TrainingExample> validation = ShippedExamples.of(corpus, List.of("easy-ham-1", "spam-1"), 150, 40);
    List<TrainingExample> test = ShippedExamples.of(corpus, List.of("easy-ham-1", "spam-1"), 190, 60);

    PhishingModel model = ModelFamilies.named(EncoderFamily.NAME).train(train, validation, TrainingConfig.defaults("phish", "enc-1", "test", 7),
        TrainingProgress.SILENT);
    assertThat(model.metadata().family()).isEqualTo(EncoderFamily.NAME);
    assertThat(model.metadata().provenance().engine()).contains("ONNX Runtime").contains(SentenceEncoder.BUNDLED);

    List<FeatureVector> vectors = test.stream().map(TrainingExample::vector).toList();
    List<Score> scores = model.predict(vectors);
    int right = 0;
    for (int i = 0; i < test.size(); i++) {
      right += model.metadata().phishing(scores.get(i).probability()) == (test.get(i).phishing() == 1) ? 1 : 0;
    }
    assertThat(right / (double) test.size()).as("accuracy on held-out mail of its own domains").isGreaterThan(0.85);

    Explanation explanation = model.explainInDetail(vectors.get(0), 5);
    assertThat(explanation.baseValue() + explanation.total()).as("SHAP terms sum to the logit").isCloseTo(explanation.logit(), Offset.offset(1e-6));
    assertThat(explanation.logit()).isCloseTo(scores.get(0).logit(), Offset.offset(1e-6));
    assertThat(explanation.attributions()).anyMatch(a -> a.feature().equals(EncoderModel.TEXT));
    assertThat(explanation.attributions()).as("words and phrases of the message, by Partition SHAP")
        .anyMatch(a -> a.feature().startsWith("text:") && a.observed() && vectors.get(0).text().contains(a.feature().substring(5)));
    Explanation whole = model.explain(vectors.subList(0, 1), 5).get(0);
    assertThat(whole.logit()).as("the word-level explanation and the batch one agree on the logit").isCloseTo(explanation.logit(), Offset.offset(1e-9));

    List<float[]> embeddings = model.embeddings(vectors);
    assertThat(embeddings).hasSize(vectors.size());
    ReferenceProfile.EmbeddingProfile embedded = ProfileBuilder.build(model, train, new ProfileBuilder.HeldOut(model, validation, 0)).profile().embedding();
    assertThat(embedded).as("the reference keeps the held-out texts' embeddings").isNotNull();
    assertThat(embedded.mean()).hasSize(EmbeddingProjection.DIMENSIONS);
    assertThat(embedded.examples()).isEqualTo(validation.size());
    // unit vectors, projected: a spread above zero and below the 1 + a few tens of percent a projection keeps
    assertThat(embedded.spread()).isBetween(0.01, 2.0);

    ModelArtifact.Stored stored = ModelArtifact.save(model, store);
    PhishingModel loaded = ModelArtifact.load(stored.directory(), stored.sha256());
    assertThat(loaded.predict(vectors)).extracting(Score::probability)
        .containsExactlyElementsOf(scores.stream().map(Score::probability).toList());

    Path head = stored.directory().resolve(EncoderModel.HEAD_FILE);
    Files.writeString(head, Files.readString(head).replaceAll("\"encoderSha256\":\"[0-9a-f]{4}", "\"encoderSha256\":\"0000"));
    String headSha = sha256(head);
    Files.writeString(stored.directory().resolve(ModelArtifact.MANIFEST_FILE), Files.readString(stored.directory().resolve(ModelArtifact.MANIFEST_FILE))
        .lines().map(line -> line.endsWith(EncoderModel.HEAD_FILE) ? headSha + "  " + EncoderModel.HEAD_FILE : line)
        .reduce("", (a, b) -> a + b + "\n"));
    assertThatThrownBy(() -> ModelArtifact.load(stored.directory(), null)).isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("was trained on encoder " + SentenceEncoder.BUNDLED);
  }

  private static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
