/* global Chart */
// The indicator page's line chart (Chart.js, loaded before this file): the series is in the
// canvas's data-series attribute, written by the server; a period that cannot be compared is a gap.
(function () {
  var canvas = document.getElementById('indicator-chart');
  if (!canvas || typeof Chart === 'undefined') return;
  var series = JSON.parse(canvas.getAttribute('data-series') || '[]');
  new Chart(canvas, {
    type: 'line',
    data: {
      labels: series.map(function (p) { return p.label; }),
      datasets: [
        {
          label: 'Số liệu',
          data: series.map(function (p) { return p.value; }),
          borderColor: '#1f5fa8',
          backgroundColor: '#1f5fa8',
          spanGaps: false,
          tension: 0,
          yAxisID: 'y',
        },
        {
          label: 'Toàn tỉnh',
          data: series.map(function (p) { return p.province; }),
          borderColor: '#b45309',
          backgroundColor: '#b45309',
          borderDash: [6, 4],
          spanGaps: false,
          tension: 0,
          yAxisID: 'province',
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      locale: 'vi-VN',
      plugins: { legend: { display: true } },
      scales: {
        y: { beginAtZero: true, title: { display: true, text: 'Đơn vị' } },
        province: {
          beginAtZero: true,
          position: 'right',
          grid: { drawOnChartArea: false },
          title: { display: true, text: 'Toàn tỉnh' },
        },
      },
    },
  });
})();
