/* IDX-7, U-4: the reform index results' ranking bars (Chart.js, vendored by `make`). The numbers come from the
   page's <script type="application/json" id="results-data">; each <canvas data-chart="NAME"> is drawn from
   data[NAME] ({labels, data}). The same numbers are in the ranking table beside it, so nothing is lost without
   JavaScript or with a screen reader. */
(function () {
  "use strict";

  function start() {
    var source = document.getElementById("results-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    Chart.defaults.animation = false;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var series = data[canvas.dataset.chart];
      if (!series) return;
      var box = canvas.parentElement;
      box.style.height = Math.max(160, series.labels.length * 26 + 60) + "px";
      box.classList.add("chart-drawn");
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: series.labels,
          datasets: [{ label: "Chỉ số CCHC (%)", data: series.data, backgroundColor: "#0d6efd" }],
        },
        options: {
          indexAxis: "y",
          responsive: true,
          maintainAspectRatio: false,
          scales: {
            x: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } },
            y: { ticks: { autoSkip: false } },
          },
          plugins: { legend: { display: false } },
        },
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
