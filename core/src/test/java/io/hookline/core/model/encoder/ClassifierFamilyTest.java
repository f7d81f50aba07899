package io.hookline.core.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.model.Attribution;
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
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fine-tuned classifier of one's own served as a model family, with the small classifier that
 * {@code scripts/tiny-classifier.py} writes (real ONNX, the bundled MiniLM tokenizer; lure words
 * weigh +2, everyday words -2, the phishing logit is the mean weight of the word pieces, and
 * phishing is class 0).
 */
class ClassifierFamilyTest {
  private static final Map<String, Double> WEIGHTS = Map.ofEntries(
      Map.entry("verify", 2.0), Map.entry("password", 2.0), Map.entry("account", 2.0), Map.entry("suspended", 2.0), Map.entry("urgent", 2.0),
      Map.entry("click", 2.0), Map.entry("confirm", 2.0), Map.entry("meeting", -2.0), Map.entry("thanks", -2.0), Map.entry("lunch", -2.0),
      Map.entry("attached", -2.0), Map.entry("minutes", -2.0), Map.entry("agenda", -2.0));
  @TempDir static Path home;
  private static byte[] tokenizerJson;

  @BeforeAll
  static void installTheClassifier() throws Exception {
    Path directory = Files.createDirectories(home.resolve("tiny-classifier"));
    for (String file : List.of("model.onnx", "config.json")) {
      try (InputStream in = ClassifierFamilyTest.class.getResourceAsStream("/classifiers/tiny-classifier/" + file)) {
        Files.write(directory.resolve(file), in.readAllBytes());
      }
    }
    tokenizerJson = SentenceEncoder.classpath(SentenceEncoder.BUNDLED + "-tokenizer.json");
    Files.write(directory.resolve("tokenizer.json"), tokenizerJson);
    System.setProperty(Classifiers.DIRECTORY_PROPERTY, directory.toString());
  }

  @AfterAll
  static void forgetIt() {
    System.clearProperty(Classifiers.DIRECTORY_PROPERTY);
  }

