package io.hookline.trainer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.core.charts.ChartPage;
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
 * for people: the summary, ROC (also over a logarithmic false-positive rate), precision-recall and
 * calibration with each model's operating point, the confusion at the threshold, every metric per
 * domain (n/a where undefined), cross-domain tables and the shortcut map.
 */
public record EvaluationReport(String title, List<Evaluation> evaluations, CrossDomain.Result crossDomain, Map<String, Shortcuts> shortcuts) {
  /** Features listed per model in the Shortcuts section. */
  private static final int SHORTCUTS_LISTED = 12;

  public EvaluationReport(String title, List<Evaluation> evaluations, CrossDomain.Result crossDomain) {
    this(title, evaluations, crossDomain, Map.of());
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String SCRIPT = ChartPage.resource(EvaluationReport.class, "evaluation.js");

  public void writeJson(Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("title", title);
    List<Object> evals = new ArrayList<>();
    for (Evaluation e : evaluations) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", e.model());
      m.put("testSet", e.testSet());
      m.put("threshold", e.threshold());
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
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, html(), StandardCharsets.UTF_8);
  }

  /** The page: tables here, the charts drawn by {@code evaluation.js} from the curves in its data. */
  String html() {
    StringBuilder html = new StringBuilder("<h1>").append(escape(title)).append("</h1>");
    html.append("<h2>Summary</h2><table class=hl-sort><thead><tr><th class=l>model</th><th class=l>test set</th><th>messages</th><th>threshold</th>")
        .append("<th>F1</th><th>precision</th><th>recall</th><th>false positive rate</th><th>accuracy</th><th>ROC AUC</th><th>PR AUC</th></tr></thead><tbody>");
    for (Evaluation e : evaluations) {
      Metrics m = e.overall();
      html.append("<tr><td class=l>").append(escape(e.model())).append("</td><td class=l>").append(escape(e.testSet())).append("</td>")
          .append(count(m.count())).append(number(e.threshold())).append(number(m.f1())).append(number(m.precision())).append(number(m.recall()))
          .append(number(falsePositiveRate(m))).append(number(m.accuracy())).append(number(e.rocAuc())).append(number(e.prAuc())).append("</tr>");
    }
    html.append("</tbody></table>");
    html.append("<h2>Curves</h2><p class=hl-note>A ring marks each model's operating point at its threshold.</p>")
        .append("<div class=hl-grid><div id=chart-roc></div><div id=chart-roc-log></div><div id=chart-pr></div><div id=chart-calibration></div></div>");
    html.append("<h2>Confusion at the threshold</h2><div class=hl-grid>");
    for (Evaluation e : evaluations) {
      Metrics m = e.overall();
      html.append("<div><h3>").append(escape(e.model())).append(" on ").append(escape(e.testSet())).append(" (threshold ").append(f(e.threshold()))
          .append(")</h3><table class=confusion><thead><tr><th class=l></th><th>said PHISHING</th><th>said LEGITIMATE</th></tr></thead><tbody>")
          .append("<tr><th class=l>phishing</th><td>").append(m.truePositives()).append(" caught</td><td>").append(m.falseNegatives()).append(" missed</td></tr>")
          .append("<tr><th class=l>legitimate</th><td>").append(m.falsePositives()).append(" false alarms</td><td>").append(m.trueNegatives())
          .append(" passed</td></tr></tbody></table></div>");
    }
    html.append("</div><h2>Per domain</h2><p class=hl-note>n/a where a figure is undefined: precision without a PHISHING verdict, recall ")
        .append("and F1 without phishing, the false positive rate without legitimate mail.</p>");
    for (Evaluation e : evaluations) {
      html.append("<h3>").append(escape(e.model())).append(" on ").append(escape(e.testSet())).append("</h3>").append(domainTable(e));
    }
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
      int i = 0;
      for (Map.Entry<String, Shortcuts> entry : shortcuts.entrySet()) {
        html.append(shortcutSection(entry.getKey(), entry.getValue(), i++));
      }
    }
    return new ChartPage(title, html.toString(), chartData(), SCRIPT).html();
  }

  private ObjectNode chartData() {
    ObjectNode data = JSON.createObjectNode();
    ArrayNode evals = data.putArray("evaluations");
    int mostNegatives = 1;
    for (Evaluation e : evaluations) {
      Metrics m = e.overall();
      mostNegatives = Math.max(mostNegatives, m.falsePositives() + m.trueNegatives());
      ObjectNode node = evals.addObject().put("name", e.model() + " on " + e.testSet());
      node.set("roc", JSON.valueToTree(e.roc()));
      node.set("precisionRecall", JSON.valueToTree(e.precisionRecall()));
      node.set("calibration", JSON.valueToTree(e.calibration()));
      node.putObject("operating").put("threshold", e.threshold()).putPOJO("falsePositiveRate", finite(falsePositiveRate(m)))
          .putPOJO("recall", finite(m.recall())).putPOJO("precision", finite(m.precision()));
    }
    // the log view starts at one false alarm among the most legitimate messages any test set holds
    data.put("minFalsePositiveRate", Math.max(1e-5, Math.pow(10, Math.floor(Math.log10(1.0 / mostNegatives)))));
    ObjectNode maps = data.putObject("shortcuts");
    shortcuts.forEach((model, found) -> {
      ArrayNode features = maps.putArray(model);
      if (found.separable()) {
        found.features().forEach(f -> features.addObject().put("name", f.name()).put("predictiveness", f.predictiveness())
            .put("attributionShare", f.attributionShare()));
      }
    });
    return data;
  }

  private static double falsePositiveRate(Metrics m) {
    int legitimate = m.falsePositives() + m.trueNegatives();
    return legitimate == 0 ? Double.NaN : (double) m.falsePositives() / legitimate;
  }

  private static String shortcutSection(String model, Shortcuts found, int index) {
    StringBuilder h = new StringBuilder("<h3>").append(escape(model)).append("</h3>");
    if (!found.separable()) {
      return h.append("<p>Each label comes from one corpus in this training mix, so corpus identity and label are the same thing: ")
          .append("no probe can tell them apart. Attribution shares only.</p>").append(shortcutTable(found)).toString();
    }
    h.append(String.format(Locale.ROOT, "<p>All features together name the corpus %.0f%% better than chance; the model's shortcut score is %.3f.</p>",
        100 * found.identifiability(), found.score()));
    return h.append("<div class=hl-grid><div id=chart-shortcuts-").append(index).append("></div><div>").append(shortcutTable(found))
        .append("</div></div>").toString();
  }

  private static String shortcutTable(Shortcuts found) {
    StringBuilder t = new StringBuilder("<table class=hl-sort><thead><tr><th class=l>feature</th><th>predictiveness</th><th>attribution share</th>")
        .append("<th>shortcut score</th><th class=l>tokens it leans on most (corpus where most seen)</th></tr></thead><tbody>");
    for (Shortcuts.Feature feature : found.top(SHORTCUTS_LISTED)) {
      t.append("<tr><td class=l>").append(escape(feature.name())).append("</td>").append(barred(feature.predictiveness()))
          .append(number(feature.attributionShare())).append(number(feature.score())).append("<td class=l>")
          .append(escape(String.join(", ", feature.examples()))).append("</td></tr>");
    }
    return t.append("</tbody></table>").toString();
  }

  private static String domainTable(Evaluation e) {
    StringBuilder t = new StringBuilder("<table class=hl-sort><thead><tr><th class=l>domain</th><th>messages</th><th>phishing</th><th>accuracy</th>")
        .append("<th>precision</th><th>recall</th><th>F1</th><th>false positive rate</th></tr></thead><tbody>");
    e.perDomain().forEach((domain, m) -> t.append("<tr><td class=l>").append(escape(domain)).append("</td>").append(count(m.count()))
        .append(count(m.truePositives() + m.falseNegatives())).append(barred(m.accuracy())).append(number(m.precision()))
        .append(number(m.recall())).append(number(m.f1())).append(number(falsePositiveRate(m))).append("</tr>"));
    return t.append("</tbody></table>").toString();
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
        if (m == null) {
          t.append("n/a");
        } else {
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

  /** A numeric cell that sorts by its value. */
  private static String number(double value) {
    return "<td data-value=\"" + (Double.isNaN(value) ? "NaN" : String.valueOf(value)) + "\">" + f(value) + "</td>";
  }

  /** A count's cell. */
  private static String count(long value) {
    return "<td data-value=\"" + value + "\">" + value + "</td>";
  }

  private static String barred(double value) {
    return "<td data-value=\"" + (Double.isNaN(value) ? "NaN" : String.valueOf(value)) + "\">" + bar(value) + f(value) + "</td>";
  }

  /** A small bar in a cell: green from 0.9, orange from 0.7, red below. */
  private static String bar(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    return String.format(Locale.ROOT, "<span class=hl-bar style=\"width:%.0fpx;background:%s\"></span>", 60 * Math.max(0, Math.min(1, value)),
        value >= 0.9 ? "#2ca02c" : value >= 0.7 ? "#ff7f0e" : "#d62728");
  }

  static String f(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static String escape(String text) {
    return ChartPage.escape(text);
  }
}
