/*
 * Hookline's charts, drawn by uPlot: time series with threshold lines, uncertainty bands and
 * event markers; x-y curves (linear or logarithmic x); grouped bars over categories; sortable
 * tables. Every chart writes the tick labels uPlot drew on its axes to data-x-ticks and
 * data-y-ticks, and the threshold lines it drew to data-thresholds, so what is on the canvas can
 * be checked without reading pixels.
 */
(function () {
  "use strict";

  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
  var MARKER_COLOURS = { alert: "#d62728", resolved: "#2ca02c", retrain: "#ff7f0e", swap: "#9467bd" };

  function pad(n) {
    return n < 10 ? "0" + n : "" + n;
  }

  /** A UTC time label for a tick, as precise as the ticks' spacing needs. */
  function timeLabel(seconds, spacing) {
    var d = new Date(seconds * 1000);
    var hm = pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
    var label = spacing < 60 ? hm + ":" + pad(d.getUTCSeconds()) : hm;
    return spacing >= 86400 ? d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) : label;
  }

  function number(value) {
    if (value === null || value === undefined || !isFinite(value)) {
      return "n/a";
    }
    var abs = Math.abs(value);
    if (abs < 1e-9) {
      return "0";
    }
    if (abs < 0.001 || abs >= 100000) {
      return value.toExponential(1);
    }
    return abs >= 100 ? value.toFixed(0) : abs >= 1 ? String(+value.toFixed(2)) : String(+value.toFixed(3));
  }

  function record(el, key, labels) {
    el.dataset[key] = labels.filter(function (l) { return l !== null && l !== ""; }).join("|");
  }

  function width(el) {
    return Math.max(280, Math.min(el.clientWidth || 560, 1100));
  }

  /** Draws constant threshold lines and vertical event markers on a chart's canvas. */
  function overlay(el, thresholds, markers) {
    return function (u) {
      var ctx = u.ctx;
      var left = u.bbox.left;
      var right = u.bbox.left + u.bbox.width;
      var top = u.bbox.top;
      var bottom = u.bbox.top + u.bbox.height;
      var drawn = [];
      var labelled = [];
      var stacked = {};
      var line = 12 * devicePixelRatio;
      ctx.save();
      ctx.font = Math.round(11 * devicePixelRatio) + "px sans-serif";
      (thresholds || []).forEach(function (t) {
        var y = u.valToPos(t.value, "y", true);
        if (!isFinite(y) || y < top - 1 || y > bottom + 1) {
          return;
        }
        ctx.strokeStyle = t.color || "#c00";
        ctx.lineWidth = devicePixelRatio;
        ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(right, y);
        ctx.stroke();
        ctx.fillStyle = t.color || "#c00";
        ctx.textAlign = "right";
        // a label close to one already drawn goes below its line instead of above
        var crowded = labelled.some(function (other) { return Math.abs(other - (y - 4)) < line; });
        var at = crowded ? y + line : y - 4;
        labelled.push(at);
        ctx.fillText(t.label + " " + number(t.value), right - 4, at);
        drawn.push(t.label);
      });
      (markers || []).forEach(function (m) {
        var x = u.valToPos(m.time, "x", true);
        if (!isFinite(x) || x < left - 1 || x > right + 1) {
          return;
        }
        ctx.strokeStyle = MARKER_COLOURS[m.kind] || "#555";
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.setLineDash(m.kind === "swap" ? [2 * devicePixelRatio, 3 * devicePixelRatio] : []);
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.stroke();
        ctx.fillStyle = MARKER_COLOURS[m.kind] || "#555";
        ctx.textAlign = "left";
        // markers at the same moment stack their labels
        var slot = Math.round(x);
        stacked[slot] = (stacked[slot] || 0) + 1;
        ctx.fillText(m.short || m.kind, x + 3, top + stacked[slot] * line);
      });
      ctx.restore();
      record(el, "thresholds", drawn);
    };
  }

  function axis(el, key, label, format) {
    el.dataset[key.replace("Ticks", "Label")] = label || "";
    return {
      label: label,
      values: function (u, splits, axisIndex, space, increment) {
        var labels = splits.map(function (s) { return s === null ? null : format(s, increment); });
        record(el, key, labels);
        return labels;
      }
    };
  }

  function rangeWith(fixed, extra) {
    return function (u, min, max) {
      if (fixed) {
        return fixed;
      }
      var lo = min === null ? 0 : Math.min(0, min);
      var hi = max === null ? 1 : max;
      (extra || []).forEach(function (v) { hi = Math.max(hi, v); lo = Math.min(lo, v); });
      return [lo, hi === lo ? lo + 1 : hi * 1.08];
    };
  }

  /** One line under a chart: a swatch per series (dashed where the line is), then the event markers. */
  function legendOf(el, series, markers) {
    var legend = document.createElement("div");
    legend.className = "hl-legend";
    series.forEach(function (s) {
      var item = document.createElement("span");
      item.innerHTML = "<i style=\"border-top:3px " + (s.dash ? "dashed " : "solid ") + s.color + "\"></i>";
      item.appendChild(document.createTextNode(s.label));
      legend.appendChild(item);
    });
    var kinds = {};
    (markers || []).forEach(function (m) { kinds[m.kind] = m.title || m.kind; });
    Object.keys(kinds).forEach(function (k) {
      var item = document.createElement("span");
      item.className = "hl-marker";
      item.innerHTML = "<i style=\"border-left:2px solid " + (MARKER_COLOURS[k] || "#555") + "\"></i>";
      item.appendChild(document.createTextNode(kinds[k]));
      legend.appendChild(item);
    });
    el.appendChild(legend);
  }

  function frame(el, title, note) {
    el.innerHTML = "";
    el.classList.add("hl-chart");
    var heading = document.createElement("h3");
    heading.textContent = title;
    el.appendChild(heading);
    if (note) {
      var p = document.createElement("p");
      p.className = "hl-note";
      p.textContent = note;
      el.appendChild(p);
    }
  }

  /**
   * A time chart. spec: title, yLabel, times (epoch seconds), series [{label, values, color,
   * dash, points}], bands [{low, high, color, label}] (an uncertainty band around a series),
   * thresholds [{value, label, color}], markers [{time, kind, short, title}], range [lo, hi].
   */
  function timeChart(el, spec) {
    frame(el, spec.title, spec.note);
    var data = [spec.times];
    var series = [{}];
    var bands = [];
    (spec.series || []).forEach(function (s, i) {
      data.push(s.values);
      series.push({
        label: s.label,
        stroke: s.color || PALETTE[i % PALETTE.length],
        width: 2,
        dash: s.dash,
        spanGaps: false,
        points: { show: s.points !== false, size: 5 },
        value: function (u, v) { return number(v); }
      });
    });
    (spec.bands || []).forEach(function (b) {
      data.push(b.high, b.low);
      var colour = b.color || "rgba(31,119,180,0.15)";
      series.push({ label: b.label + " (upper)", stroke: "transparent", points: { show: false }, value: function (u, v) { return number(v); } });
      series.push({ label: b.label + " (lower)", stroke: "transparent", points: { show: false }, value: function (u, v) { return number(v); } });
      bands.push({ series: [series.length - 2, series.length - 1], fill: colour });
    });
    var thresholdValues = (spec.thresholds || []).map(function (t) { return t.value; });
    var chart = new uPlot({
      width: width(el),
      height: spec.height || 230,
      legend: { show: false },
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
      scales: { x: { time: true }, y: { range: rangeWith(spec.range, thresholdValues) } },
      series: series,
      bands: bands,
      axes: [
        axis(el, "xTicks", "time (UTC)", timeLabel),
        axis(el, "yTicks", spec.yLabel, function (v) { return number(v); })
      ],
      hooks: { draw: [overlay(el, spec.thresholds, spec.markers)] }
    }, data, el);
    legendOf(el, (spec.series || []).map(function (s, i) {
      return { label: s.label, color: s.color || PALETTE[i % PALETTE.length], dash: s.dash };
    }).concat((spec.bands || []).map(function (b) { return { label: b.label, color: b.color || "rgba(31,119,180,0.15)" }; })), spec.markers);
    return chart;
  }

  /** In an x-y chart each series has its own x: its points are all of its own, not a range of a shared x. */
  function everyPoint(u, seriesIndex, show) {
    return show ? u.data[seriesIndex][0].map(function (x, k) { return k; }) : null;
  }

  /**
   * An x-y chart over a numeric x. spec: title, xLabel, yLabel, series [{label, x, y, color,
   * points, line}], xLog (logarithmic x: non-positive x are left out), diagonal (the line y = x),
   * marks [{x, y, label}] (points such as an operating threshold), range, xRange.
   */
  function xyChart(el, spec) {
    frame(el, spec.title, spec.note);
    var all = spec.series.slice();
    if (spec.diagonal) {
      all.push({ label: spec.diagonal, x: [spec.xLog ? 1e-4 : 0, 1], y: [spec.xLog ? 1e-4 : 0, 1], color: "#999", dash: [4, 4], points: false });
    }
    (spec.marks || []).forEach(function (m) {
      all.push({ label: m.label, x: [m.x], y: [m.y], color: m.color || "#000", line: false, ring: true });
    });
    var data = [null];
    var series = [{}];
    all.forEach(function (s, i) {
      var xs = [];
      var ys = [];
      s.x.forEach(function (x, k) {
        if (!spec.xLog || x > 0) {
          xs.push(x);
          ys.push(s.y[k]);
        }
      });
      data.push([xs, ys]);
      series.push({
        label: s.label,
        stroke: s.color || PALETTE[i % PALETTE.length],
        fill: undefined,
        width: s.line === false ? 0 : 2,
        dash: s.dash,
        paths: s.line === false ? function () { return null; } : undefined,
        // a ring (an operating point) stands out from the curve it sits on
        points: s.ring ? { show: true, size: 13, width: 3, stroke: s.color, fill: "#fff", filter: everyPoint }
          : { show: s.points === true || s.line === false, size: s.size || 6, fill: s.color, filter: everyPoint }
      });
    });
    var chart = new uPlot({
      mode: 2,
      width: spec.width || Math.min(width(el), 460),
      height: spec.height || 340,
      scales: {
        x: spec.xLog ? { time: false, distr: 3, log: 10, range: spec.xRange || [1e-4, 1] } : { time: false, range: spec.xRange || [0, 1] },
        y: { range: spec.range || [0, 1] }
      },
      series: series,
      legend: { show: false },
      axes: [
        axis(el, "xTicks", spec.xLabel, function (v) { return number(v); }),
        axis(el, "yTicks", spec.yLabel, function (v) { return number(v); })
      ],
      hooks: { draw: [overlay(el, spec.thresholds, [])] }
    }, data, el);
    legendOf(el, all.map(function (s, i) { return { label: s.label, color: s.color || PALETTE[i % PALETTE.length], dash: s.dash }; }), []);
    return chart;
  }

  /**
   * Grouped bars over categories. spec: title, yLabel, xLabel, categories, series [{label,
   * values, color}], thresholds.
   */
  function barChart(el, spec) {
    frame(el, spec.title, spec.note);
    var n = spec.categories.length;
    var xs = spec.categories.map(function (c, i) { return i; });
    var data = [xs];
    var series = [{ value: function (u, i) { return i === null ? "" : spec.categories[i]; } }];
    var groups = spec.series.length;
    spec.series.forEach(function (s, k) {
      var colour = s.color || PALETTE[k % PALETTE.length];
      data.push(s.values);
      series.push({
        label: s.label,
        stroke: colour,
        fill: colour + "99",
        width: 1,
        points: { show: false },
        paths: uPlot.paths.bars({ size: [0.8 / groups, 60], align: groups === 1 ? 0 : k === 0 ? -1 : 1 }),
        value: function (u, v) { return number(v); }
      });
    });
    var thresholdValues = (spec.thresholds || []).map(function (t) { return t.value; });
    var chart = new uPlot({
      legend: { show: false },
      width: spec.width || Math.min(width(el), 560),
      height: spec.height || 220,
      scales: { x: { time: false, range: [-0.6, n - 0.4] }, y: { range: rangeWith(spec.range, thresholdValues) } },
      series: series,
      axes: [
        {
          label: spec.xLabel,
          splits: function () { el.dataset.xLabel = spec.xLabel || ""; return xs; },
          values: function (u, splits) {
            var labels = splits.map(function (i) { return spec.categories[i] === undefined ? "" : spec.categories[i]; });
            record(el, "xTicks", labels);
            return labels;
          },
          rotate: n > 6 ? -30 : 0,
          size: n > 6 ? 70 : 50
        },
        axis(el, "yTicks", spec.yLabel, function (v) { return number(v); })
      ],
      hooks: { draw: [overlay(el, spec.thresholds, [])] }
    }, data, el);
    legendOf(el, spec.series.map(function (s, k) { return { label: s.label, color: s.color || PALETTE[k % PALETTE.length] }; }), []);
    return chart;
  }

  /**
   * Makes a table sortable by clicking its headers; cells sort by data-value when they have one
   * (numbers; "n/a" last), else by text. Sorts by the column at initial (descending) at once.
   */
  function sortable(table, initial) {
    var headers = table.querySelectorAll("thead th");
    function key(row, column) {
      var cell = row.children[column];
      var raw = cell.getAttribute("data-value");
      if (raw === null) {
        return cell.textContent;
      }
      var value = parseFloat(raw);
      return isNaN(value) ? null : value;
    }
    function sortBy(column, descending) {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, column);
        var y = key(b, column);
        if (x === null || y === null) {
          return x === y ? 0 : x === null ? 1 : -1;
        }
        var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
        return descending ? -order : order;
      });
      rows.forEach(function (r) { body.appendChild(r); });
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      headers[column].setAttribute("aria-sort", descending ? "descending" : "ascending");
    }
    headers.forEach(function (h, column) {
      h.classList.add("hl-sortable");
      h.title = "sort by " + h.textContent;
      h.addEventListener("click", function () {
        sortBy(column, h.getAttribute("aria-sort") !== "descending");
      });
    });
    if (initial !== undefined) {
      sortBy(initial, true);
    }
  }

  /** The JSON a page was given at render time. */
  function pageData() {
    var island = document.getElementById("hookline-data");
    return island ? JSON.parse(island.textContent) : {};
  }

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) { el.setAttribute(k, attributes[k]); });
    if (text !== undefined && text !== null) {
      el.textContent = text;
    }
    return el;
  }

  window.Hookline = {
    timeChart: timeChart,
    xyChart: xyChart,
    barChart: barChart,
    sortable: sortable,
    pageData: pageData,
    number: number,
    element: element,
    palette: PALETTE
  };
})();
