package io.hookline.monitor.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.avro.AlertState;
import io.hookline.avro.DriftAlert;
import io.hookline.core.charts.ChartPage;
import io.hookline.core.http.PlainJson;
import io.hookline.core.http.ServiceHttp;
import io.hookline.monitor.alerting.Finding;
import io.hookline.monitor.alerting.Thresholds;
import io.hookline.monitor.alerting.WindowJudge;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code /reports}, {@code /reports/latest} and {@code /alerts}: the recent windows and alerts as
 * plain JSON, filtered by model, time and count; {@code /} and {@code /alert?id=}: the same as
 * pages of charts for operators (see {@code monitor.js}), needing nothing from the network.
 */
public final class ReportPages {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Windows drawn on the overview at most, and how often an open page asks for new ones. */
  private static final int LIMIT = 360;
  private static final int REFRESH_SECONDS = 15;
  /** Windows either side of the one that raised an alert, on its page. */
  private static final int ALERT_CONTEXT = 12;
  private static final String SCRIPT = ChartPage.resource(ReportPages.class, "monitor.js");

  private final RecentReports recent;
  private final Thresholds thresholds;

  public ReportPages(RecentReports recent, Thresholds thresholds) {
    this.recent = recent;
    this.thresholds = thresholds;
  }

  /** Serves the JSON API and the pages on a service's HTTP side. */
  public ServiceHttp serveOn(ServiceHttp http) {
    return http.query("/reports", query -> ServiceHttp.Page.json(json(query)))
        .query("/reports/latest", query -> ServiceHttp.Page.json(latest(query)))
        .query("/alerts", query -> ServiceHttp.Page.json(alerts(query)))
        .query("/alert", query -> ServiceHttp.Page.html(alertPage(query)))
        .query("/", query -> ServiceHttp.Page.html(html(query)));
  }

  /**
   * {@code /reports}: the recent windows, oldest first, each as plain JSON (ISO-8601 times, no Avro
   * union wrappers) with the failure signals found in it and the alert it moved. Query parameters:
   * {@code model} (a model's name), {@code since} (an ISO-8601 instant, or a duration back such as
   * {@code 30m}, by the window's end), {@code limit} (the newest N).
   *
   * @throws IllegalArgumentException for a parameter that cannot be read (the API answers 400)
   */
  public String json(Map<String, String> query) {
    ArrayNode windows = JSON.createArrayNode();
    selected(query).forEach(judged -> windows.add(window(judged)));
    return windows.toString();
  }

  /** {@code /reports/latest}: the newest window of each model (or of {@code model}), keyed by model name. */
  public String latest(Map<String, String> query) {
    ObjectNode latest = JSON.createObjectNode();
    for (WindowJudge.Judged judged : selected(query)) {
      latest.set(judged.report().getModel().getName(), window(judged)); // oldest first: the newest stays
    }
    return latest.toString();
  }

  /** {@code /alerts}: every alert transition among the recent windows (fired, resolved), newest last, with its evidence. */
  public String alerts(Map<String, String> query) {
    ArrayNode alerts = JSON.createArrayNode();
    for (WindowJudge.Judged judged : selected(query)) {
      if (judged.step().alert() != null) {
        alerts.add(PlainJson.of(judged.step().alert()));
      }
    }
    return alerts.toString();
  }

  /** The windows the query asks for, oldest first. */
  private List<WindowJudge.Judged> selected(Map<String, String> query) {
    String model = query.get("model");
    Instant since = since(query.get("since"));
    int limit = limit(query.get("limit"));
    List<WindowJudge.Judged> chosen = recent.all().stream()
        .filter(judged -> model == null || model.equals(judged.report().getModel().getName()))
        .filter(judged -> since == null || !judged.report().getWindow().getEnd().isBefore(since))
        .toList();
    return chosen.subList(Math.max(0, chosen.size() - limit), chosen.size());
  }

