package io.hookline.monitor.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.avro.AlertState;
import io.hookline.avro.InferenceRecord;
import io.hookline.core.http.ServiceHttp;
import io.hookline.embedded.junit.HeadlessBrowser;
import io.hookline.monitor.DriftScenarioAccess;
import io.hookline.monitor.alerting.Thresholds;
import io.hookline.monitor.alerting.WindowJudge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor's pages in a real headless Chromium, served by the monitor's own HTTP side from
 * windows judged on real scored mail (familiar, then shifted until an alert fires): the charts
 * have time and value axes with ticks, the thresholds are drawn, the feature table sorts, the
 * alert page shows its evidence, the page refreshes from /reports, and nothing is logged as an
 * error. Screenshots are left in target/screenshots.
 */
class MonitorPagesBrowserTest {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Instant START = Instant.parse("2026-12-06T09:00:00Z");

  private static RecentReports recent;
  private static List<WindowJudge.Judged> later;
  private static ServiceHttp http;
  private static HeadlessBrowser browser;

  @BeforeAll
  static void judgeWindowsAndServeThem() throws Exception {
    browser = HeadlessBrowser.start();
    Thresholds thresholds = Thresholds.defaults();
    List<InferenceRecord> stream = new ArrayList<>(DriftScenarioAccess.inDistribution(1_200));
    stream.addAll(DriftScenarioAccess.shifted(1_500));
    List<WindowJudge.Judged> windows = DriftScenarioAccess.sliding(stream, 100, thresholds, START, Duration.ofMillis(400));
    assertThat(windows).anyMatch(j -> j.step().alert() != null && j.step().alert().getState() == AlertState.FIRING);
    recent = new RecentReports(400);
    windows.subList(0, windows.size() - 3).forEach(recent);
    later = windows.subList(windows.size() - 3, windows.size());
    http = new ReportPages(recent, thresholds).serveOn(new ServiceHttp(0, () -> "", () -> true, () -> true));
  }

