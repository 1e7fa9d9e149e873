/* TRK-6, U-4: the dashboards' charts (Chart.js, from the npm registry, vendored by `make`). The numbers come from
   the page's <script type="application/json" id="dashboard-data"> (Django's json_script); each <canvas
   data-chart="NAME"> is drawn from data[NAME]. Each chart's numbers are also in a table on the page, so without
   JavaScript (or with a screen reader) nothing is lost. Charts resize with their box (phones included). */
(function () {
  "use strict";

  var FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" };

  function rowsHeight(box, perRow, extra, min) {
    var rows = parseInt(box.dataset.rows || "1", 10);
    box.style.height = Math.max(min, rows * perRow + extra) + "px";
  }

  // Long names wrap onto lines (at most three) rather than squeezing the bars; narrower on a phone.
  var WRAP = 28;

  function shortLabel(label) {
    var lines = [];
    var rest = label;
    while (rest.length > WRAP && lines.length < 2) {
      var cut = rest.lastIndexOf(" ", WRAP);
      if (cut < WRAP / 3) cut = WRAP;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut).trim();
    }
    lines.push(rest.length > WRAP ? rest.slice(0, WRAP - 1) + "…" : rest);
    return lines.length === 1 ? lines[0] : lines;
  }

  var builders = {
    areas: function (data, box) {
      rowsHeight(box, WRAP < 20 ? 52 : 48, 90, 220);
      return {
        type: "bar",
        data: {
          labels: data.labels.map(shortLabel),
          datasets: data.series.map(function (s) {
            return { label: s.label, data: s.data, backgroundColor: s.color };
          }),
        },
        options: {
          indexAxis: "y",
          scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true, ticks: { autoSkip: false } } },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        },
      };
    },
    overdue: function (data, box) {
      rowsHeight(box, WRAP < 20 ? 44 : 34, 40, 160);
      return {
        type: "bar",
        data: {
          labels: data.labels.map(shortLabel),
          datasets: [{ label: "Nhiệm vụ quá hạn", data: data.data, backgroundColor: data.color }],
        },
        options: {
          indexAxis: "y",
          scales: { x: { ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
          plugins: { legend: { display: false } },
        },
      };
    },
    targets: function (data) {
      return {
        type: "doughnut",
        data: { labels: data.labels, datasets: [{ data: data.data, backgroundColor: data.colors }] },
        options: { plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } } },
      };
    },
    statuses: function (data) {
      return {
        type: "doughnut",
        data: { labels: data.labels, datasets: [{ data: data.data, backgroundColor: data.colors }] },
        options: { plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } } },
      };
    },
    reports: function (data, box) {
      rowsHeight(box, 34, 50, 160);
      return {
        type: "bar",
        data: {
          labels: data.labels.map(shortLabel),
          datasets: [{ label: "Tỷ lệ đã nộp (%)", data: data.data, backgroundColor: "#0d6efd" }],
        },
        options: {
          indexAxis: "y",
          scales: {
            x: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } },
            y: { ticks: { autoSkip: false } },
          },
          plugins: { legend: { display: false } },
        },
      };
    },
  };

  function start() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    Chart.defaults.font.family = FONT.family;
    Chart.defaults.animation = false;
    if (window.matchMedia("(max-width: 575.98px)").matches) {
      WRAP = 16;
      Chart.defaults.font.size = 11;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var name = canvas.dataset.chart;
      if (!builders[name] || !data[name]) return;
      var box = canvas.parentElement;
      box.classList.add("chart-drawn"); // shown from now on (CSS): Chart.js sizes the chart from its box
      var config = builders[name](data[name], box);
      config.options.responsive = true;
      config.options.maintainAspectRatio = false;
      new Chart(canvas, config);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