  private static ObjectNode window(WindowJudge.Judged judged) {
    ObjectNode node = JSON.createObjectNode();
    node.set("report", PlainJson.of(judged.report()));
    ArrayNode findings = node.putArray("findings");
    for (Finding finding : judged.findings()) {
      findings.addObject().put("heuristic", finding.heuristic()).put("critical", finding.critical()).put("summary", finding.summary());
    }
    node.put("alertActive", judged.next().incident().activeAlertId() != null);
    DriftAlert alert = judged.step().alert();
    if (alert != null) {
      node.put("alert", alert.getState().name()).put("alertId", alert.getAlertId()).put("alertSeverity", alert.getSeverity().name())
          .put("alertHeuristic", alert.getHeuristic()).put("alertSummary", alert.getSummary());
    }
    if (judged.step().retrain() != null) {
      node.put("retrainRequest", judged.step().retrain().getRequestId());
    }
    return node;
  }

  private static Instant since(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (java.time.format.DateTimeParseException notAnInstant) {
      try {
        return Instant.now().minus(io.hookline.core.config.ConfigSource.of(Map.of("since", value)).duration("since", Duration.ZERO));
      } catch (io.hookline.core.config.ConfigException e) {
        throw new IllegalArgumentException("since must be an ISO-8601 instant (2026-12-06T10:00:00Z) or a duration back (30m, 2h), was " + value);
      }
    }
  }

