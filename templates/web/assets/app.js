/* Báo cáo công tác trẻ em – a little progressive JavaScript (the pages work without it). */
(function () {
  'use strict';

  /** "332.600", "25,6", "1.080", "25.6" → number, or null (as the server reads them). */
  function parseNumber(raw) {
    var s = String(raw || '').replace(/[\s\u00a0]/g, '');
    if (s === '') return null;
    var n;
    if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) n = s.replace(/\./g, '').replace(',', '.');
    else if (/^-?\d+(,\d+)?$/.test(s)) n = s.replace(',', '.');
    else if (/^-?\d+(\.\d+)?$/.test(s)) n = s;
    else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) n = s.replace(/,/g, '');
    else return null;
    var v = Number(n);
    return isFinite(v) ? v : null;
  }

  /** 25.625 → "25,63"; 1080 → "1.080". */
  function formatNumber(v, digits) {
    var fixed = v.toFixed(digits);
    var parts = fixed.split('.');
    var sign = parts[0].charAt(0) === '-' ? '-' : '';
    var int = sign ? parts[0].slice(1) : parts[0];
    var grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    var frac = (parts[1] || '').replace(/0+$/, '');
    return sign + grouped + (frac ? ',' + frac : '');
  }

  function cellNumber(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    return parseNumber(el.tagName === 'OUTPUT' ? el.textContent : el.value);
  }

  /** Ratio cells: numerator / denominator × 100, rounded to 2 decimals, as the server computes them. */
  function recompute() {
    var outs = document.querySelectorAll('output.ratio[data-num]');
    for (var i = 0; i < outs.length; i++) {
      var o = outs[i];
      var n = cellNumber(o.getAttribute('data-num'));
      var d = cellNumber(o.getAttribute('data-den'));
      o.textContent = n === null || d === null || d === 0 ? '' : formatNumber(Math.round((n * 10000) / d) / 100, 2);
    }
  }

  function onReady() {
    // Confirmation before every workflow action (the server still checks everything).
    var forms = document.querySelectorAll('form[data-confirm]');
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener('submit', function (e) {
        var msg = this.getAttribute('data-confirm');
        if (msg && !window.confirm(msg)) e.preventDefault();
      });
    }

    // Live ratios and a mark on changed cells.
    if (document.querySelector('output.ratio[data-num]')) {
      recompute(); // after a refused save the inputs hold what the user typed, not what is stored
      document.addEventListener('input', function (e) {
        var t = e.target;
        if (t && t.form && t.form.id === 'report-save') {
          if (t.parentNode && t.parentNode.classList) t.parentNode.classList.add('changed');
          recompute();
        }
      });
    }

    // Double submissions: disable the button once a form is on its way.
    var all = document.querySelectorAll('form[method="post"]');
    for (var j = 0; j < all.length; j++) {
      all[j].addEventListener('submit', function (e) {
        if (e.defaultPrevented) return;
        var f = this;
        setTimeout(function () {
          var buttons = document.querySelectorAll('button[type="submit"]');
          for (var k = 0; k < buttons.length; k++) if (buttons[k].form === f) buttons[k].disabled = true;
        }, 0);
      });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', onReady);
  else onReady();

  window.teReporting = { parseNumber: parseNumber, formatNumber: formatNumber, csrfToken: function () {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute('content') : '';
  } };
})();
