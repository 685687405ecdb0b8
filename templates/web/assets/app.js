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

  /**
   * Computed cells as the server computes them: totals (sums of rows first, then totals across
   * columns, blank while no part holds a number), then ratios (numerator / denominator × 100,
   * rounded to 2 decimals).
   */
  function recompute() {
    for (var pass = 1; pass <= 2; pass++) {
      var sums = document.querySelectorAll('output.sum[data-pass="' + pass + '"]');
      for (var s = 0; s < sums.length; s++) {
        var ids = sums[s].getAttribute('data-parts').split(' ');
        var total = null;
        for (var p = 0; p < ids.length; p++) {
          var v = cellNumber(ids[p]);
          if (v !== null) total = (total === null ? 0 : total) + v;
        }
        sums[s].textContent = total === null ? '' : formatNumber(Math.round(total * 1e6) / 1e6, 6);
      }
    }
    var outs = document.querySelectorAll('output.ratio[data-num]');
    for (var i = 0; i < outs.length; i++) {
      var o = outs[i];
      var n = cellNumber(o.getAttribute('data-num'));
      var d = cellNumber(o.getAttribute('data-den'));
      o.textContent =
        n === null || d === null || d === 0
          ? ''
          : formatNumber(Math.round((n * 10000) / d) / 100, 2);
    }
  }

  /**
   * A confirmation in the page's own style (a modal <dialog>, not the browser's): `then(true)` on
   * "Đồng ý", `then(false)` on "Hủy", Esc or a click outside.
   */
  function confirmInPage(message, then) {
    var d = document.createElement('dialog');
    d.className = 'confirm-dialog';
    d.setAttribute('aria-label', 'Xác nhận');
    var p = document.createElement('p');
    p.className = 'confirm-message';
    p.textContent = message;
    var bar = document.createElement('div');
    bar.className = 'confirm-actions';
    var yes = document.createElement('button');
    yes.type = 'button';
    yes.className = 'primary confirm-yes';
    yes.textContent = 'Đồng ý';
    var no = document.createElement('button');
    no.type = 'button';
    no.className = 'confirm-no';
    no.textContent = 'Hủy';
    bar.appendChild(yes);
    bar.appendChild(no);
    d.appendChild(p);
    d.appendChild(bar);
    document.body.appendChild(d);
    var answered = false;
    function answer(ok) {
      if (answered) return;
      answered = true;
      d.close();
      d.remove();
      then(ok);
    }
    yes.addEventListener('click', function () {
      answer(true);
    });
    no.addEventListener('click', function () {
      answer(false);
    });
    d.addEventListener('cancel', function (e) {
      e.preventDefault();
      answer(false);
    });
    d.addEventListener('click', function (e) {
      if (e.target === d) answer(false); // the backdrop
    });
    d.showModal();
    yes.focus();
  }

  function onReady() {
    // A page answering a refused POST (…/events, …/xlsx) shows its own address instead.
    var canonical = document.body.getAttribute('data-canonical-url');
    if (canonical && location.pathname !== canonical && window.history.replaceState)
      window.history.replaceState(null, '', canonical + location.hash);

    // Confirmation before every workflow action, in the page (the server still checks everything).
    var forms = document.querySelectorAll('form[data-confirm]');
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener('submit', function (e) {
        var form = this;
        var msg = form.getAttribute('data-confirm');
        if (!msg || form.getAttribute('data-confirmed') === '1') return;
        e.preventDefault();
        var submitter = e.submitter;
        confirmInPage(msg, function (ok) {
          if (!ok) return;
          form.setAttribute('data-confirmed', '1');
          if (form.requestSubmit) form.requestSubmit(submitter || undefined);
          else form.submit();
          form.removeAttribute('data-confirmed');
        });
      });
    }

    // Live ratios and a mark on changed cells.
    if (document.querySelector('output.ratio[data-num], output.sum[data-parts]')) {
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
          for (var k = 0; k < buttons.length; k++)
            if (buttons[k].form === f) buttons[k].disabled = true;
        }, 0);
      });
    }
  }

  /** The form designer: row tools (move, remove, add) and a live preview of the annex and the grid. */
  function designer(form) {
    var state = document.getElementById('preview-state');
    var hidden = form.querySelectorAll('.no-js-only');
    for (var i = 0; i < hidden.length; i++) hidden[i].hidden = true;

    function preview() {
      var action = form.getAttribute('action');
      var targets = [
        ['/admin/forms/design/preview/annex', 'annex-preview'],
        ['/admin/forms/design/preview/grid', 'grid-preview'],
      ];
      for (var k = 0; k < targets.length; k++) {
        form.setAttribute('action', targets[k][0]);
        form.setAttribute('target', targets[k][1]);
        form.submit();
      }
      form.setAttribute('action', action);
      form.removeAttribute('target');
      if (state) state.textContent = 'Đã cập nhật bản xem trước.';
    }
    var timer = null;
    function schedule() {
      if (state) state.textContent = 'Đang cập nhật bản xem trước…';
      clearTimeout(timer);
      timer = setTimeout(preview, 600);
    }

    function button(text, label, onClick) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = text;
      b.setAttribute('aria-label', label);
      b.title = label;
      b.addEventListener('click', onClick);
      return b;
    }
    function blankCopy(tr) {
      var copy = tr.cloneNode(true);
      var fields = copy.querySelectorAll('input, select');
      for (var j = 0; j < fields.length; j++) {
        if (fields[j].tagName === 'SELECT') fields[j].selectedIndex = 0;
        else fields[j].value = '';
      }
      var tools = copy.querySelector('.row-tools');
      if (tools) tools.innerHTML = '';
      return copy;
    }
    function addTools(tr) {
      var cell = tr.querySelector('.row-tools');
      if (!cell) return;
      cell.appendChild(
        button('↑', 'Chuyển lên', function () {
          if (tr.previousElementSibling) tr.parentNode.insertBefore(tr, tr.previousElementSibling);
          schedule();
        }),
      );
      cell.appendChild(
        button('↓', 'Chuyển xuống', function () {
          if (tr.nextElementSibling) tr.parentNode.insertBefore(tr.nextElementSibling, tr);
          schedule();
        }),
      );
      cell.appendChild(
        button('+', 'Chèn dòng trống bên dưới', function () {
          var copy = blankCopy(tr);
          tr.parentNode.insertBefore(copy, tr.nextElementSibling);
          addTools(copy);
        }),
      );
      cell.appendChild(
        button('✕', 'Xóa', function () {
          var body = tr.parentNode;
          if (body.children.length > 1) body.removeChild(tr);
          else {
            var blank = blankCopy(tr);
            body.replaceChild(blank, tr);
            addTools(blank);
          }
          schedule();
        }),
      );
    }
    var tables = ['columns-table', 'rows-table', 'rules-table'];
    for (var t = 0; t < tables.length; t++) {
      var table = document.getElementById(tables[t]);
      if (!table) continue;
      var trs = table.tBodies[0].rows;
      for (var r = 0; r < trs.length; r++) addTools(trs[r]);
      (function (tbl) {
        var add = button('Thêm dòng', 'Thêm một dòng trống ở cuối bảng', function () {
          var rows = tbl.tBodies[0].rows;
          var copy = blankCopy(rows[rows.length - 1]);
          tbl.tBodies[0].appendChild(copy);
          addTools(copy);
          var first = copy.querySelector('input');
          if (first) first.focus();
        });
        add.className = 'add-row';
        tbl.parentNode.parentNode.appendChild(add);
      })(table);
    }
    form.addEventListener('input', schedule);
    form.addEventListener('change', schedule);
    var publish = form.querySelector('[data-confirm-publish]');
    if (publish) {
      publish.addEventListener('click', function (e) {
        if (publish.getAttribute('data-confirmed') === '1') return;
        e.preventDefault();
        confirmInPage(publish.getAttribute('data-confirm-publish'), function (ok) {
          if (!ok) return;
          publish.setAttribute('data-confirmed', '1');
          publish.click();
          publish.removeAttribute('data-confirmed');
        });
      });
    }
    preview();
  }

  function onDesigner() {
    var form = document.getElementById('designer');
    if (form) designer(form);
  }

  /**
   * A consolidated draft: the lower units' narratives compiled per section go into the narrative
   * editor. What the officer wrote (anything but the untouched outline) is replaced only if they
   * confirm; nothing is saved until they press "Lưu báo cáo".
   */
  function onCompiledNarrative() {
    var button = document.getElementById('compiled-fill');
    var editor = document.getElementById('narrative');
    var source = document.getElementById('compiled-text');
    var box = document.getElementById('compiled-narrative');
    if (!button || !editor || !source || !box) return;
    var status = document.getElementById('compiled-status');
    function norm(s) {
      return String(s || '')
        .replace(/\r\n?/g, '\n')
        .trim();
    }
    function fill() {
      editor.value = source.value;
      editor.dispatchEvent(new Event('input', { bubbles: true }));
      editor.focus();
      editor.setSelectionRange(0, 0);
      editor.scrollTop = 0;
      if (status)
        status.textContent =
          'Đã đưa nội dung tổng hợp vào ô nội dung. Hãy sửa lại rồi bấm "Lưu báo cáo".';
    }
    button.addEventListener('click', function () {
      var current = norm(editor.value);
      var untouched =
        current === '' ||
        current === norm(box.getAttribute('data-untouched')) ||
        current === norm(source.value);
      if (untouched) return fill();
      confirmInPage(
        'Ô nội dung đã có phần bạn soạn. Thay toàn bộ bằng nội dung tổng hợp từ báo cáo của đơn vị cấp dưới? Phần đang có sẽ mất khi bạn lưu.',
        function (ok) {
          if (ok) return fill();
          if (status)
            status.textContent = 'Đã giữ nguyên ô nội dung. Bạn có thể sao chép từng phần ở trên.';
        },
      );
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', onReady);
    document.addEventListener('DOMContentLoaded', onDesigner);
    document.addEventListener('DOMContentLoaded', onCompiledNarrative);
  } else {
    onReady();
    onDesigner();
    onCompiledNarrative();
  }

  window.teReporting = {
    confirmInPage: confirmInPage,
    parseNumber: parseNumber,
    formatNumber: formatNumber,
    csrfToken: function () {
      var m = document.querySelector('meta[name="csrf-token"]');
      return m ? m.getAttribute('content') : '';
    },
  };
})();
