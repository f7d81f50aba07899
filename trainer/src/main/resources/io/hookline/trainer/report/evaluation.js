/*
 * The evaluation report's charts, from the curves the report was given: ROC (linear, and with a
 * logarithmic false-positive rate, where a mail filter lives), precision-recall and calibration,
 * each model's operating point at its threshold marked; the shortcut map per model.
 */
(function () {
  "use strict";
  var H = window.Hookline;
  var data = H.pageData();

  function curve(e, points, key) {
    return { label: e.name, x: points.map(function (p) { return p.x; }), y: points.map(function (p) { return p.y; }), color: e.color };
  }

  function marks(pick) {
    return data.evaluations.map(function (e) {
      var at = pick(e.operating);
      return { label: e.name + " at threshold " + H.number(e.operating.threshold), x: at[0], y: at[1], color: e.color };
    });
  }

  data.evaluations.forEach(function (e, i) { e.color = H.palette[i % H.palette.length]; });

  H.xyChart(document.getElementById("chart-roc"), {
    title: "ROC",
    xLabel: "false positive rate",
    yLabel: "true positive rate (recall)",
    series: data.evaluations.map(function (e) { return curve(e, e.roc); }),
    diagonal: "chance",
    marks: marks(function (o) { return [o.falsePositiveRate, o.recall]; })
  });
  H.xyChart(document.getElementById("chart-roc-log"), {
    title: "ROC, low false-positive region",
    xLabel: "false positive rate (log)",
    yLabel: "true positive rate (recall)",
    xLog: true,
    xRange: [data.minFalsePositiveRate, 1],
    series: data.evaluations.map(function (e) { return curve(e, e.roc); }),
    marks: marks(function (o) { return [o.falsePositiveRate, o.recall]; }).filter(function (m) { return m.x > 0; }),
    note: "one false alarm in " + Math.round(1 / data.minFalsePositiveRate) + " legitimate messages is the left edge"
  });
  H.xyChart(document.getElementById("chart-pr"), {
    title: "Precision against recall",
    xLabel: "recall",
    yLabel: "precision",
    series: data.evaluations.map(function (e) { return curve(e, e.precisionRecall); }),
    marks: marks(function (o) { return [o.recall, o.precision]; }).filter(function (m) { return m.y !== null; })
  });
  H.xyChart(document.getElementById("chart-calibration"), {
    title: "Calibration",
    xLabel: "mean predicted phishing probability",
    yLabel: "observed phishing rate",
    diagonal: "perfectly calibrated",
    series: data.evaluations.map(function (e) {
      return { label: e.name, x: e.calibration.map(function (b) { return b.meanPredicted; }),
        y: e.calibration.map(function (b) { return b.observedRate; }), color: e.color, points: true };
    }),
    note: "ten bins of predicted probability; a point below the diagonal is over-confident"
  });

  Object.keys(data.shortcuts).forEach(function (model, i) {
    var el = document.getElementById("chart-shortcuts-" + i);
    if (!el) {
      return;
    }
    var features = data.shortcuts[model];
    var top = Math.max(0.05, Math.max.apply(null, features.map(function (f) { return f.attributionShare; })) * 1.1);
    H.xyChart(el, {
      title: "Shortcut map: " + model,
      xLabel: "corpus predictiveness",
      yLabel: "share of attribution",
      range: [0, top],
      series: [{ label: "features", x: features.map(function (f) { return f.predictiveness; }),
        y: features.map(function (f) { return f.attributionShare; }), color: H.palette[0], line: false, size: 7 }],
      note: "shortcuts sit top right: features that name a message's corpus and carry the model's attribution"
    });
  });

  document.querySelectorAll("table.hl-sort").forEach(function (table) { H.sortable(table); });
})();