  @Test
  void logOddsAreThoseOfTheClassConfigJsonNamesPhishingWithPaddingMaskedOut() throws Exception {
    SequenceClassifier classifier = Classifiers.preferred();
    assertThat(classifier.name()).isEqualTo("tiny-classifier");
    List<String> texts = List.of("verify your password", "thanks for the meeting agenda, the minutes are attached", "urgent");
    double[] batch = classifier.logOdds(texts);
    try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), Map.of())) {
      for (int i = 0; i < texts.size(); i++) {
        Encoding pieces = tokenizer.encode(texts.get(i));
        double sum = 0;
        for (String piece : pieces.getTokens()) {
          sum += WEIGHTS.getOrDefault(piece, 0.0);
        }
        // class 0 (phishing) puts out the mean weight m, class 1 its negative: log-odds 2m
        double expected = 2 * sum / pieces.getIds().length;
        assertThat(batch[i]).as("log-odds of '%s' in a padded batch", texts.get(i)).isCloseTo(expected, Offset.offset(1e-5));
        assertThat(classifier.logOdds(List.of(texts.get(i)))[0]).as("alone").isCloseTo(expected, Offset.offset(1e-5));
      }
    }
    assertThat(batch[0]).isPositive();
    assertThat(batch[1]).isNegative();
  }

  @Test
  void thePhishingClassIsTheOneItsLabelNamesAndNotANegationOfIt() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    Path file = Path.of("config.json");
    assertThat(SequenceClassifier.phishingClass(json.readTree("{\"id2label\": {\"0\": \"not_phishing\", \"1\": \"phishing\"}}"), file)).isEqualTo(1);
    assertThat(SequenceClassifier.phishingClass(json.readTree("{\"id2label\": {\"0\": \"SPAM\", \"1\": \"HAM\"}}"), file)).isZero();
    assertThat(SequenceClassifier.phishingClass(json.readTree("{\"id2label\": {\"0\": \"benign\", \"1\": \"malicious\"}}"), file)).isEqualTo(1);
    assertThat(SequenceClassifier.phishingClass(json.readTree("{\"id2label\": {\"0\": \"non-spam\", \"1\": \"spam\"}}"), file)).isEqualTo(1);
    assertThat(SequenceClassifier.phishingClass(json.readTree("{\"id2label\": {\"0\": \"LABEL_0\", \"1\": \"LABEL_1\"}}"), file))
        .as("labels that say nothing: class 1 of two, decided where the logits are read").isEqualTo(-1);
  }

  @Test
  void calibratesScoresExplainsSavesAndReloadsThroughTheRegistry(@TempDir Path store) throws Exception {
    Corpus corpus = Corpus.load(SpamAssassinArchive.shipped());
    List<TrainingExample> labelled = ShippedExamples.of(corpus, List.of("easy-ham-1", "spam-1"), 0, 120);
    PhishingModel model = ModelFamilies.named(ClassifierFamily.NAME).train(labelled, List.of(), TrainingConfig.defaults("phish", "clf-1", "test", 7),
        TrainingProgress.SILENT);
    assertThat(model.metadata().family()).isEqualTo(ClassifierFamily.NAME);
    assertThat(model.metadata().provenance().engine()).contains("ONNX Runtime").contains("tiny-classifier");

    FeatureVector any = labelled.get(0).vector();
    FeatureVector lure = withText(any, "please verify your password today or your account is suspended");
    FeatureVector everyday = withText(any, "thanks for lunch, the agenda for the meeting is attached");
    List<Score> scores = model.predict(List.of(lure, everyday));
    assertThat(scores.get(0).logit()).isGreaterThan(scores.get(1).logit());
    assertThat(scores.get(0).probability()).as("calibrated probability rises with the log-odds").isGreaterThan(scores.get(1).probability());

    Explanation detail = model.explainInDetail(lure, 5);
    assertThat(detail.baseValue() + detail.total()).as("terms sum to the logit").isCloseTo(detail.logit(), Offset.offset(1e-6));
    assertThat(detail.logit()).isCloseTo(scores.get(0).logit(), Offset.offset(1e-6));
    assertThat(wordValue(detail, "password")).as("a lure word pushes towards phishing").isPositive();
    assertThat(wordValue(detail, "verify")).isPositive();
    assertThat(model.explainInDetail(everyday, 5).attributions()).as("an everyday word pushes away")
        .anyMatch(a -> a.feature().startsWith("text:") && a.feature().contains("agenda") && a.value() < 0);

    assertThat(model.placedOn(ai.djl.Device.cpu())).as("on the CPU, the model itself").isSameAs(model);
    assertThatThrownBy(() -> model.placedOn(ai.djl.Device.gpu())).as("ONNX Runtime's CPU build asked for a GPU")
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot run on GPU 0").hasMessageContaining("onnxruntime_gpu")
        .hasMessageContaining("CUDA 12");

    ModelArtifact.Stored stored = ModelArtifact.save(model, store);
    PhishingModel loaded = ModelArtifact.load(stored.directory(), stored.sha256());
    assertThat(loaded.predict(List.of(lure, everyday))).extracting(Score::probability)
        .containsExactlyElementsOf(scores.stream().map(Score::probability).toList());

    Path reference = stored.directory().resolve(ClassifierModel.FILE);
    Files.writeString(reference, Files.readString(reference).replaceAll("\"classifierSha256\":\"[0-9a-f]{4}", "\"classifierSha256\":\"0000"));
    String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(reference)));
    Path manifest = stored.directory().resolve(ModelArtifact.MANIFEST_FILE);
    Files.writeString(manifest, Files.readString(manifest).lines()
        .map(line -> line.endsWith(ClassifierModel.FILE) ? sha + "  " + ClassifierModel.FILE : line).reduce("", (a, b) -> a + b + "\n"));
    assertThatThrownBy(() -> ModelArtifact.load(stored.directory(), null)).isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("was calibrated on classifier tiny-classifier");
  }

  private static double wordValue(Explanation explanation, String word) {
    return explanation.attributions().stream().filter(a -> a.feature().startsWith("text:") && List.of(a.feature().substring(5).split(" ")).contains(word))
        .mapToDouble(Attribution::value).sum();
  }

  private static FeatureVector withText(FeatureVector v, String text) {
    return new FeatureVector(v.tokenHashes(), v.tokenCounts(), v.tokenTexts(), v.engineered(), v.evidence(), v.tokenFields(), text);
  }
}
