package io.hookline.launcher.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusSplit;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.monitor.alerting.Thresholds;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The loop on the shipped corpus, as {@code hookline scenario} plays it: a specialist of the 2002
 * mail serves, the later groups arrive, and the only labels are the analyst's answers to the
 * monitor's label requests, at most a small share of the shifted traffic. The trainer's corpus
 * holds only the familiar groups, so what it learns of the new style comes from those labels.
 */
class RepairByLabelRequestsTest {

  @ParameterizedTest(name = "label requests for {0} of each failing step: F1 at least {1} on held-out shifted mail")
  @CsvSource({"0.10, 0.95", "0.05, 0.90"})
  void theRepairReachesItsF1WithTheLabelsTheMonitorAskedFor(double share, double minimumF1, @TempDir Path work) throws Exception {
    ScenarioSettings settings = new ScenarioSettings(Corpus.load(SpamAssassinArchive.shipped()), CorpusSplit.SHIFT_TRAIN, CorpusSplit.SHIFT_TEST,
        1_200, 100, new ScenarioSettings.Feedback(ScenarioSettings.Feedback.Mode.LABEL_REQUESTS, share, Duration.ofSeconds(2)), 0.0, false,
        Duration.ofSeconds(20));
    StringWriter log = new StringWriter();
    ScenarioResult result = LoopScenario.onFreshPlatform(settings, work, 3, 0, new PrintWriter(log), stack -> { }, null);
    System.out.println(log);
    System.out.println("scenario result: " + result.asMap());

    // An alert needs windowsToFire failing windows of at least minEvents messages in a row; windows
    // slide, so by the time that many new-style messages have passed, every window holds them.
    Thresholds thresholds = Thresholds.defaults();
    assertThat(result.alarmDelay()).as("shifted messages answered by the first alert: not during familiar mail, and soon after it changes")
        .isBetween(1L, thresholds.windowsToFire() * thresholds.minEvents());
    assertThat(result.labelledShare()).as("share of the shifted traffic labelled").isLessThanOrEqualTo(share + 0.005);
    if (share >= 0.10) {
      assertThat(result.promotions()).as("promoted repairs").isPositive();
    } else if (result.promotions() == 0) {
      // With a twentieth of the shifted traffic labelled, a candidate is judged on a few dozen new
      // labels against a first model that already reaches the bar on later mail: it is promoted only
      // when it beats that model on them; otherwise it is rejected for exactly that.
      assertThat(result.rejectionReasons()).as("why no repair was promoted").isNotEmpty()
          .allSatisfy(reason -> assertThat(reason).containsAnyOf("does not beat the model in service", "no new evidence"));
    }
    assertThat(result.f1After()).as("F1 of %s on held-out shifted mail (first model on the shifted phase: %.3f)", result.finalModel(), result.f1Before())
        .isGreaterThanOrEqualTo(minimumF1);
    assertThat(result.answered()).as("every message answered").isEqualTo(result.published());
    assertThat(result.duplicates()).as("messages answered twice").isZero();
  }
}