  private static int limit(String value) {
    if (value == null || value.isBlank()) {
      return Integer.MAX_VALUE;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit < 1) {
        throw new NumberFormatException();
      }
      return limit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a positive whole number, was " + value);
    }
  }

  /**
   * {@code /}: the windows of one model ({@code ?model=}, else the newest window's) drawn over
   * time with their thresholds, alerts, retrain requests and model swaps, the features of one
   * window, and the alerts linked to their evidence; refreshed from {@code /reports} while open.
   */
  public String html(Map<String, String> query) {
    return overview(query, true);
  }

  /** The overview as a file: the same page without refreshing (nothing to refresh from). */
  public String snapshot() {
    return overview(Map.of(), false);
  }

  private String overview(Map<String, String> query, boolean live) {
    List<WindowJudge.Judged> all = recent.all();
    List<String> models = all.stream().map(j -> j.report().getModel().getName()).distinct().sorted().toList();
    String model = query.getOrDefault("model", all.isEmpty() ? "" : all.get(all.size() - 1).report().getModel().getName());
    ObjectNode data = pageData("overview");
    data.put("live", live).put("model", model).put("limit", LIMIT).put("refreshSeconds", REFRESH_SECONDS);
    models.forEach(data.withArray("models")::add);
    ArrayNode windows = data.putArray("windows");
    Map<String, String> selection = new java.util.HashMap<>(query);
    selection.put("model", model);
    selection.putIfAbsent("limit", String.valueOf(LIMIT));
    selected(selection).forEach(judged -> windows.add(window(judged)));
    return new ChartPage("Hookline drift monitor", OVERVIEW_BODY, data, SCRIPT).html();
  }

  /**
   * {@code /alert?id=}: one alert and its evidence: the numbers it crossed, the windows that raised
   * it, the features and distributions behind it, what the model leaned on, sample messages.
   *
   * @throws IllegalArgumentException without an id; {@link java.util.NoSuchElementException} for an alert not among the recent windows
   */
  public String alertPage(Map<String, String> query) {
    String id = query.get("id");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("name the alert: /alert?id=ALERT_ID (the ids are listed at /alerts)");
    }
    List<WindowJudge.Judged> all = recent.all();
    WindowJudge.Judged raised = all.stream().filter(j -> j.step().alert() != null && id.equals(j.step().alert().getAlertId())
        && j.step().alert().getState() == AlertState.FIRING).findFirst()
        .orElseThrow(() -> new java.util.NoSuchElementException("alert " + id + " is not among the monitor's recent windows"));
    String model = raised.report().getModel().getName();
    List<WindowJudge.Judged> ofModel = all.stream().filter(j -> model.equals(j.report().getModel().getName())).toList();
    int at = ofModel.indexOf(raised);
    ObjectNode data = pageData("alert");
    data.set("alert", PlainJson.of(raised.step().alert()));
    ofModel.stream().filter(j -> j.step().alert() != null && id.equals(j.step().alert().getAlertId())
        && j.step().alert().getState() == AlertState.RESOLVED).findFirst().ifPresent(j -> data.set("resolved", PlainJson.of(j.step().alert())));
    ArrayNode windows = data.putArray("windows");
    ofModel.subList(Math.max(0, at - ALERT_CONTEXT), Math.min(ofModel.size(), at + ALERT_CONTEXT + 1)).forEach(j -> windows.add(window(j)));
    String title = "Hookline alert " + id;
    return new ChartPage(title, ALERT_BODY.replace("{title}", ChartPage.escape(title)), data, SCRIPT).html();
  }

  private ObjectNode pageData(String page) {
    ObjectNode data = JSON.createObjectNode().put("page", page);
    data.putObject("thresholds")
        .put("minEvents", thresholds.minEvents()).put("psi", thresholds.psi()).put("driftingFeatures", thresholds.driftingFeatures())
        .put("oovIncrease", thresholds.oovIncrease()).put("topTokenShift", thresholds.topTokenShift())
        .put("positiveRateChange", thresholds.positiveRateChange()).put("scorePsi", thresholds.scorePsi()).put("domainAuc", thresholds.domainAuc())
        .put("estimatedF1", thresholds.estimatedF1()).put("measuredF1", thresholds.measuredF1()).put("measuredMinSupport", thresholds.measuredMinSupport())
        .put("ndcg", thresholds.ndcg()).put("familyShareIncrease", thresholds.familyShareIncrease()).put("explanationShift", thresholds.explanationShift())
        .put("embeddingShift", thresholds.embeddingShift())
        .put("minSignals", thresholds.minSignals()).put("windowsToFire", thresholds.windowsToFire()).put("windowsToResolve", thresholds.windowsToResolve());
    return data;
  }

  private static final String OVERVIEW_BODY = """
      <h1>Hookline drift monitor</h1>
      <div class="hl-toolbar"><label>model <select id="model"></select></label>
      <label><input type="checkbox" id="refresh" checked> refresh every 15 s</label><span id="updated" class="hl-muted"></span>
      <span>JSON: <a href="reports">/reports</a> <a href="alerts">/alerts</a></span></div>
      <div id="status" class="hl-status"></div>
      <h2>Alerts</h2><div id="alerts"></div>
      <h2>Performance</h2><div class="hl-grid" id="performance"></div>
      <h2>Drift measures against their thresholds</h2><div class="hl-grid" id="measures"></div>
      <h2>What the model leans on</h2><div class="hl-grid"><div id="families-time"></div><div id="families-bars"></div></div>
      <h2>Features in the window ending <span id="selected-window"></span></h2>
      <p class="hl-note">Click a column to sort, a feature to see its distribution, a window below to show its features.</p>
      <div class="hl-split"><div><table id="features"><thead><tr><th class="l">feature</th><th class="l">family</th><th>PSI</th>
      <th>PSI threshold</th><th>JS distance</th><th>KS</th><th>Wasserstein-1</th></tr></thead><tbody></tbody></table></div>
      <div id="distribution"></div></div>
      <h2>Windows</h2><table id="windows"><thead><tr><th class="l">window end</th><th class="l">model version</th><th>messages</th>
      <th>estimated F1</th><th>measured F1</th><th>labels</th><th class="l">failure signals</th><th class="l">alert</th></tr></thead><tbody></tbody></table>
      """;

  private static final String ALERT_BODY = """
      <p><a href="./">&larr; drift monitor</a></p>
      <h1>{title}</h1>
      <div id="status" class="hl-status"></div>
      <h2>Evidence: the numbers it crossed</h2><div id="evidence"></div>
      <h2>The windows that raised it</h2><div class="hl-grid"><div id="chart-signals"></div><div><h3>Failure signals in the window that raised it</h3><ul id="findings"></ul></div></div>
      <h2>Features in that window</h2>
      <div class="hl-split"><div><table id="features"><thead><tr><th class="l">feature</th><th class="l">family</th><th>PSI</th>
      <th>PSI threshold</th><th>JS distance</th><th>KS</th><th>Wasserstein-1</th></tr></thead><tbody></tbody></table></div>
      <div id="distribution"></div></div>
      <h2>Shortcuts: what the model leaned on</h2><div class="hl-grid"><div id="families-bars"></div>
      <div><h3>Features whose mean |SHAP| moved most</h3><table id="moved"><thead><tr><th class="l">feature</th><th>mean |SHAP| in the window</th>
      <th>in training</th></tr></thead><tbody></tbody></table></div></div>
      <h2>Sample messages</h2><p class="hl-note">Message ids from the window, to look up in the verdicts topic or the mail store.</p><ul id="samples"></ul>
      """;

}