  @AfterAll
  static void stop() throws Exception {
    if (http != null) {
      http.close();
    }
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void theOverviewDrawsEveryMeasureOnTimeAxesWithItsThresholdAndTheAlert() throws Exception {
    HeadlessBrowser.Tab page = browser.open("http://127.0.0.1:" + http.port() + "/");
    page.waitUntil("document.querySelectorAll('.hl-chart[data-y-ticks]').length >= 13", Duration.ofSeconds(20));

    JsonNode charts = page.evaluate("[...document.querySelectorAll('.hl-chart')].map(c => ({id: c.id, x: c.dataset.xTicks || '', "
        + "y: c.dataset.yTicks || '', thresholds: c.dataset.thresholds || ''}))");
    for (JsonNode chart : charts) {
      assertThat(chart.get("y").asText().split("\\|")).as("y ticks of " + chart.get("id")).hasSizeGreaterThanOrEqualTo(3);
      assertThat(chart.get("x").asText().split("\\|")).as("x ticks of " + chart.get("id")).hasSizeGreaterThanOrEqualTo(2);
    }
    assertThat(tick(charts, "chart-psi", "x")).as("time ticks in UTC").matches("(\\d\\d:\\d\\d(:\\d\\d)?\\|?)+");
    assertThat(tick(charts, "chart-psi", "thresholds")).contains("shifted at");
    assertThat(tick(charts, "chart-ndcg", "thresholds")).contains("alert below");
    assertThat(tick(charts, "chart-performance", "thresholds")).contains("alert below");
    assertThat(tick(charts, "chart-labels", "thresholds")).contains("judged from");

    assertThat(page.evaluate("document.getElementById('status').textContent").asText()).startsWith("Alert active");
    assertThat(page.evaluate("document.querySelector('#alerts a').getAttribute('href')").asText()).startsWith("alert?id=");
    assertThat(page.evaluate("document.getElementById('chart-psi').querySelector('.hl-legend').textContent").asText()).contains("alert fired").contains("retrain requested");

    List<Double> psi = column(page, 2);
    assertThat(psi).hasSizeGreaterThan(10).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    page.evaluate("document.querySelectorAll('#features thead th')[5].click()");
    List<Double> ks = column(page, 5);
    assertThat(ks).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    page.evaluate("document.querySelectorAll('#features thead th')[5].click()");
    assertThat(column(page, 5)).isSorted();
    assertThat(page.evaluate("document.getElementById('distribution').dataset.xTicks").asText()).contains("\u2264");

    page.evaluate("document.querySelector('#windows tbody tr:last-child').click()");
    assertThat(page.evaluate("document.getElementById('selected-window').textContent").asText())
        .startsWith(recent.all().get(Math.max(0, recent.all().size() - 40)).report().getWindow().getEnd().toString());

    assertThat(page.errors()).as("console errors").isEmpty();
    assertThat(Files.size(page.screenshot(SCREENSHOTS.resolve("monitor-overview.png")))).isGreaterThan(50_000);

    // windows closing while the page is open appear at the next refresh
    int rows = page.evaluate("document.querySelectorAll('#windows tbody tr').length").asInt();
    String newest = later.get(later.size() - 1).report().getWindow().getEnd().toString();
    later.forEach(recent);
    page.waitUntil("document.querySelector('#windows tbody tr td').textContent === '" + newest + "'", Duration.ofSeconds(40));
    assertThat(page.evaluate("document.querySelectorAll('#windows tbody tr').length").asInt()).isGreaterThanOrEqualTo(Math.min(40, rows));
    assertThat(page.errors()).isEmpty();
  }

  @Test
  void anAlertsPageShowsItsEvidenceFeaturesShortcutsAndSamples() throws Exception {
    String id = recent.all().stream().filter(j -> j.step().alert() != null && j.step().alert().getState() == AlertState.FIRING)
        .findFirst().orElseThrow().step().alert().getAlertId();
    HeadlessBrowser.Tab page = browser.open("http://127.0.0.1:" + http.port() + "/alert?id=" + id);
    page.waitUntil("document.querySelectorAll('.hl-chart[data-y-ticks]').length >= 3", Duration.ofSeconds(20));

    assertThat(page.evaluate("document.getElementById('status').textContent").asText()).contains("Raised").contains("phish");
    assertThat(page.evaluate("document.querySelectorAll('#evidence tbody tr').length").asInt()).isPositive();
    assertThat(page.evaluate("document.querySelectorAll('#findings li').length").asInt()).isGreaterThanOrEqualTo(Thresholds.defaults().minSignals());
    assertThat(page.evaluate("document.getElementById('chart-signals').dataset.thresholds").asText()).contains("window fails at");
    assertThat(page.evaluate("document.getElementById('chart-signals').dataset.xTicks").asText()).matches("(\\d\\d:\\d\\d(:\\d\\d)?\\|?)+");
    assertThat(page.evaluate("document.getElementById('families-bars').dataset.xTicks").asText()).contains("token");
    assertThat(column(page, 2)).hasSizeGreaterThan(10).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(page.evaluate("document.querySelectorAll('#samples li').length").asInt()).isPositive();
    assertThat(page.errors()).as("console errors").isEmpty();
    page.screenshot(SCREENSHOTS.resolve("monitor-alert.png"));

    HeadlessBrowser.Tab missing = browser.open("http://127.0.0.1:" + http.port() + "/alert?id=nobody");
    assertThat(missing.evaluate("document.body.textContent").asText()).contains("alert nobody is not among the monitor's recent windows");
  }

  private static String tick(JsonNode charts, String id, String field) {
    for (JsonNode chart : charts) {
      if (id.equals(chart.get("id").asText())) {
        return chart.get(field).asText();
      }
    }
    throw new AssertionError("no chart " + id);
  }

  private static List<Double> column(HeadlessBrowser.Tab page, int index) throws Exception {
    List<Double> values = new ArrayList<>();
    for (JsonNode v : page.evaluate("[...document.querySelectorAll('#features tbody tr')].map(r => parseFloat(r.children[" + index
        + "].dataset.value))")) {
      values.add(v.asDouble());
    }
    return values;
  }
}
