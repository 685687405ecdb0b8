/* global Chart */
// The dashboard's charts (Chart.js, loaded before this file). Each canvas[data-chart] holds its
// chart as JSON written by the server: {type, labels, datasets: [{label, data, color}], stacked,
// yTitle, integer}. The same numbers are in the table beside it; a null is a gap, never a zero.
(function () {
  'use strict';
  if (typeof Chart === 'undefined') return;

  function formatNumber(v) {
    if (typeof v !== 'number') return '';
    return v.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
  }

  /** A unit's name on an axis without "Ủy ban nhân dân" (the table beside the chart has it in full). */
  function shortName(label) {
    return String(label).replace(/^(Ủy ban nhân dân|UBND)\s+/i, '');
  }

  var charts = [];
  var canvases = document.querySelectorAll('canvas[data-chart]');
  for (var i = 0; i < canvases.length; i++) {
    var canvas = canvases[i];
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute('data-chart') || '{}');
    } catch {
      continue;
    }
    var line = spec.type === 'line';
    charts.push(
      new Chart(canvas, {
        type: line ? 'line' : 'bar',
        data: {
          labels: spec.labels || [],
          datasets: (spec.datasets || []).map(function (d) {
            return {
              label: d.label,
              data: d.data,
              backgroundColor: d.color,
              borderColor: d.color,
              spanGaps: false,
              tension: 0,
              pointRadius: line ? 4 : undefined,
            };
          }),
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          locale: 'vi-VN',
          plugins: {
            legend: { display: (spec.datasets || []).length > 1, position: 'bottom' },
            tooltip: {
              callbacks: {
                label: function (ctx) {
                  return ctx.dataset.label + ': ' + formatNumber(ctx.parsed.y);
                },
              },
            },
          },
          scales: {
            x: {
              stacked: !!spec.stacked,
              ticks: {
                callback: function (value) {
                  return shortName(this.getLabelForValue(value));
                },
              },
            },
            y: {
              stacked: !!spec.stacked,
              beginAtZero: true,
              title: { display: !!spec.yTitle, text: spec.yTitle || '' },
              ticks: spec.integer ? { precision: 0 } : {},
            },
          },
        },
      }),
    );
  }

  // Printing: the canvas was drawn at the screen's size; redraw each chart at its size on paper
  // (16 cm × 6.5 cm at 96 px/in, the print stylesheet's .chart-wrap), and back afterwards.
  var PRINT_WIDTH = Math.round((16 / 2.54) * 96);
  var PRINT_HEIGHT = Math.round((6.5 / 2.54) * 96);
  function toPaper() {
    for (var k = 0; k < charts.length; k++) charts[k].resize(PRINT_WIDTH, PRINT_HEIGHT);
  }
  function toScreen() {
    for (var k = 0; k < charts.length; k++) charts[k].resize();
  }
  window.addEventListener('beforeprint', toPaper);
  window.addEventListener('afterprint', toScreen);
  if (window.matchMedia) {
    var media = window.matchMedia('print');
    var onChange = function (e) {
      if (e.matches) toPaper();
      else toScreen();
    };
    if (media.addEventListener) media.addEventListener('change', onChange);
    else if (media.addListener) media.addListener(onChange);
  }
})();
