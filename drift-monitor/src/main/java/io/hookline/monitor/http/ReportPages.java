package io.hookline.monitor.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.avro.DriftReport;
import io.hookline.avro.FeatureShift;
import io.hookline.core.features.FeatureFamily;
import io.hookline.core.http.PlainJson;
import io.hookline.monitor.alerting.Finding;
import io.hookline.monitor.alerting.WindowJudge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code /reports}, {@code /reports/latest} and {@code /alerts}: the recent windows and alerts as
 * plain JSON, filtered by model, time and count; {@code /}: the same over time as an HTML page of
 * charts, drawn as inline SVG so the page needs nothing from the network.
 */
public final class ReportPages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"};

  private final RecentReports recent;

  public ReportPages(RecentReports recent) {
    this.recent = recent;
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
    if (judged.step().alert() != null) {
      node.put("alert", judged.step().alert().getState().name());
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

  public String html() {
    List<WindowJudge.Judged> all = recent.all();
    StringBuilder page = new StringBuilder("""
        <!doctype html><html><head><meta charset="utf-8"><title>Hookline drift monitor</title>
        <style>body{font-family:sans-serif;margin:2em;max-width:70em}svg{background:#fafafa;border:1px solid #ddd}
        td,th{padding:.2em .6em;text-align:left}.legend span{margin-right:1em}</style></head><body>
        <h1>Hookline drift monitor</h1>
        """);
    if (all.isEmpty()) {
      page.append("<p>No window has closed yet.</p></body></html>");
      return page.toString();
    }
    DriftReport last = all.get(all.size() - 1).report();
    page.append("<p>").append(all.size()).append(" recent windows of model ").append(escape(last.getModel().getName()))
        .append(" (latest version ").append(escape(last.getModel().getVersion())).append("). JSON at <a href=\"reports\">/reports</a>.</p>");
    page.append("<h2>Drift measures</h2>");
    page.append(chart(all, List.of(
        new Series("max feature PSI", j -> j.report().getFeatureShifts().stream().mapToDouble(FeatureShift::getPsi).max().orElse(0)),
        new Series("unseen-token rate", j -> j.report().getTokens().getOovRate()),
        new Series("top-token distance", j -> j.report().getTokens().getTopTokenShift()),
        new Series("explanation shift", j -> j.report().getAttribution().getExplanationShift()),
        new Series("1 - attribution nDCG", j -> 1 - j.report().getAttribution().getNdcg()),
        new Series("domain classifier AUC", j -> j.report().getDomainClassifier() == null ? Double.NaN : j.report().getDomainClassifier().getAuc()))));
    page.append("<h2>F1: estimated without labels, measured with them</h2>");
    page.append(chart(all, List.of(
        new Series("estimated F1", j -> j.report().getEstimated() == null ? Double.NaN : j.report().getEstimated().getF1()),
        new Series("shift-aware estimate", j -> j.report().getShiftAware() == null ? Double.NaN : j.report().getShiftAware().getF1()),
        new Series("measured F1", j -> j.report().getMeasured() == null ? Double.NaN : j.report().getMeasured().getF1()))));
    page.append("<h2>Share of attribution by feature family</h2>");
    List<Series> families = new ArrayList<>();
    for (FeatureFamily family : FeatureFamily.values()) {
      families.add(new Series(family.label(), j -> j.report().getAttribution().getFamilyShares().getOrDefault(family.label(), 0.0)));
    }
    page.append(chart(all, families));
    page.append("<h2>Windows</h2><table><tr><th>window start</th><th>events</th><th>signals</th><th>alert</th></tr>");
    for (int i = all.size() - 1; i >= Math.max(0, all.size() - 20); i--) {
      WindowJudge.Judged j = all.get(i);
      page.append("<tr><td>").append(j.report().getWindow().getStart()).append("</td><td>").append(j.report().getWindow().getEvents())
          .append("</td><td>").append(escape(String.join(", ", j.findings().stream().map(Finding::heuristic).toList())))
          .append("</td><td>").append(j.next().incident().activeAlertId() == null ? "" : "active").append("</td></tr>");
    }
    return page.append("</table></body></html>").toString();
  }

  private record Series(String name, ToDoubleFunction<WindowJudge.Judged> value) {}

  private static String chart(List<WindowJudge.Judged> windows, List<Series> series) {
    int width = 800;
    int height = 220;
    double max = 0;
    for (Series s : series) {
      for (WindowJudge.Judged j : windows) {
        double v = s.value().applyAsDouble(j);
        if (Double.isFinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    double top = max <= 1 ? 1 : max;
    StringBuilder svg = new StringBuilder("<svg width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height + "\">");
    svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"12\" font-size=\"10\">%.2f</text><text x=\"4\" y=\"%d\" font-size=\"10\">0</text>", top, height - 4));
    for (int k = 0; k < series.size(); k++) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < windows.size(); i++) {
        double v = series.get(k).value().applyAsDouble(windows.get(i));
        if (!Double.isFinite(v)) {
          continue;
        }
        double x = 30 + (windows.size() == 1 ? 0 : i * (width - 40.0) / (windows.size() - 1));
        double y = height - 10 - v / top * (height - 30);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLOURS[k % COLOURS.length]).append("\" points=\"")
          .append(points).append("\"/>");
    }
    svg.append("</svg><div class=\"legend\">");
    for (int k = 0; k < series.size(); k++) {
      svg.append("<span style=\"color:").append(COLOURS[k % COLOURS.length]).append("\">&#9632; ").append(escape(series.get(k).name())).append("</span>");
    }
    return svg.append("</div>").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
