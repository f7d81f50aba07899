/*
 * The drift monitor's pages, drawn from the windows the monitor judged (the same plain JSON
 * /reports serves): the overview (status, alerts, performance, every drift measure against its
 * threshold, what the model leans on, the features of one window) and the page of one alert
 * (its evidence, the windows that raised it, the features and shortcuts behind it).
 */
(function () {
  "use strict";
  var H = window.Hookline;
  var data = H.pageData();
  var t = data.thresholds;
  var selectedWindow = null;
  var selectedFeature = null;

  function seconds(iso) {
    return Date.parse(iso) / 1000;
  }

  function judged(w) {
    return w.report.enoughEvidence && w.report.window.events >= t.minEvents;
  }

  /** A measure of every window, null where the window is too small to draw. */
  function measure(windows, value) {
    return windows.map(function (w) {
      if (!judged(w)) {
        return null;
      }
      var v = value(w.report, w);
      return v === null || v === undefined || !isFinite(v) ? null : v;
    });
  }

  function markers(windows) {
    var out = [];
    windows.forEach(function (w, i) {
      var at = seconds(w.report.window.end);
      if (w.alert === "FIRING") {
        out.push({ time: at, kind: "alert", short: "alert", title: "alert fired" });
      } else if (w.alert === "RESOLVED") {
        out.push({ time: at, kind: "resolved", short: "resolved", title: "alert resolved" });
      }
      if (w.retrainRequest) {
        out.push({ time: at, kind: "retrain", short: "retrain", title: "retrain requested" });
      }
      if (i > 0 && windows[i - 1].report.model.version !== w.report.model.version) {
        out.push({ time: at, kind: "swap", short: w.report.model.version, title: "model version swapped in" });
      }
    });
    return out;
  }

  function smallSampleNote(windows) {
    var small = windows.filter(function (w) { return !judged(w); }).length;
    return small === 0 ? null : small + " of " + windows.length + " windows held fewer than " + t.minEvents
        + " messages: not drawn, as they are too small to judge";
  }

  function div(parent, id) {
    var el = H.element("div", id ? { id: id } : {});
    parent.appendChild(el);
    return el;
  }

  function drawPerformance(windows, times, marks) {
    var perf = document.getElementById("performance");
    perf.innerHTML = "";
    function f1(kind) {
      return measure(windows, function (r) { return r[kind] ? r[kind].f1 : null; });
    }
    function bound(kind, end) {
      return measure(windows, function (r) { return r[kind] ? r[kind][end] : null; });
    }
    H.timeChart(div(perf, "chart-performance"), {
      title: "F1: estimated without labels (90% band), measured on labels",
      yLabel: "F1",
      times: times,
      range: [0, 1],
      series: [
        { label: "estimated from confidence", values: f1("estimated"), color: H.palette[0] },
        { label: "estimated like the window", values: f1("shiftAware"), color: H.palette[3], dash: [5, 3] },
        { label: "measured", values: measure(windows, function (r) {
          return r.measured && r.measured.support >= t.measuredMinSupport ? r.measured.f1 : null;
        }), color: H.palette[2] }
      ],
      bands: [
        { label: "estimated band", low: bound("estimated", "f1Low"), high: bound("estimated", "f1High"), color: "rgba(31,119,180,0.15)" },
        { label: "shift-aware band", low: bound("shiftAware", "f1Low"), high: bound("shiftAware", "f1High"), color: "rgba(255,127,14,0.12)" }
      ],
      thresholds: t.estimatedF1 === t.measuredF1
        ? [{ value: t.estimatedF1, label: "alert below" }]
        : [{ value: t.estimatedF1, label: "estimated alert below" }, { value: t.measuredF1, label: "measured alert below", color: "#8c564b" }],
      markers: marks,
      note: "measured F1 is drawn from " + t.measuredMinSupport + " labels in a window; " + (smallSampleNote(windows) || "every window is drawn")
    });
    H.timeChart(div(perf, "chart-labels"), {
      title: "Messages and labels per window",
      yLabel: "messages",
      times: times,
      series: [
        { label: "messages", values: windows.map(function (w) { return w.report.window.events; }), color: H.palette[0] },
        { label: "labelled", values: windows.map(function (w) { return w.report.measured ? w.report.measured.support : 0; }), color: H.palette[2] }
      ],
      thresholds: [{ value: t.minEvents, label: "judged from", color: "#999" }],
      markers: marks
    });
  }

  var MEASURES = [
    { id: "psi", title: "Largest feature shift", yLabel: "PSI", value: function (r) {
      return r.featureShifts.length ? Math.max.apply(null, r.featureShifts.map(function (s) { return s.psi; })) : null;
    }, threshold: function () { return [{ value: t.psi, label: "shifted at" }]; } },
    { id: "drifting", title: "Features over their PSI threshold", yLabel: "features", value: function (r) {
      return r.featureShifts.filter(function (s) { return s.psi >= Math.max(t.psi, s.psiNoise); }).length;
    }, threshold: function () { return [{ value: t.driftingFeatures, label: "signal at" }]; } },
    { id: "oov", title: "Unseen-token rate", yLabel: "share of tokens", range: [0, 1], value: function (r) { return r.tokens.oovRate; },
      extra: function (windows) {
        return [{ label: "alert above (reference + " + t.oovIncrease + ")", dash: [6, 4], color: "#c00", points: false,
          values: measure(windows, function (r) { return r.tokens.referenceOovRate + t.oovIncrease; }) }];
      } },
    { id: "top-tokens", title: "Top-token distance", yLabel: "JS distance", range: [0, 1], value: function (r) { return r.tokens.topTokenShift; },
      threshold: function () { return [{ value: t.topTokenShift, label: "alert at" }]; } },
    { id: "positive-rate", title: "Phishing verdict rate", yLabel: "share of verdicts", range: [0, 1],
      value: function (r) { return r.prediction.positiveRate; },
      extra: function (windows) {
        return [{ label: "in training", dash: [4, 4], color: "#999", points: false, values: measure(windows, function (r) { return r.prediction.referencePositiveRate; }) }];
      } },
    { id: "score-psi", title: "Score distribution shift", yLabel: "PSI", value: function (r) { return r.prediction.scorePsi; },
      threshold: function () { return [{ value: t.scorePsi, label: "alert at" }]; } },
    { id: "domain-auc", title: "Domain classifier (all signals at once)", yLabel: "ROC AUC", range: [0.4, 1],
      value: function (r) { return r.domainClassifier ? r.domainClassifier.auc : null; },
      threshold: function () { return [{ value: t.domainAuc, label: "alert at" }]; } },
    { id: "ndcg", title: "Attribution ranking against training", yLabel: "nDCG", range: [0, 1], value: function (r) { return r.attribution.ndcg; },
      threshold: function () { return [{ value: t.ndcg, label: "alert below" }]; } },
    { id: "explanation", title: "SHAP value shift", yLabel: "mean KS", range: [0, 1], value: function (r) { return r.attribution.explanationShift; },
      threshold: function () { return [{ value: t.explanationShift, label: "alert at" }]; } },
    { id: "embedding", title: "Text embedding shift (families that embed text)", yLabel: "distance / sampling noise", onlyWithData: true,
      value: function (r) { return r.embedding && r.embedding.noise > 0 ? r.embedding.distance / r.embedding.noise : null; },
      threshold: function () { return [{ value: t.embeddingShift, label: "alert at" }]; } }
  ];

  function drawMeasures(windows, times, marks) {
    var grid = document.getElementById("measures");
    grid.innerHTML = "";
    MEASURES.forEach(function (m) {
      var values = measure(windows, m.value);
      if (m.onlyWithData && values.every(function (v) { return v === null; })) {
        return; // a measure the model in service does not have (no text embeddings): no empty chart
      }
      var series = [{ label: m.title, values: values, color: H.palette[0] }];
      H.timeChart(div(grid, "chart-" + m.id), {
        title: m.title,
        yLabel: m.yLabel,
        times: times,
        range: m.range,
        series: series.concat(m.extra ? m.extra(windows) : []),
        thresholds: m.threshold ? m.threshold() : [],
        markers: marks
      });
    });
  }

  function familyNames(windows) {
    var names = {};
    windows.forEach(function (w) { Object.keys(w.report.attribution.familyShares).forEach(function (f) { names[f] = true; }); });
    return Object.keys(names).sort();
  }

  function drawFamilies(windows, times, marks) {
    var el = document.getElementById("families-time");
    var families = familyNames(windows);
    H.timeChart(el, {
      title: "Share of attribution by feature family",
      yLabel: "share of |SHAP|",
      times: times,
      range: [0, 1],
      series: families.map(function (f, i) {
        return { label: f, values: measure(windows, function (r) { return r.attribution.familyShares[f] || 0; }), color: H.palette[i % H.palette.length] };
      }),
      markers: marks
    });
  }

  function familyBars(el, w) {
    var r = w.report.attribution;
    var families = Object.keys(r.referenceFamilyShares).concat(Object.keys(r.familyShares))
        .filter(function (f, i, all) { return all.indexOf(f) === i; }).sort();
    H.barChart(el, {
      title: "Attribution by family: training against this window",
      yLabel: "share of |SHAP|",
      categories: families,
      range: [0, 1],
      series: [
        { label: "training", values: families.map(function (f) { return r.referenceFamilyShares[f] || 0; }), color: "#7f7f7f" },
        { label: "window", values: families.map(function (f) { return r.familyShares[f] || 0; }), color: H.palette[0] }
      ],
      note: "a family gaining " + t.familyShareIncrease + " or more of the attribution is a shortcut signal"
    });
  }

  function binLabels(edges) {
    return edges.map(function (e, i) {
      return i === edges.length - 1 && i > 0 ? "> " + H.number(edges[i - 1]) : "\u2264 " + H.number(e);
    });
  }

  function drawDistribution(el, shift) {
    if (!shift || !shift.binEdges || !shift.binEdges.length) {
      el.innerHTML = "<p class=\"hl-muted\">No distribution recorded for this window.</p>";
      return;
    }
    H.barChart(el, {
      title: shift.feature + ": training against this window",
      xLabel: "value (training's quantile bins)",
      yLabel: "share of messages",
      categories: binLabels(shift.binEdges),
      series: [
        { label: "training", values: shift.referenceShares, color: "#7f7f7f" },
        { label: "window", values: shift.windowShares, color: H.palette[0] }
      ],
      note: "PSI " + H.number(shift.psi) + " (noise " + H.number(shift.psiNoise) + "), KS " + H.number(shift.ks)
    });
  }

  function cell(row, value, numeric, left) {
    var td = H.element("td", left ? { "class": "l" } : {}, numeric ? H.number(value) : value);
    if (numeric) {
      td.setAttribute("data-value", value === null || value === undefined ? "NaN" : String(value));
    }
    row.appendChild(td);
    return td;
  }

  /** The per-feature table of one window, sorted by PSI; a click on a row draws its distribution. */
  function drawFeatures(w, table, distribution, highlight) {
    var body = table.tBodies[0];
    body.innerHTML = "";
    var shifts = w.report.featureShifts;
    shifts.forEach(function (s) {
      var threshold = Math.max(t.psi, s.psiNoise);
      var row = H.element("tr", { "data-feature": s.feature });
      if (s.psi >= threshold) {
        row.className = "hl-over";
      }
      cell(row, s.feature, false, true);
      cell(row, s.family, false, true);
      cell(row, s.psi, true);
      cell(row, threshold, true);
      cell(row, s.jensenShannon, true);
      cell(row, s.ks, true);
      cell(row, s.wasserstein, true);
      row.addEventListener("click", function () {
        selectedFeature = s.feature;
        Array.prototype.forEach.call(body.rows, function (r) { r.classList.remove("hl-selected"); });
        row.classList.add("hl-selected");
        drawDistribution(distribution, s);
      });
      body.appendChild(row);
    });
    H.sortable(table, 2);
    var wanted = highlight || selectedFeature;
    var first = shifts.filter(function (s) { return s.feature === wanted; })[0] || shifts[0];
    if (first) {
      body.querySelector("tr[data-feature=\"" + CSS.escape(first.feature) + "\"]").classList.add("hl-selected");
    }
    drawDistribution(distribution, first);
  }

  function selectWindow(w) {
    selectedWindow = w.report.window.end;
    document.getElementById("selected-window").textContent = w.report.window.end + " (" + w.report.model.version + ", "
        + w.report.window.events + " messages)";
    drawFeatures(w, document.getElementById("features"), document.getElementById("distribution"));
    familyBars(document.getElementById("families-bars"), w);
  }

  function drawWindows(windows) {
    var body = document.getElementById("windows").tBodies[0];
    body.innerHTML = "";
    windows.slice().reverse().slice(0, 40).forEach(function (w) {
      var r = w.report;
      var row = H.element("tr");
      cell(row, r.window.end, false, true);
      cell(row, r.model.version, false, true);
      cell(row, r.window.events, true);
      cell(row, r.estimated ? r.estimated.f1 : null, true);
      cell(row, r.measured ? r.measured.f1 : null, true);
      cell(row, r.measured ? r.measured.support : 0, true);
      cell(row, judged(w) ? w.findings.map(function (f) { return f.heuristic; }).join(", ") : "too few messages to judge", false, true);
      cell(row, w.alertActive ? "active" : "", false, true);
      if (w.alertActive) {
        row.className = "hl-over";
      }
      row.addEventListener("click", function () { selectWindow(w); });
      row.style.cursor = "pointer";
      body.appendChild(row);
    });
  }

  function drawAlerts(windows) {
    var el = document.getElementById("alerts");
    el.innerHTML = "";
    var alerts = windows.filter(function (w) { return w.alert; });
    if (!alerts.length) {
      el.appendChild(H.element("p", { "class": "hl-muted" }, "No alert among these windows."));
      return;
    }
    var table = H.element("table");
    table.innerHTML = "<thead><tr><th class=l>when</th><th class=l>state</th><th class=l>severity</th><th class=l>heuristic</th>"
        + "<th class=l>summary</th><th class=l>evidence</th></tr></thead><tbody></tbody>";
    alerts.slice().reverse().forEach(function (w) {
      var row = H.element("tr");
      cell(row, w.report.window.end, false, true);
      cell(row, w.alert, false, true);
      cell(row, w.alertSeverity, false, true);
      cell(row, w.alertHeuristic, false, true);
      cell(row, w.alertSummary, false, true);
      var link = H.element("a", { href: "alert?id=" + encodeURIComponent(w.alertId) }, "evidence");
      var td = cell(row, "", false, true);
      td.appendChild(link);
      table.tBodies[0].appendChild(row);
    });
    el.appendChild(table);
  }

  function drawStatus(windows) {
    var el = document.getElementById("status");
    var latest = windows[windows.length - 1];
    var firing = latest.alertActive;
    el.className = "hl-status " + (firing ? "hl-firing" : "hl-clear");
    var lastFired = windows.filter(function (w) { return w.alert === "FIRING"; }).pop();
    el.textContent = (firing ? "Alert active" + (lastFired ? ": " + lastFired.alertSummary : "") : "No alert active")
        + ". Latest window ends " + latest.report.window.end + ", model " + latest.report.model.name + " " + latest.report.model.version
        + ", " + latest.report.window.events + " messages.";
  }

  function overview(windows) {
    document.getElementById("updated").textContent = "drawn " + new Date().toISOString().replace(/\.\d+Z$/, "Z");
    if (!windows.length) {
      document.getElementById("status").textContent = "No window of this model has closed yet.";
      return;
    }
    var times = windows.map(function (w) { return seconds(w.report.window.end); });
    var marks = markers(windows);
    drawStatus(windows);
    drawAlerts(windows);
    drawPerformance(windows, times, marks);
    drawMeasures(windows, times, marks);
    drawFamilies(windows, times, marks);
    drawWindows(windows);
    var chosen = windows.filter(function (w) { return w.report.window.end === selectedWindow; })[0] || windows[windows.length - 1];
    selectWindow(chosen);
  }

  function startOverview() {
    var select = document.getElementById("model");
    data.models.forEach(function (m) {
      var option = H.element("option", { value: m }, m);
      if (m === data.model) {
        option.selected = true;
      }
      select.appendChild(option);
    });
    select.addEventListener("change", function () { location.search = "?model=" + encodeURIComponent(select.value); });
    overview(data.windows);
    var refresh = document.getElementById("refresh");
    if (!data.live) {
      refresh.parentNode.style.display = "none";
      return;
    }
    setInterval(function () {
      if (!refresh.checked) {
        return;
      }
      fetch("reports?model=" + encodeURIComponent(data.model) + "&limit=" + data.limit)
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(overview)
        .catch(function (status) { document.getElementById("updated").textContent = "refresh failed (" + status + "), retrying"; });
    }, data.refreshSeconds * 1000);
  }

  function evidenceTable(el, evidence) {
    var table = H.element("table");
    table.innerHTML = "<thead><tr><th class=l>measure</th><th class=l>subject</th><th>value</th><th>threshold</th><th class=l>against it</th></tr></thead><tbody></tbody>";
    evidence.forEach(function (e) {
      var row = H.element("tr");
      cell(row, e.measure, false, true);
      cell(row, e.subject, false, true);
      cell(row, e.value, true);
      cell(row, e.threshold, true);
      var td = cell(row, "", false, true);
      if (e.threshold !== null && e.value !== null) {
        var scale = Math.max(Math.abs(e.value), Math.abs(e.threshold)) || 1;
        td.innerHTML = "<span class=hl-bar style=\"width:" + Math.round(80 * Math.abs(e.value) / scale) + "px;background:#1f77b4\"></span>"
            + "<span class=hl-bar style=\"width:" + Math.round(80 * Math.abs(e.threshold) / scale) + "px;background:#bbb\"></span>";
      }
      table.tBodies[0].appendChild(row);
    });
    el.appendChild(table);
  }

  function startAlert() {
    var a = data.alert;
    var windows = data.windows;
    document.getElementById("status").className = "hl-status " + (data.resolved ? "hl-clear" : "hl-firing");
    document.getElementById("status").textContent = a.severity + " \u00b7 " + a.heuristic + ": " + a.summary + ". Raised " + a.raisedAt
        + " on model " + a.model.name + " " + a.model.version + (data.resolved ? "; resolved " + data.resolved.raisedAt + "." : "; still firing.");
    evidenceTable(document.getElementById("evidence"), a.evidence);
    var times = windows.map(function (w) { return seconds(w.report.window.end); });
    H.timeChart(document.getElementById("chart-signals"), {
      title: "Failure signals per window around the alert",
      yLabel: "signals",
      times: times,
      series: [{ label: "failure signals", values: measure(windows, function (r, w) { return w.findings.length; }), color: H.palette[1] }],
      thresholds: [{ value: t.minSignals, label: "window fails at" }],
      markers: markers(windows),
      note: t.windowsToFire + " failing windows in a row raise an alert; " + t.windowsToResolve + " clean ones resolve it"
    });
    var raised = windows.filter(function (w) { return w.alertId === a.alertId && w.alert === "FIRING"; })[0];
    if (raised) {
      var findings = document.getElementById("findings");
      raised.findings.forEach(function (f) {
        findings.appendChild(H.element("li", {}, f.heuristic + (f.critical ? " (critical)" : "") + ": " + f.summary));
      });
      var featureEvidence = a.evidence.filter(function (e) { return e.measure === "psi" && e.subject !== "score"; })[0];
      drawFeatures(raised, document.getElementById("features"), document.getElementById("distribution"), featureEvidence ? featureEvidence.subject : null);
      familyBars(document.getElementById("families-bars"), raised);
      var moved = document.getElementById("moved").tBodies[0];
      raised.report.attribution.topFeatures.forEach(function (e) {
        var row = H.element("tr");
        cell(row, e.subject, false, true);
        cell(row, e.value, true);
        cell(row, e.threshold, true);
        moved.appendChild(row);
      });
    }
    var samples = document.getElementById("samples");
    if (!a.sampleMessageIds.length) {
      samples.appendChild(H.element("li", {}, "none recorded"));
    }
    a.sampleMessageIds.forEach(function (id) { samples.appendChild(H.element("li", {}, id)); });
  }

  if (data.page === "alert") {
    startAlert();
  } else {
    startOverview();
  }
})();
