package io.hookline.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.FeatureVector;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.core.profile.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An additive artifact written by the release before model families had a registry (a model of
 * 61 shipped messages with its reference profile, and the scores that release gave 30 others, in
 * {@code artifacts/additive-before-families}) loads through today's seam, passes its checksum,
 * and scores those messages exactly as it did.
 */
class GoldenArtifactTest {
  /** The checksum the release published when it saved the artifact. */
  private static final String PUBLISHED_SHA256 = "bbab3a1d2021af82945e94355d9e2ce885e8b5c28c3a8b262090aa4f6c4e6692";

  @Test
  void anArtifactOfTheEarlierReleaseLoadsAndScoresAsItDid() throws Exception {
    Path root = Path.of(GoldenArtifactTest.class.getResource("/artifacts/additive-before-families").toURI());
    Path directory = root.resolve("phish/golden-1");
    PhishingModel model = ModelArtifact.load(directory, PUBLISHED_SHA256);
    assertThat(model.metadata().family()).isEqualTo(AdditiveFamily.NAME);
    assertThat(model.metadata().featureSpec()).isEqualTo(FeatureSpec.CURRENT.version());

    Map<String, CorpusExample> corpus = Corpus.load(SpamAssassinArchive.shipped()).examples().stream()
        .collect(Collectors.toMap(CorpusExample::id, Function.identity()));
    MailParser parser = new MailParser();
    FeatureExtractor extractor = new FeatureExtractor(FeatureSpec.byVersion(model.metadata().featureSpec()));
    List<String[]> expected = Files.readAllLines(root.resolve("expected-scores.csv")).stream()
        .filter(line -> !line.startsWith("#")).map(line -> line.split(",")).toList();
    assertThat(expected).hasSize(30);
    List<FeatureVector> vectors = new ArrayList<>();
    for (String[] row : expected) {
      vectors.add(extractor.extract(parser.parse(corpus.get(row[0]).raw(), InboundContext.of(row[0], Instant.EPOCH))));
    }
    List<Score> scores = model.predict(vectors);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(scores.get(i).logit()).as("logit of %s", expected.get(i)[0]).isEqualTo(Double.parseDouble(expected.get(i)[1]));
      assertThat(scores.get(i).probability()).as("probability of %s", expected.get(i)[0]).isEqualTo(Double.parseDouble(expected.get(i)[2]));
    }
    assertThat(scores).extracting(s -> model.metadata().phishing(s.probability())).as("both verdicts occur").contains(true, false);

    Reference reference = ModelArtifact.loadReference(directory, PUBLISHED_SHA256);
    assertThat(reference.profile().examples()).isEqualTo(61);
    assertThat(reference.vocabulary()).hasSize(reference.profile().vocabularySize());
    assertThat(ModelArtifact.trainingMessages(directory)).as("the release kept no training-message hashes").isEmpty();
  }
}
