/*
 * Autosave of the report editor (progressive enhancement: without JavaScript "Lưu báo cáo" saves
 * the page's form as before).
 *  - Each changed cell, the title and the narrative are saved in the background through
 *    PATCH /api/reports/:id with the report's version, a moment after the last keystroke.
 *  - A cell the server refuses stays as typed, marked with the server's message; the other cells
 *    and the text are saved without it.
 *  - Someone else's save in between (409): the report is read again, cells nobody else touched are
 *    saved on the new version, a cell both changed is marked with the other value and not saved.
 *  - The state is shown (saving, saved at, offline, cells not saved); leaving with unsaved
 *    changes asks first.
 */
(function () {
  'use strict';

  var DEBOUNCE_MS = 700;
  var RETRY_MS = 15000;

  var form = document.getElementById('report-save');
  if (!form || !form.hasAttribute('data-report-id') || !window.fetch) return;
  var reportId = form.getAttribute('data-report-id');
  var tools = window.teReporting;
  var stateEl = document.getElementById('autosave-state');

  /** Every field the autosave handles: cells (by their td's keys), title, narrative. */
  function fields() {
    var out = [];
    var cells = document.querySelectorAll(
      'table.grid td.cell input[form="report-save"], table.grid td.cell select[form="report-save"]',
    );
    for (var i = 0; i < cells.length; i++) {
      var td = cells[i].closest('td.cell');
      out.push({
        el: cells[i],
        key: 'cell:' + td.dataset.form + '\u0000' + td.dataset.row + '\u0000' + td.dataset.column,
        td: td,
      });
    }
    ['title', 'narrative'].forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (el) out.push({ el: el, key: name });
    });
    return out;
  }

  var all = fields();
  var byKey = {};
  /** What the server holds for each field, as the page shows it. */
  var saved = {};
  /** Fields refused by the server (kept as typed) or in conflict: not sent until edited again. */
  var held = {};
  all.forEach(function (f) {
    byKey[f.key] = f;
    saved[f.key] = f.el.value;
  });

  var timer = null;
  var inFlight = false;
  var offline = false;
  var submitting = false;
  var lastSavedAt = null;

  function pending() {
    return all.filter(function (f) {
      return f.el.value !== saved[f.key] && !held[f.key];
    });
  }
  function unsaved() {
    return all.filter(function (f) {
      return f.el.value !== saved[f.key];
    });
  }

  function show() {
    if (!stateEl) return;
    var heldCount = Object.keys(held).length;
    var text;
    var cls = 'saved';
    if (inFlight) {
      text = 'Đang lưu…';
      cls = 'saving';
    } else if (offline) {
      text = 'Mất kết nối: các thay đổi chưa được lưu, sẽ tự lưu khi có mạng.';
      cls = 'offline';
    } else if (pending().length) {
      text = 'Có thay đổi chưa lưu…';
      cls = 'saving';
    } else if (heldCount) {
      text = heldCount + ' ô chưa lưu được (xem thông báo ở ô).';
      cls = 'held';
    } else if (lastSavedAt) {
      var t = lastSavedAt;
      text =
        'Đã tự động lưu lúc ' +
        String(t.getHours()).padStart(2, '0') +
        ':' +
        String(t.getMinutes()).padStart(2, '0') +
        ':' +
        String(t.getSeconds()).padStart(2, '0') +
        '.';
    } else text = 'Các thay đổi được tự động lưu.';
    stateEl.textContent = text;
    stateEl.className = 'autosave-state autosave-' + cls;
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(flush, delay === undefined ? DEBOUNCE_MS : delay);
    show();
  }

  function versionField() {
    return form.elements.namedItem('version');
  }

  /** The new version on every form of the page (workflow buttons, uploads, the plain save). */
  function setVersion(v) {
    var inputs = document.querySelectorAll('input[name="version"]');
    for (var i = 0; i < inputs.length; i++) inputs[i].value = String(v);
  }

  function cellMessage(td, text, cls) {
    var id = td.querySelector('input, select').id + '-auto';
    var ul = document.getElementById(id);
    if (!text) {
      if (ul) ul.remove();
      td.classList.remove('has-error', 'has-conflict');
      return;
    }
    if (!ul) {
      ul = document.createElement('ul');
      ul.id = id;
      ul.className = 'cell-msg';
      td.appendChild(ul);
    }
    ul.innerHTML = '';
    var li = document.createElement('li');
    li.className = 'msg-error';
    li.textContent = text;
    ul.appendChild(li);
    td.classList.add(cls);
    td.querySelector('input, select').setAttribute('aria-describedby', id);
  }

  function body(list) {
    var out = { version: Number(versionField().value) };
    list.forEach(function (f) {
      if (f.key === 'title' || f.key === 'narrative') {
        out[f.key] = f.el.value;
        return;
      }
      var td = f.td;
      out.data = out.data || {};
      var form = (out.data[td.dataset.form] = out.data[td.dataset.form] || {});
      var row = (form[td.dataset.row] = form[td.dataset.row] || {});
      row[td.dataset.column] = f.el.value.trim() === '' ? null : f.el.value;
    });
    return out;
  }

  function request(method, payload) {
    return fetch('/api/reports/' + encodeURIComponent(reportId), {
      method: method,
      credentials: 'same-origin',
      headers: payload
        ? { 'content-type': 'application/json', 'x-csrf-token': tools.csrfToken() }
        : { accept: 'application/json' },
      body: payload ? JSON.stringify(payload) : undefined,
    });
  }

  /** A stored value as the page writes it ("1.234", "Có", text). */
  function shown(v) {
    if (v === undefined || v === null) return '';
    if (v === true) return 'Có';
    if (v === false) return 'Không';
    if (typeof v === 'number') return tools.formatNumber(v, 6);
    return String(v);
  }
  /** Two ways of writing a cell's value that mean the same ("1.234" and "1234"). */
  function same(a, b) {
    var x = tools.parseNumber(a);
    var y = tools.parseNumber(b);
    if (x !== null && y !== null) return x === y;
    return String(a).trim() === String(b).trim();
  }

  function serverValue(report, f) {
    if (f.key === 'title' || f.key === 'narrative') return report[f.key] || '';
    var d = report.data && report.data[f.td.dataset.form];
    var r = d && d[f.td.dataset.row];
    return shown(r ? r[f.td.dataset.column] : undefined);
  }

  /** Someone else saved: adopt their version, keep ours where they did not touch, mark the rest. */
  function rebase(report) {
    all.forEach(function (f) {
      var theirs = serverValue(report, f);
      if (same(theirs, saved[f.key])) return; // they did not change it
      var mine = f.el.value;
      if (mine === saved[f.key]) {
        // We did not touch it: show theirs.
        if (document.activeElement !== f.el) f.el.value = theirs;
        saved[f.key] = f.el.value;
      } else if (same(mine, theirs)) {
        saved[f.key] = mine;
      } else {
        held[f.key] = 'conflict';
        saved[f.key] = theirs;
        var msg =
          'Người khác vừa lưu "' +
          (theirs || 'trống') +
          '" cho mục này; giá trị của bạn chưa được lưu. Sửa lại để lưu giá trị của bạn.';
        if (f.td) cellMessage(f.td, msg, 'has-conflict');
        else {
          var note = document.getElementById(f.key + '-conflict');
          if (!note) {
            note = document.createElement('p');
            note.id = f.key + '-conflict';
            note.className = 'field-error';
            f.el.insertAdjacentElement('afterend', note);
          }
          note.textContent = msg;
        }
      }
    });
    setVersion(report.version);
  }

  function flush() {
    if (inFlight || submitting) return;
    var list = pending();
    if (!list.length) return show();
    inFlight = true;
    show();
    var payload = body(list);
    var sent = list.map(function (f) {
      return f.el.value;
    });
    request('PATCH', payload)
      .then(function (res) {
        return res.json().then(function (json) {
          return { status: res.status, json: json };
        });
      })
      .then(function (r) {
        offline = false;
        if (r.status === 200) {
          list.forEach(function (f, i) {
            saved[f.key] = sent[i]; // what was typed after it was sent goes next time
            if (f.td) {
              cellMessage(f.td, null);
              if (f.el.value === sent[i]) f.td.classList.remove('changed');
            }
          });
          setVersion(r.json.version);
          lastSavedAt = new Date();
        } else if (r.status === 422 && r.json.errors && r.json.errors.length) {
          // Keep the refused cells as typed and marked; the rest goes again at once.
          r.json.errors.forEach(function (e) {
            var f = byKey['cell:' + e.form + '\u0000' + e.row + '\u0000' + e.column];
            if (f) {
              held[f.key] = 'invalid';
              cellMessage(f.td, e.message, 'has-error');
            } else if (e.field && byKey[e.field]) held[e.field] = 'invalid';
          });
          if (
            !r.json.errors.some(function (e) {
              return (
                byKey['cell:' + e.form + '\u0000' + e.row + '\u0000' + e.column] || byKey[e.field]
              );
            })
          )
            throw new Error(r.json.message);
        } else if (r.status === 409 && r.json.code === 'STALE_VERSION') {
          return request('GET')
            .then(function (res) {
              return res.json();
            })
            .then(rebase);
        } else throw new Error(r.json.message || 'HTTP ' + r.status);
      })
      .catch(function (err) {
        if (err instanceof TypeError) offline = true;
        else if (stateEl) {
          inFlight = false;
          show();
          stateEl.textContent = 'Chưa lưu được: ' + err.message;
          stateEl.className = 'autosave-state autosave-held';
          return 'shown';
        }
      })
      .then(function (outcome) {
        inFlight = false;
        if (afterFlight) return afterFlight();
        if (outcome !== 'shown') show();
        if (offline) schedule(RETRY_MS);
        else if (pending().length) schedule(0);
      });
  }

  // "Lưu báo cáo" while a background save is on its way waits for it, then posts with its version.
  var afterFlight = null;
  form.addEventListener('submit', function (e) {
    clearTimeout(timer);
    if (inFlight) {
      e.preventDefault();
      afterFlight = function () {
        submitting = true;
        form.submit();
      };
    }
  });
  document.addEventListener('submit', function (e) {
    if (e.defaultPrevented) return;
    submitting = true; // the plain save, a workflow action or an upload: the page is left on purpose
  });

  function onEdit(e) {
    var f = all.filter(function (x) {
      return x.el === e.target;
    })[0];
    if (!f) return;
    if (held[f.key]) {
      delete held[f.key];
      if (f.td) cellMessage(f.td, null);
      var note = document.getElementById(f.key + '-conflict');
      if (note) note.remove();
    }
    schedule();
  }
  document.addEventListener('input', onEdit);
  document.addEventListener('change', onEdit);
  window.addEventListener('online', function () {
    offline = false;
    schedule(0);
  });
  window.addEventListener('beforeunload', function (e) {
    if (submitting || (!unsaved().length && !inFlight)) return;
    e.preventDefault();
    e.returnValue = '';
  });
  show();
})();
