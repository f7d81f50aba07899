package io.hookline.trainer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hookline.trainer.evaluation.CrossDomain;
import io.hookline.trainer.evaluation.Curves;
import io.hookline.trainer.evaluation.Evaluation;
import io.hookline.trainer.evaluation.Metrics;
import io.hookline.trainer.shortcuts.Shortcuts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The results of {@code hookline evaluate}: JSON for machines, and one self-contained HTML page
 * with the plots (ROC and precision-recall curves, F1 per domain, calibration) for people.
 */
public record EvaluationReport(String title, List<Evaluation> evaluations, CrossDomain.Result crossDomain, Map<String, Shortcuts> shortcuts) {
  /** Features listed per model in the Shortcuts section. */
  private static final int SHORTCUTS_LISTED = 12;

  public EvaluationReport(String title, List<Evaluation> evaluations, CrossDomain.Result crossDomain) {
    this(title, evaluations, crossDomain, Map.of());
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

  public void writeJson(Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("title", title);
    List<Object> evals = new ArrayList<>();
    for (Evaluation e : evaluations) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", e.model());
      m.put("testSet", e.testSet());
      m.put("overall", metrics(e.overall()));
      m.put("rocAuc", e.rocAuc());
      m.put("prAuc", e.prAuc());
      Map<String, Object> domains = new LinkedHashMap<>();
      e.perDomain().forEach((d, dm) -> domains.put(d, metrics(dm)));
      m.put("perDomain", domains);
      m.put("calibration", e.calibration());
      m.put("roc", e.roc());
      m.put("precisionRecall", e.precisionRecall());
      evals.add(m);
    }
    root.put("evaluations", evals);
    if (crossDomain != null) {
      root.put("matrix", rows(crossDomain.matrix()));
      root.put("leaveOneDomainOut", rows(crossDomain.leaveOneDomainOut()));
    }
    Map<String, Object> diagnosed = new LinkedHashMap<>();
    shortcuts.forEach((model, found) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("separable", found.separable());
      m.put("identifiability", found.identifiability());
      m.put("score", found.score());
      List<Object> features = new ArrayList<>();
      for (Shortcuts.Feature feature : found.top(SHORTCUTS_LISTED)) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", feature.name());
        f.put("predictiveness", feature.predictiveness());
        f.put("attributionShare", feature.attributionShare());
        f.put("score", feature.score());
        f.put("examples", feature.examples());
        features.add(f);
      }
      m.put("features", features);
      diagnosed.put(model, m);
    });
    root.put("shortcuts", diagnosed);
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), root);
  }

  private static List<Object> rows(List<CrossDomain.Row> rows) {
    List<Object> out = new ArrayList<>();
    for (CrossDomain.Row row : rows) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("training", row.training());
      r.put("trainingDomains", row.trainingDomains());
      Map<String, Object> cells = new LinkedHashMap<>();
      row.byTestDomain().forEach((d, m) -> cells.put(d, metrics(m)));
      r.put("byTestDomain", cells);
      out.add(r);
    }
    return out;
  }

  static Map<String, Object> metrics(Metrics m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", m.count());
    out.put("truePositives", m.truePositives());
    out.put("falsePositives", m.falsePositives());
    out.put("falseNegatives", m.falseNegatives());
    out.put("trueNegatives", m.trueNegatives());
    out.put("accuracy", finite(m.accuracy()));
    out.put("precision", finite(m.precision()));
    out.put("recall", finite(m.recall()));
    out.put("f1", finite(m.f1()));
    return out;
  }

  private static Double finite(double value) {
    return Double.isNaN(value) ? null : value;
  }

  public void writeHtml(Path file) throws IOException {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(escape(title)).append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
        .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}")
        .append("svg{margin:0 1em 1em 0;border:1px solid #ddd}.legend span{margin-right:1.5em}</style></head><body>")
        .append("<h1>").append(escape(title)).append("</h1>");
    html.append("<h2>Summary</h2><table><tr><th class=l>model</th><th class=l>test set</th><th>messages</th><th>F1</th><th>precision</th>")
        .append("<th>recall</th><th>accuracy</th><th>ROC AUC</th><th>PR AUC</th></tr>");
    for (Evaluation e : evaluations) {
      Metrics m = e.overall();
      html.append("<tr><td class=l>").append(escape(e.model())).append("</td><td class=l>").append(escape(e.testSet())).append("</td><td>")
          .append(m.count()).append("</td><td>").append(f(m.f1())).append("</td><td>").append(f(m.precision())).append("</td><td>")
          .append(f(m.recall())).append("</td><td>").append(f(m.accuracy())).append("</td><td>").append(f(e.rocAuc())).append("</td><td>")
          .append(f(e.prAuc())).append("</td></tr>");
    }
    html.append("</table><div class=legend>");
    for (int i = 0; i < evaluations.size(); i++) {
      html.append("<span style=\"color:").append(COLOURS[i % COLOURS.length]).append("\">&#9632; ").append(escape(evaluations.get(i).model()))
          .append(" on ").append(escape(evaluations.get(i).testSet())).append("</span>");
    }
    html.append("</div>");
    html.append(plot("ROC (false positive rate, true positive rate)", evaluations.stream().map(Evaluation::roc).toList(), true));
    html.append(plot("Precision (y) against recall (x)", evaluations.stream().map(Evaluation::precisionRecall).toList(), false));
    html.append(calibrationPlot());
    html.append("<h2>Per domain</h2>").append(domainTable());
    if (crossDomain != null) {
      html.append("<h2>Training domains against test domains (accuracy; F1 where the domain has phishing)</h2>")
          .append(crossTable(crossDomain.matrix()));
      html.append("<h2>Leave one domain out</h2>").append(crossTable(crossDomain.leaveOneDomainOut()));
    }
    if (!shortcuts.isEmpty()) {
      html.append("<h2>Shortcuts</h2><p>A corpus-identity probe (naive Bayes, five folds) names each message's corpus among the corpora of its ")
          .append("label from one feature at a time; its skill above chance (0 to 1) is the feature's predictiveness. A feature's shortcut ")
          .append("score is that times its share of the model's mean |SHAP|: how much of the model's reasoning rests on knowing where a ")
          .append("message came from rather than what it asks of its reader.</p>");
      shortcuts.forEach((model, found) -> html.append(shortcutSection(model, found)));
    }
    html.append("</body></html>\n");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  private static String shortcutSection(String model, Shortcuts found) {
    StringBuilder h = new StringBuilder("<h3>").append(escape(model)).append("</h3>");
    if (!found.separable()) {
      return h.append("<p>Each label comes from one corpus in this training mix, so corpus identity and label are the same thing: ")
          .append("no probe can tell them apart. Attribution shares only.</p>").append(shortcutTable(found)).toString();
    }
    h.append(String.format(Locale.ROOT, "<p>All features together name the corpus %.0f%% better than chance; the model's shortcut score is %.3f.</p>",
        100 * found.identifiability(), found.score()));
    return h.append(shortcutPlot(found)).append(shortcutTable(found)).toString();
  }

  private static String shortcutTable(Shortcuts found) {
    StringBuilder t = new StringBuilder("<table><tr><th class=l>feature</th><th>predictiveness</th><th>attribution share</th><th>shortcut score</th>")
        .append("<th class=l>tokens it leans on most (corpus where most seen)</th></tr>");
    for (Shortcuts.Feature feature : found.top(SHORTCUTS_LISTED)) {
      t.append("<tr><td class=l>").append(escape(feature.name())).append("</td><td>").append(bar(feature.predictiveness())).append(f(feature.predictiveness()))
          .append("</td><td>").append(f(feature.attributionShare())).append("</td><td>").append(f(feature.score())).append("</td><td class=l>")
          .append(escape(String.join(", ", feature.examples()))).append("</td></tr>");
    }
    return t.append("</table>").toString();
  }

  /** Predictiveness (x) against attribution share (y): shortcuts sit top right. */
  private static String shortcutPlot(Shortcuts found) {
    int size = 320;
    double maxShare = Math.max(0.05, found.features().stream().mapToDouble(Shortcuts.Feature::attributionShare).max().orElse(0));
    StringBuilder svg = new StringBuilder("<svg width=\"" + (size + 40) + "\" height=\"" + (size + 40) + "\" viewBox=\"-30 -10 " + (size + 40) + " "
        + (size + 40) + "\"><title>shortcuts</title><rect x=0 y=0 width=" + size + " height=" + size + " fill=none stroke=#999 />");
    List<Shortcuts.Feature> top = found.top(5);
    for (Shortcuts.Feature feature : found.features()) {
      double x = feature.predictiveness() * size;
      double y = (1 - feature.attributionShare() / maxShare) * size;
      boolean named = top.contains(feature);
      svg.append(String.format(Locale.ROOT, "<circle cx=%.1f cy=%.1f r=%d fill=\"%s\" opacity=0.7 />", x, y, named ? 5 : 3, named ? COLOURS[1] : COLOURS[0]));
      if (named) {
        svg.append(String.format(Locale.ROOT, "<text x=%.1f y=%.1f font-size=10>%s</text>", Math.min(x + 6, size - 120.0), y - 4, escape(feature.name())));
      }
    }
    svg.append("<text x=0 y=").append(size + 20).append(String.format(Locale.ROOT,
        " font-size=12>Attribution share (y, top %.0f%%) against corpus predictiveness (x)</text></svg>", 100 * maxShare));
    return svg.toString();
  }

  private String plot(String caption, List<List<Curves.Point>> curves, boolean diagonal) {
    int size = 320;
    StringBuilder svg = new StringBuilder("<svg width=\"" + (size + 40) + "\" height=\"" + (size + 40) + "\" viewBox=\"-30 -10 "
        + (size + 40) + " " + (size + 40) + "\"><title>" + escape(caption) + "</title>");
    svg.append("<rect x=0 y=0 width=").append(size).append(" height=").append(size).append(" fill=none stroke=#999 />");
    if (diagonal) {
      svg.append("<line x1=0 y1=").append(size).append(" x2=").append(size).append(" y2=0 stroke=#ccc stroke-dasharray=4 />");
    }
    for (int c = 0; c < curves.size(); c++) {
      svg.append("<polyline fill=none stroke-width=2 stroke=\"").append(COLOURS[c % COLOURS.length]).append("\" points=\"");
      for (Curves.Point p : curves.get(c)) {
        svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", p.x() * size, (1 - p.y()) * size));
      }
      svg.append("\"/>");
    }
    svg.append("<text x=0 y=").append(size + 20).append(" font-size=12>").append(escape(caption)).append("</text></svg>");
    return svg.toString();
  }

  private String calibrationPlot() {
    int size = 320;
    StringBuilder svg = new StringBuilder("<svg width=\"" + (size + 40) + "\" height=\"" + (size + 40) + "\" viewBox=\"-30 -10 "
        + (size + 40) + " " + (size + 40) + "\"><title>calibration</title><rect x=0 y=0 width=" + size + " height=" + size
        + " fill=none stroke=#999 /><line x1=0 y1=" + size + " x2=" + size + " y2=0 stroke=#ccc stroke-dasharray=4 />");
    for (int c = 0; c < evaluations.size(); c++) {
      for (Curves.Bin bin : evaluations.get(c).calibration()) {
        double r = 2 + Math.min(8, Math.sqrt(bin.count()) / 3);
        svg.append(String.format(Locale.ROOT, "<circle cx=%.1f cy=%.1f r=%.1f fill=\"%s\" opacity=0.7 />",
            bin.meanPredicted() * size, (1 - bin.observedRate()) * size, r, COLOURS[c % COLOURS.length]));
      }
    }
    svg.append("<text x=0 y=").append(size + 20).append(" font-size=12>Calibration: observed phishing rate (y) against predicted (x)</text></svg>");
    return svg.toString();
  }

  private String domainTable() {
    TreeSet<String> domains = new TreeSet<>();
    evaluations.forEach(e -> domains.addAll(e.perDomain().keySet()));
    StringBuilder t = new StringBuilder("<table><tr><th class=l>model / test set</th>");
    domains.forEach(d -> t.append("<th>").append(escape(d)).append("<br>accuracy</th>"));
    t.append("</tr>");
    for (Evaluation e : evaluations) {
      t.append("<tr><td class=l>").append(escape(e.model())).append(" / ").append(escape(e.testSet())).append("</td>");
      for (String d : domains) {
        Metrics m = e.perDomain().get(d);
        t.append("<td>").append(m == null ? "" : bar(m.accuracy()) + f(m.accuracy())).append("</td>");
      }
      t.append("</tr>");
    }
    return t.append("</table>").toString();
  }

  private static String crossTable(List<CrossDomain.Row> rows) {
    TreeSet<String> domains = new TreeSet<>();
    rows.forEach(r -> domains.addAll(r.byTestDomain().keySet()));
    StringBuilder t = new StringBuilder("<table><tr><th class=l>trained on</th>");
    domains.forEach(d -> t.append("<th>").append(escape(d)).append("</th>"));
    t.append("</tr>");
    for (CrossDomain.Row row : rows) {
      t.append("<tr><td class=l>").append(escape(row.training())).append("</td>");
      for (String d : domains) {
        Metrics m = row.byTestDomain().get(d);
        t.append("<td>");
        if (m != null) {
          t.append(bar(m.accuracy())).append(f(m.accuracy()));
          if (!Double.isNaN(m.f1())) {
            t.append(" (F1 ").append(f(m.f1())).append(")");
          }
        }
        t.append("</td>");
      }
      t.append("</tr>");
    }
    return t.append("</table>").toString();
  }

  private static String bar(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    return String.format(Locale.ROOT, "<svg width=60 height=10 style=\"border:0;margin:0 6px 0 0\"><rect width=%.0f height=10 fill=\"%s\"/></svg>",
        60 * value, value >= 0.9 ? "#2ca02c" : value >= 0.7 ? "#ff7f0e" : "#d62728");
  }

  static String f(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
