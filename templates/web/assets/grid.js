/*
 * The form grids of the report page as a spreadsheet (progressive enhancement: without JavaScript
 * the grids are plain inputs saved with the page's form).
 *  - one form per tab, the error count on each tab;
 *  - arrows move between cells (left/right at the edge of what is typed), Enter down, Shift+Enter
 *    up, Tab right, Home/End to the row's first/last cell; moving selects the cell's content;
 *  - a rectangular block pasted from Excel, LibreOffice or Google Sheets (tab-separated lines) fills
 *    the cells from the focused one, computed cells skipped; Ctrl+Z undoes the paste;
 *  - Shift+arrows select a block, Ctrl+C copies it out as tab-separated lines.
 */
(function () {
  'use strict';

  /** The grid as rows of cells (td), each cell with its editable element, or null (computed, text). */
  function matrix(table) {
    var out = [];
    var trs = table.tBodies[0] ? table.tBodies[0].rows : [];
    for (var i = 0; i < trs.length; i++) {
      var tds = trs[i].querySelectorAll('td.cell');
      if (!tds.length) continue; // section and heading rows hold no cells
      var row = [];
      for (var j = 0; j < tds.length; j++) row.push(tds[j]);
      out.push(row);
    }
    return out;
  }

  function editable(td) {
    return td ? td.querySelector('input, select') : null;
  }

  /** Where a cell sits in its grid: {table, m, r, c}. */
  function locate(td) {
    var table = td.closest('table.grid');
    var m = matrix(table);
    for (var r = 0; r < m.length; r++) {
      var c = m[r].indexOf(td);
      if (c >= 0) return { table: table, m: m, r: r, c: c };
    }
    return null;
  }

  function focusCell(td) {
    var el = editable(td);
    if (!el) return false;
    el.focus();
    if (el.select) el.select();
    return true;
  }

  /** The next editable cell from (r, c) going (dr, dc), or null at the edge. */
  function step(m, r, c, dr, dc) {
    for (;;) {
      r += dr;
      c += dc;
      if (r < 0 || r >= m.length || c < 0 || c >= m[r].length) return null;
      if (editable(m[r][c])) return m[r][c];
    }
  }

  function textOf(td) {
    var el = editable(td);
    if (el) return el.value;
    var out = td.querySelector('output, .value');
    return out ? out.textContent.trim() : '';
  }

  /** Sets a cell as a user would: the page's own listeners (changed mark, live totals) see an input event. */
  function setCell(el, value) {
    if (el.tagName === 'SELECT') {
      var v = /^(có|co|x|yes|true|1)$/i.test(value)
        ? 'Có'
        : /^(không|khong|no|false|0)$/i.test(value)
          ? 'Không'
          : value;
      for (var i = 0; i < el.options.length; i++) {
        if (el.options[i].value === v) {
          el.value = v;
          break;
        }
      }
    } else el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }

  /** "a\tb\r\nc\td\n" → [["a","b"],["c","d"]] (a trailing line break ends the last row). */
  function parseBlock(text) {
    var lines = String(text).replace(/\r\n?/g, '\n').split('\n');
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    return lines.map(function (l) {
      return l.split('\t').map(function (v) {
        return v.trim();
      });
    });
  }

  var undoStack = [];
  var selection = null; // {table, r0, c0, r1, c1}

  function clearSelection() {
    var marked = document.querySelectorAll('td.cell.in-block');
    for (var i = 0; i < marked.length; i++) marked[i].classList.remove('in-block');
    selection = null;
  }

  function showSelection(m) {
    var marked = document.querySelectorAll('td.cell.in-block');
    for (var i = 0; i < marked.length; i++) marked[i].classList.remove('in-block');
    var s = selection;
    for (var r = Math.min(s.r0, s.r1); r <= Math.max(s.r0, s.r1); r++)
      for (var c = Math.min(s.c0, s.c1); c <= Math.max(s.c0, s.c1); c++)
        if (m[r] && m[r][c]) m[r][c].classList.add('in-block');
  }

  function onKeyDown(e) {
    var el = e.target;
    var td = el.closest && el.closest('table.grid td.cell');
    if (!td) return;
    var at = locate(td);
    if (!at) return;
    var key = e.key;
    var text = el.tagName === 'INPUT';
    var numeric = text && el.classList.contains('num');
    if ((e.ctrlKey || e.metaKey) && (key === 'z' || key === 'Z') && undoStack.length) {
      var last = undoStack[undoStack.length - 1];
      // Undo the paste only while its values are untouched; otherwise the browser's own undo.
      var untouched = last.every(function (u) {
        return u.el.value === u.pasted;
      });
      if (untouched) {
        e.preventDefault();
        undoStack.pop();
        last.forEach(function (u) {
          setCell(u.el, u.before);
        });
        return;
      }
    }
    if ((e.ctrlKey || e.metaKey) && (key === 'c' || key === 'C') && selection) return; // see onCopy
    var moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[key] && e.shiftKey) {
      e.preventDefault();
      if (!selection || selection.table !== at.table)
        selection = { table: at.table, r0: at.r, c0: at.c, r1: at.r, c1: at.c };
      var r1 = Math.max(0, Math.min(at.m.length - 1, selection.r1 + moves[key][0]));
      var c1 = Math.max(0, selection.c1 + moves[key][1]);
      if (at.m[r1] && c1 < at.m[r1].length) {
        selection.r1 = r1;
        selection.c1 = c1;
      }
      showSelection(at.m);
      return;
    }
    if (key === 'Shift' || key === 'Control' || key === 'Meta') return;
    clearSelection();
    var target;
    if (key === 'Enter') {
      target = step(at.m, at.r, at.c, e.shiftKey ? -1 : 1, 0);
      e.preventDefault(); // never submits the page from a cell
      if (!target) return;
    } else if (key === 'ArrowUp' || key === 'ArrowDown') {
      if (el.tagName === 'SELECT' && e.altKey) return; // opens the list
      target = step(at.m, at.r, at.c, key === 'ArrowUp' ? -1 : 1, 0);
    } else if (key === 'ArrowLeft' || key === 'ArrowRight') {
      // Inside typed text the caret moves first; at its edge the next cell.
      if (text) {
        var atStart = el.selectionStart === 0 && el.selectionEnd === 0;
        var atEnd = el.selectionStart === el.value.length && el.selectionEnd === el.value.length;
        var all = el.selectionStart === 0 && el.selectionEnd === el.value.length;
        if (key === 'ArrowLeft' && !atStart && !all) return;
        if (key === 'ArrowRight' && !atEnd && !all) return;
      }
      target = step(at.m, at.r, at.c, 0, key === 'ArrowLeft' ? -1 : 1);
    } else if ((key === 'Home' || key === 'End') && (numeric || !text || e.ctrlKey)) {
      var row = at.m[at.r];
      target = key === 'Home' ? step(at.m, at.r, -1, 0, 1) : step(at.m, at.r, row.length, 0, -1);
    } else return;
    if (target) {
      e.preventDefault();
      focusCell(target);
    } else if (key !== 'Enter' && (key === 'ArrowUp' || key === 'ArrowDown')) e.preventDefault();
  }

  function onPaste(e) {
    var el = e.target;
    var td = el.closest && el.closest('table.grid td.cell');
    if (!td || !e.clipboardData) return;
    var raw = e.clipboardData.getData('text/plain');
    if (!/[\t\n\r]/.test(raw.replace(/[\r\n]+$/, ''))) return; // one value: the browser pastes it
    e.preventDefault();
    var at = locate(td);
    var block = parseBlock(raw);
    var done = [];
    for (var i = 0; i < block.length; i++) {
      var row = at.m[at.r + i];
      if (!row) break;
      for (var j = 0; j < block[i].length; j++) {
        var cell = row[at.c + j];
        var target = editable(cell);
        if (!target) continue; // computed or printed cells keep their value
        var before = target.value;
        setCell(target, block[i][j]);
        done.push({ el: target, before: before, pasted: target.value });
      }
    }
    if (done.length) undoStack.push(done);
    var status = document.getElementById('grid-status');
    if (status)
      status.textContent =
        'Đã dán ' + done.length + ' ô (' + block.length + ' dòng). Nhấn Ctrl+Z để hoàn tác.';
  }

  function onCopy(e) {
    if (!selection || !e.clipboardData) return;
    var m = matrix(selection.table);
    var lines = [];
    for (
      var r = Math.min(selection.r0, selection.r1);
      r <= Math.max(selection.r0, selection.r1);
      r++
    ) {
      var cells = [];
      for (
        var c = Math.min(selection.c0, selection.c1);
        c <= Math.max(selection.c0, selection.c1);
        c++
      )
        cells.push(m[r] && m[r][c] ? textOf(m[r][c]) : '');
      lines.push(cells.join('\t'));
    }
    e.preventDefault();
    e.clipboardData.setData('text/plain', lines.join('\n'));
  }

  /** One form per tab: the table of contents' form links become tabs; the hash keeps the choice. */
  function tabs() {
    var sections = document.querySelectorAll('section.form-section');
    var links = document.querySelectorAll('nav.toc a.form-tab');
    if (sections.length < 2 || links.length !== sections.length) return;
    function show(id, focus) {
      for (var i = 0; i < sections.length; i++) {
        var on = sections[i].id === id;
        sections[i].hidden = !on;
        links[i].setAttribute('aria-selected', on ? 'true' : 'false');
        links[i].classList.toggle('active', on);
      }
      if (focus) document.getElementById(id).scrollIntoView({ block: 'start' });
    }
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute('role', 'tab');
      links[i].addEventListener('click', function (e) {
        e.preventDefault();
        var id = this.getAttribute('href').slice(1);
        history.replaceState(null, '', '#' + id);
        show(id, true);
      });
    }
    // A link to a cell (from the checks list) opens its form's tab.
    document.addEventListener('click', function (e) {
      var a = e.target.closest && e.target.closest('a[href^="#"]');
      if (!a || a.classList.contains('form-tab')) return;
      var t = document.getElementById(a.getAttribute('href').slice(1));
      var s = t && t.closest('section.form-section');
      if (s && s.hidden) show(s.id, false);
    });
    var hash = location.hash.slice(1);
    var first = sections[0].id;
    var target = hash && document.getElementById(hash);
    var within = target && target.closest('section.form-section');
    show(within ? within.id : first, false);
  }

  function onReady() {
    if (!document.querySelector('table.grid')) return;
    tabs();
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('paste', onPaste);
    document.addEventListener('copy', onCopy);
    document.addEventListener('focusin', function (e) {
      if (!(e.target.closest && e.target.closest('table.grid'))) clearSelection();
    });
    // When the grids became usable, in ms from the start of the navigation (npm run bench).
    document.documentElement.setAttribute('data-grid-ready', String(Math.round(performance.now())));
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', onReady);
  else onReady();
})();
