package io.hookline.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureSpec;
import io.hookline.core.mail.MailParser;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.TrainingProgress;
import io.hookline.embedded.junit.HeadlessBrowser;
import io.hookline.trainer.dataset.DataMix;
import io.hookline.trainer.dataset.Featurizer;
import io.hookline.trainer.evaluation.Evaluation;
import io.hookline.trainer.shortcuts.ShortcutPolicy;
import io.hookline.trainer.training.ModelTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hookline evaluate}'s HTML report of a real model in a real headless Chromium, opened
 * from its file as an operator would: ROC (linear and log false-positive rate), precision-recall
 * and calibration drawn with labelled axes and ticks and each model's operating point; the
 * confusion at the threshold; the per-domain tables with n/a where a figure is undefined; no
 * console error. The screenshot is left at target/screenshots/evaluation-report.png.
 */
class EvaluationReportBrowserTest {

  @Test
  void theReportDrawsLabelledCurvesConfusionAndDomainsInABrowser(@TempDir Path dir) throws Exception {
    try (HeadlessBrowser browser = HeadlessBrowser.start()) {
      Corpus corpus = Corpus.load(SpamAssassinArchive.shipped());
      Featurizer featurizer = new Featurizer(new MailParser(), new FeatureExtractor(FeatureSpec.CURRENT));
      ModelTraining training = new ModelTraining(featurizer, new AdditiveFamily(FeatureSpec.CURRENT), ShortcutPolicy.REPORT, false);
      DataMix mix = DataMix.named("specialist", corpus, 42);
      ModelTraining.Trained trained = training.train(mix, "specialist", "browser", 42, TrainingProgress.SILENT);
      List<Evaluation> evaluations = List.of(
          Evaluation.of(trained.model(), "held out", featurizer.featurize(mix.test())),
          Evaluation.of(trained.model(), "shifted", featurizer.featurize(DataMix.heldOutShiftTest(corpus))));
      Path file = dir.resolve("evaluation.html");
      new EvaluationReport("Evaluation of specialist browser", evaluations, null, Map.of("specialist browser", trained.shortcuts())).writeHtml(file);

      HeadlessBrowser.Tab page = browser.open(file.toUri().toString());
      page.waitUntil("document.querySelectorAll('.hl-chart[data-y-ticks]').length >= 4", Duration.ofSeconds(20));

      for (String chart : List.of("chart-roc", "chart-roc-log", "chart-pr", "chart-calibration")) {
        JsonNode ticks = page.evaluate("({x: document.getElementById('" + chart + "').dataset.xTicks, y: document.getElementById('" + chart
            + "').dataset.yTicks, axes: [document.getElementById('" + chart + "').dataset.xLabel, document.getElementById('" + chart
            + "').dataset.yLabel]})");
        assertThat(ticks.get("x").asText().split("\\|")).as(chart + " x ticks").hasSizeGreaterThanOrEqualTo(3);
        assertThat(ticks.get("y").asText().split("\\|")).as(chart + " y ticks").hasSizeGreaterThanOrEqualTo(3);
        assertThat(ticks.get("axes").toString()).as(chart + " axis labels").containsPattern("rate|recall|precision|probability");
      }
      assertThat(page.evaluate("document.getElementById('chart-roc-log').dataset.xTicks").asText()).as("decades on the log axis").contains("0.01");
      assertThat(page.evaluate("document.getElementById('chart-roc').querySelector('.hl-legend').textContent").asText())
          .contains("specialist browser on held out at threshold").contains("chance");
      assertThat(page.evaluate("document.querySelectorAll('table.confusion').length").asInt()).isEqualTo(2);
      int caught = evaluations.get(0).overall().truePositives();
      assertThat(page.evaluate("document.querySelector('table.confusion tbody tr td').textContent").asText()).isEqualTo(caught + " caught");
      assertThat(page.evaluate("[...document.querySelectorAll('td')].filter(td => td.textContent === 'n/a').length").asInt())
          .as("undefined figures of one-class domains").isPositive();
      assertThat(page.errors()).as("console errors").isEmpty();
      Path shot = page.screenshot(Path.of("target", "screenshots", "evaluation-report.png"));
      assertThat(Files.size(shot)).isGreaterThan(30_000);
    }
  }
}
