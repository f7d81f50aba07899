package io.hookline.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Label;
import io.hookline.avro.Link;
import io.hookline.avro.Truncation;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.modelstore.ArtifactSignature;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.modelstore.ModelArtifact;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training with DJL on a slice of the shipped corpus: it learns, reproducibly, and its artifact is verified. */
class AdditiveFamilyTest {
  private static final AdditiveFamily FAMILY = new AdditiveFamily(FeatureSpec.CURRENT);
  private static List<TrainingExample> train;
  private static List<TrainingExample> validation;
  private static List<TrainingExample> test;

  @BeforeAll
  static void slice() throws Exception {
    Corpus corpus = Corpus.load(SpamAssassinArchive.shipped());
    MailParser parser = new MailParser();
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    List<TrainingExample> ham = new ArrayList<>();
    List<TrainingExample> spam = new ArrayList<>();
    for (CorpusExample e : corpus.inDomains(java.util.Set.of("easy-ham-1", "spam-1"))) {
      List<TrainingExample> into = e.label() == Label.PHISHING ? spam : ham;
      if (into.size() < 200) {
        FeatureVector v = extractor.extract(parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH)));
        into.add(new TrainingExample(v, e.label() == Label.PHISHING ? 1 : 0, e.domain()));
      }
    }
    train = new ArrayList<>(ham.subList(0, 120));
    train.addAll(spam.subList(0, 120));
    validation = new ArrayList<>(ham.subList(120, 150));
    validation.addAll(spam.subList(120, 150));
    test = new ArrayList<>(ham.subList(150, 200));
    test.addAll(spam.subList(150, 200));
  }

  private static TrainingConfig config(long seed) {
    return TrainingConfig.defaults("phish-test", "v1", "easy-ham-1+spam-1", seed)
        .withMix(List.of("easy-ham-1", "spam-1"), Map.of("easy-ham-1/LEGITIMATE", 120, "spam-1/PHISHING", 120));
  }

  private static double accuracy(PhishingModel model, List<TrainingExample> examples) {
    List<Score> scores = model.predict(examples.stream().map(TrainingExample::vector).toList());
    int right = 0;
    for (int i = 0; i < examples.size(); i++) {
      boolean phishing = scores.get(i).probability() >= model.metadata().threshold();
      right += phishing == (examples.get(i).phishing() == 1) ? 1 : 0;
    }
    return (double) right / examples.size();
  }

  @Test
  void learnsToSeparateHeldOutMessagesAndRecordsHowItWasMade() {
    AdditiveModel model = FAMILY.train(train, validation, config(7), TrainingProgress.SILENT);

    assertThat(accuracy(model, test)).isGreaterThan(0.9);
    assertThat(model.metadata().calibration().a()).isPositive();
    assertThat(model.metadata().threshold()).isStrictlyBetween(0.0, 1.0);
    assertThat(model.metadata().featureSpec()).isEqualTo(FeatureSpec.CURRENT.version());
    assertThat(model.metadata().domains()).containsExactly("easy-ham-1", "spam-1");
    assertThat(model.metadata().provenance().seed()).isEqualTo(7);
    assertThat(model.metadata().provenance().engine()).startsWith("PyTorch");
  }

  @Test
  void theSameSeedGivesTheSameModel() {
    List<FeatureVector> vectors = test.stream().map(TrainingExample::vector).toList();
    List<Score> first = FAMILY.train(train, validation, config(11), TrainingProgress.SILENT).predict(vectors);
    List<Score> second = FAMILY.train(train, validation, config(11), TrainingProgress.SILENT).predict(vectors);
    List<Score> otherSeed = FAMILY.train(train, validation, config(12), TrainingProgress.SILENT).predict(vectors);

    assertThat(second).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void anArtifactRoundTripsAndRefusesTampering(@TempDir Path store) throws IOException {
    AdditiveModel model = FAMILY.train(train, validation, config(5), TrainingProgress.SILENT);
    ModelArtifact.Stored stored = ModelArtifact.save(model, store);

    try (java.util.stream.Stream<Path> siblings = Files.list(store.resolve("phish-test"))) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("v1"); // no staging left behind
    }
    PhishingModel loaded = ModelArtifact.load(stored.directory(), stored.sha256());
    List<FeatureVector> vectors = test.stream().map(TrainingExample::vector).toList();
    assertThat(loaded.predict(vectors)).isEqualTo(model.predict(vectors));
    assertThat(loaded.metadata()).isEqualTo(model.metadata());
    assertThat(ModelArtifact.checksum(stored.directory())).isEqualTo(stored.sha256());

    assertThatThrownBy(() -> ModelArtifact.load(stored.directory(), "0".repeat(64)))
        .isInstanceOf(ModelIntegrityException.class).hasMessageContaining("was published");
    Path weights = stored.directory().resolve(AdditiveModel.WEIGHTS_FILE);
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length / 2] ^= 1;
    Files.write(weights, bytes);
    assertThatThrownBy(() -> ModelArtifact.load(stored.directory(), null))
        .isInstanceOf(ModelIntegrityException.class).hasMessageContaining("weights.ndlist does not match");
  }

  @Test
  void paddingTruncationAndDeceptiveLinksNeverArgueForLegitimacy() throws Exception {
    AdditiveModel model = FAMILY.train(train, validation, config(5), TrainingProgress.SILENT);
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.CURRENT);
    MailParser parser = new MailParser();
    List<CorpusExample> phishing = Corpus.load(SpamAssassinArchive.shipped()).inDomains(java.util.Set.of("spam-2")).stream()
        .filter(e -> e.label() == Label.PHISHING).limit(60).toList();
    String blank = " \n".repeat(25_000); // 50 KB that adds no word
    String words = "Our newsletter team wishes you a pleasant week with family and friends. ".repeat(700);
    int checked = 0;
    for (CorpusExample e : phishing) {
      EmailMessage original = parser.parse(e.raw(), InboundContext.of(e.id(), Instant.EPOCH));
      if (original.getTextBody() == null || original.getTextBody().length() > 3_000) {
        continue;
      }
      checked++;
      double score = logit(model, extractor, original);
      EmailMessage padded = EmailMessage.newBuilder(original).setTextBody(original.getTextBody() + blank).build();
      EmailMessage truncated = EmailMessage.newBuilder(original).setTruncations(List.of(Truncation.BODY_LENGTH)).build();
      List<Link> links = new ArrayList<>(original.getLinks());
      links.add(new Link("http://paypa1-account-verify.example/login", "www.paypal.com"));
      EmailMessage cloaked = EmailMessage.newBuilder(original).setLinks(links).build();
      EmailMessage wordPadded = EmailMessage.newBuilder(original).setTextBody(original.getTextBody() + "\n" + words).build();

      assertThat(logit(model, extractor, padded)).as("padded %s", e.id()).isGreaterThanOrEqualTo(score - 1e-9);
      assertThat(logit(model, extractor, truncated)).as("truncated %s", e.id()).isGreaterThanOrEqualTo(score - 1e-9);
      assertThat(signal(model, extractor, cloaked, "url.text_target_mismatch")).as("cloaked %s", e.id()).isGreaterThanOrEqualTo(0);
      assertThat(signal(model, extractor, cloaked, "url.lookalike_domain")).as("look-alike %s", e.id()).isGreaterThan(0);
      assertThat(logit(model, extractor, cloaked)).as("cloaked with a look-alike %s", e.id()).isGreaterThanOrEqualTo(score - 1e-9);
      assertThat(signal(model, extractor, wordPadded, "style.body_length")).as("padded with words %s", e.id())
          .isGreaterThanOrEqualTo(signal(model, extractor, original, "style.body_length"));
    }
    assertThat(checked).as("short phishing messages checked").isGreaterThan(10);
  }

  private static double logit(AdditiveModel model, FeatureExtractor extractor, EmailMessage message) {
    return model.explain(extractor.extract(message), 0).logit();
  }

  private static double signal(AdditiveModel model, FeatureExtractor extractor, EmailMessage message, String feature) {
    return model.explain(extractor.extract(message), 0).attributions().stream().filter(a -> a.feature().equals(feature))
        .mapToDouble(Attribution::value).findFirst().orElse(0); // a signal with no weight is not listed
  }

  @Test
  void aSigningStoreLoadsOnlyArtifactsSignedWithItsKey(@TempDir Path store) throws IOException {
    Files.writeString(store.resolve("key"), "k".repeat(40) + "\n");
    Files.writeString(store.resolve("other-key"), "o".repeat(40));
    FileModelStore signing = new FileModelStore(ArtifactSignature.fromKeyFile(store.resolve("key")));
    FileModelStore otherKey = new FileModelStore(ArtifactSignature.fromKeyFile(store.resolve("other-key")));
    AdditiveModel model = FAMILY.train(train, validation, config(5), TrainingProgress.SILENT);
    ModelArtifact.Stored stored = ModelArtifact.save(model, store.resolve("models"));
    URI location = stored.directory().toUri();

    assertThatThrownBy(() -> signing.load(location, stored.sha256()))
        .isInstanceOf(ModelIntegrityException.class).hasMessageContaining("is not signed");
    signing.seal(location);
    assertThat(signing.load(location, stored.sha256()).metadata()).isEqualTo(model.metadata());
    assertThat(new FileModelStore().load(location, stored.sha256()).metadata()).isEqualTo(model.metadata()); // a store without a key ignores it
    assertThatThrownBy(() -> otherKey.load(location, stored.sha256()))
        .isInstanceOf(ModelIntegrityException.class).hasMessageContaining("a signature that does not match");
    assertThat(ArtifactSignature.fromKeyFile(store.resolve("key")).toString()).doesNotContain("kkkk");
    Files.writeString(store.resolve("short-key"), "too short");
    assertThatThrownBy(() -> ArtifactSignature.fromKeyFile(store.resolve("short-key"))).hasMessageContaining("at least 32");
  }

  @Test
  void placedOnDjlsEngineTheModelExplainsABatchAsItDoesInTheJvm() {
    AdditiveModel model = FAMILY.train(train, validation, config(5), TrainingProgress.SILENT);
    List<FeatureVector> vectors = test.stream().map(TrainingExample::vector).toList();
    List<Explanation> inJvm = model.explain(vectors, 5);
    try (PhishingModel placed = model.placedOn(ai.djl.Device.cpu())) {
      List<Explanation> onDevice = placed.explain(vectors, 5);
      List<Score> scores = placed.predict(vectors);
      assertThat(onDevice).hasSameSizeAs(inJvm);
      for (int i = 0; i < vectors.size(); i++) {
        Explanation expected = inJvm.get(i);
        Explanation actual = onDevice.get(i);
        assertThat(actual.logit()).isCloseTo(expected.logit(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(actual.total()).isCloseTo(actual.logit() - actual.baseValue(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(scores.get(i).logit()).isCloseTo(expected.logit(), org.assertj.core.data.Offset.offset(1e-3));
        Map<String, Double> expectedByFeature = new java.util.HashMap<>();
        expected.attributions().forEach(a -> expectedByFeature.put(a.feature(), a.value()));
        for (Attribution a : actual.top(5)) {
          assertThat(expectedByFeature).containsKey(a.feature());
          assertThat(a.value()).isCloseTo(expectedByFeature.get(a.feature()), org.assertj.core.data.Offset.offset(1e-3));
        }
      }
    }
  }

  @Test
  void anInferenceDeviceIsNamedPlainly() {
    assertThat(InferenceDevice.parse(" GPU ")).isEqualTo(InferenceDevice.GPU);
    assertThat(InferenceDevice.JVM.resolve()).isEmpty();
    assertThat(InferenceDevice.CPU.resolve()).contains(ai.djl.Device.cpu());
    assertThatThrownBy(() -> InferenceDevice.parse("tpu")).hasMessageContaining("auto, jvm, cpu, gpu").hasMessageContaining("'tpu'");
  }

  @Test
  void refusesAnIncompleteArtifact(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("metadata.json"), "{}");

    assertThatThrownBy(() -> ModelArtifact.load(dir, null))
        .isInstanceOf(ModelIntegrityException.class).hasMessageContaining("no MANIFEST.sha256");
  }

}
