/*
 * The detector's cost curve: latency percentiles and verdicts/s against the offered rate, a curve
 * per batch limit (saturation is the backlog point, drawn at the rate it reached); CPU and bytes
 * per verdict; and the drain rate as messages grow, carry more links, and as instances are added.
 */
(function () {
  "use strict";
  var H = window.Hookline;
  var data = H.pageData();
  var points = data.points;

  function of(dimension, batch) {
    return points.filter(function (p) { return p.dimension === dimension && (batch === undefined || p.maxBatch === batch); });
  }

  function finite(v) { return typeof v === "number" && isFinite(v); }

  var batches = [];
  of("rate").forEach(function (p) { if (batches.indexOf(p.maxBatch) < 0) { batches.push(p.maxBatch); } });

  function offered(p) { return p.value > 0 ? p.value : p.verdictsPerSecond; }

  var maxRate = 1;
  of("rate").forEach(function (p) { maxRate = Math.max(maxRate, offered(p), p.verdictsPerSecond); });

  function rateSeries(measure, suffix, dash) {
    return batches.map(function (b, i) {
      var ps = of("rate", b).filter(function (p) { return finite(measure(p)); }).sort(function (a, c) { return offered(a) - offered(c); });
      return { label: "batch " + b + suffix, x: ps.map(offered), y: ps.map(measure), color: H.palette[i % H.palette.length], dash: dash, points: true };
    });
  }

  function top(series) {
    var hi = 1;
    series.forEach(function (s) { s.y.forEach(function (y) { if (finite(y)) { hi = Math.max(hi, y); } }); });
    return hi * 1.1;
  }

  var latency = rateSeries(function (p) { return p.p50Millis; }, " p50", [4, 4])
    .concat(rateSeries(function (p) { return p.p99Millis; }, " p99"))
    .concat(rateSeries(function (p) { return p.p999Millis; }, " p99.9", [1, 3]));
  H.xyChart(document.getElementById("chart-latency"), {
    title: "End-to-end latency by offered rate", xLabel: "offered messages/s", yLabel: "ms", series: latency,
    xRange: [0, maxRate * 1.05], range: [0, top(latency)], thresholds: [{ value: 50, label: "p99 target 50 ms" }]
  });
  var throughput = rateSeries(function (p) { return p.verdictsPerSecond; }, " verdicts/s");
  H.xyChart(document.getElementById("chart-throughput"), {
    title: "Verdicts/s by offered rate (the rightmost point of each: a backlog drained)", xLabel: "offered messages/s", yLabel: "verdicts/s",
    series: throughput, xRange: [0, maxRate * 1.05], range: [0, maxRate * 1.05]
  });
  var cpu = rateSeries(function (p) { return p.processCpuMillisPerMessage; }, " whole process", [4, 4])
    .concat(rateSeries(function (p) { return p.detectorCpuMillisPerMessage; }, " detector threads"));
  H.xyChart(document.getElementById("chart-cpu"), {
    title: "CPU per message", xLabel: "offered messages/s", yLabel: "CPU ms per message", series: cpu, xRange: [0, maxRate * 1.05], range: [0, top(cpu)]
  });
  var bytes = rateSeries(function (p) { return p.bytesPerVerdict; }, "");
  H.xyChart(document.getElementById("chart-bytes"), {
    title: "Bytes written per verdict (verdicts and inference log)", xLabel: "offered messages/s", yLabel: "bytes", series: bytes,
    xRange: [0, maxRate * 1.05], range: [0, top(bytes)]
  });

  function workChart(id, dimension, title, unit) {
    var ps = of(dimension).sort(function (a, c) { return a.value - c.value; });
    if (!ps.length) { return; }
    H.barChart(document.getElementById(id), {
      title: title, xLabel: unit, yLabel: "verdicts/s",
      categories: ps.map(function (p) { return String(p.value); }),
      series: [{ label: "verdicts/s", values: ps.map(function (p) { return p.verdictsPerSecond; }) }]
    });
  }
  workChart("chart-size", "message-kb", "Draining a backlog as messages grow", "text KB per message");
  workChart("chart-links", "links", "Draining a backlog as messages carry more links", "links per message");
  workChart("chart-instances", "instances", "Draining a backlog with instances sharing 4 partitions on the same machine", "instances");
})();
