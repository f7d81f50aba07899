package io.hookline.trainer.shortcuts;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.features.TokenField;
import io.hookline.core.mail.InboundContext;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.model.TrainingConfig;
import io.hookline.core.model.TrainingExample;
import io.hookline.core.model.TrainingProgress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two archives of the same kind of legitimate mail, each relayed through its own servers: the
 * relays name the archive, the words do not. The diagnosis must find the relays, and only them.
 */
class ShortcutDiagnosisTest {
  private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(FeatureSpec.CURRENT);
  private static final String[] HAM = {"meeting", "notes", "agenda", "release", "review", "lunch", "budget", "draft", "thanks", "schedule"};
  private static final String[] SPAM = {"cheap", "pills", "winner", "offer", "viagra", "casino", "prize", "click", "free", "deal"};

  private static TrainingExample example(String domain, String relay, String[] words, int phishing, Random random) throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      body.append(words[random.nextInt(words.length)]).append(' ');
    }
    String raw = "Received: from mx1." + relay + " (mx1." + relay + " [10.0.0.1]) by mail." + relay + "; Mon, 1 Dec 2026 10:00:00 +0000\r\n"
        + "From: someone@sender" + random.nextInt(50) + ".example\r\nTo: anna@example.org\r\nSubject: " + words[random.nextInt(words.length)]
        + "\r\nMessage-ID: <" + random.nextLong() + "@x>\r\nDate: Mon, 1 Dec 2026 10:00:00 +0000\r\n\r\n" + body + "\r\n";
    var message = new MailParser().parse(raw.getBytes(StandardCharsets.UTF_8), InboundContext.of("m", Instant.EPOCH));
    return new TrainingExample(EXTRACTOR.extract(message), phishing, domain);
  }

  private static List<TrainingExample> corpus(boolean twoHamArchives) throws Exception {
    Random random = new Random(7);
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      examples.add(example("ham-a", "archive-a.example", HAM, 0, random));
      examples.add(example(twoHamArchives ? "ham-b" : "ham-a", twoHamArchives ? "archive-b.example" : "archive-a.example", HAM, 0, random));
      examples.add(example("spam", "relay" + random.nextInt(20) + ".example", SPAM, 1, random));
    }
    return examples;
  }

  private static PhishingModel train(List<TrainingExample> examples) {
    return new AdditiveFamily(FeatureSpec.CURRENT).train(examples, List.of(),
        TrainingConfig.defaults("t", "1", "test", 1).withMix(List.of("ham-a", "ham-b", "spam"), Map.of()), TrainingProgress.SILENT);
  }

  @Test
  void relaysThatNameTheArchiveAreAShortcutAndSharedWordsAreNot() throws Exception {
    List<TrainingExample> examples = corpus(true);
    Shortcuts found = new ShortcutDiagnosis(1).diagnose(train(examples), examples);

    assertThat(found.separable()).isTrue();
    Shortcuts.Feature relays = feature(found, TokenField.ROUTE_DOMAIN);
    Shortcuts.Feature body = feature(found, TokenField.BODY);
    assertThat(relays.predictiveness()).isGreaterThan(0.9);
    assertThat(body.predictiveness()).isLessThan(0.3);
    assertThat(relays.examples()).anyMatch(e -> e.equals("'archive-a.example' (ham-a)")).anyMatch(e -> e.equals("'archive-b.example' (ham-b)"));
    assertThat(found.identifiability()).isGreaterThan(0.9);
    assertThat(found.score()).isGreaterThan(0).isLessThanOrEqualTo(1);
    assertThat(found.features()).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));

    assertThat(found.fieldScales(ShortcutPolicy.DROP, 0.7)).containsEntry(TokenField.ROUTE_DOMAIN, 0.0).doesNotContainKey(TokenField.BODY);
    assertThat(found.fieldScales(ShortcutPolicy.PENALIZE, 0.7)).containsEntry(TokenField.ROUTE_DOMAIN, Shortcuts.PENALTY_SCALE);
    assertThat(found.fieldScales(ShortcutPolicy.REPORT, 0.7)).isEmpty();
  }

  @Test
  void withOneArchivePerLabelNothingCanBeToldFromTheLabel() throws Exception {
    List<TrainingExample> examples = corpus(false);
    Shortcuts found = new ShortcutDiagnosis(1).diagnose(train(examples), examples);
    assertThat(found.separable()).isFalse();
    assertThat(found.score()).isZero();
    assertThat(found.fieldScales(ShortcutPolicy.DROP, 0.7)).isEmpty();
    // the attribution shares are still measured
    assertThat(found.features().stream().mapToDouble(Shortcuts.Feature::attributionShare).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  private static Shortcuts.Feature feature(Shortcuts found, TokenField field) {
    return found.features().stream().filter(f -> f.field() == field).findFirst().orElseThrow();
  }
}
