/**
 * The narrative of a report or plan, typed by people in a small Markdown-like subset, as safe HTML
 * laid out the way Nghị định 30/2020 documents are written:
 *
 *   "I. TITLE"        → <h2 class="sec">   (Roman numerals I … XX)
 *   "1. Item", "2.3. Item" → <h3 class="item"> when the line stands alone (a blank line or another
 *                        block follows) and is short (at most HEADING_MAX characters, not ending in
 *                        "." or ";"); otherwise it is a paragraph starting with its number,
 *                        <p class="numbered">, continued by the lines after it
 *   "a) Sub-item"     → <h4 class="sub">   (one lowercase letter, đ included), by the same rule
 *   "# 1. Item"       → a heading whatever its length: "# " marks a heading where the numbering
 *                        alone is ambiguous (its level from its number: I. → sec, 1. → item,
 *                        a) → sub, none → item)
 *   "- text", "+ text" → <p class="dash">- text</p> / <p class="plus">+ text</p>: ND30 documents keep the
 *                        dash as typed, as an indented paragraph, not as an HTML bullet list
 *   other lines       → <p>; consecutive lines join into one paragraph (with a space), a blank line
 *                        ends it; a plain line right after a "-"/"+" line continues that item; a
 *                        line ending in "\" ends with a line break inside its paragraph
 *   "| a | b |" lines → a small table, one row per line, cells split at "|" ("\|" is a literal bar);
 *                        a line of dashes ("|---|---|") after the first row makes it the header row
 *   "[1]: text"       → a footnote: taken out of the flow and printed after the text, in a
 *                        <div class="footnotes">; "[1]" in the text becomes a superscript 1 where
 *                        such a note exists (and stays as typed where none does)
 *   inline            → **bold**, *italic*, _italic_ (italic may sit inside bold)
 *
 * There is no raw HTML, no entity, no link and no image: every character typed is escaped, so
 * `<script>` or `&amp;` shows up as typed.
 */
export function renderNarrative(src: string): string {
  return narrativeBlocks(src).join('\n');
}

/** The narrative's blocks (headings, paragraphs), each as safe HTML: see renderNarrative. */
export function narrativeBlocks(src: string): string[] {
  const out: string[] = [];
  let para: { cls: string | null; parts: string[] } | null = null;
  const allLines = (src ?? '').split(/\r\n|\r|\n/).map((l) => l.trim());
  // Footnotes first: their lines leave the flow (a blank line in their place ends a paragraph).
  const notes = new Map<string, string>();
  const lines = allLines.map((l) => {
    const m = FOOTNOTE_DEFINITION.exec(l);
    if (!m || notes.has(m[1])) return l;
    notes.set(m[1], m[2]);
    return '';
  });
  const inline = (text: string) => withNoteRefs(inlineFormat(text), notes);
  const heading = (kind: 'sec' | 'item' | 'sub', text: string) => {
    const tag = { sec: 'h2', item: 'h3', sub: 'h4' }[kind];
    return `<${tag} class="${kind}">${inline(text)}</${tag}>`;
  };

  const flush = (): void => {
    if (!para) return;
    // A part ending in "\" ends with a line break; the others join with a space.
    const joined = para.parts
      .map((p, i) =>
        i === para!.parts.length - 1
          ? p.replace(/\\$/, '').trimEnd()
          : /\\$/.test(p)
            ? p.slice(0, -1).trimEnd() + '\n'
            : p + ' ',
      )
      .join('');
    const text = inline(joined).replace(/\n/g, '<br>');
    out.push(para.cls ? `<p class="${para.cls}">${text}</p>` : `<p>${text}</p>`);
    para = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) {
      flush();
      continue;
    }
    if (line.startsWith('|')) {
      flush();
      const rows: string[] = [];
      while (i < lines.length && lines[i].startsWith('|')) rows.push(lines[i++]);
      i--;
      out.push(table(rows, inline));
      continue;
    }
    const marked = /^#\s+(\S.*)$/.exec(line);
    if (marked) {
      flush();
      const kind = blockOf(marked[1]);
      out.push(heading(kind === 'sec' || kind === 'sub' ? kind : 'item', marked[1]));
      continue;
    }
    const kind = blockOf(line);
    if (kind === 'sec') {
      flush();
      out.push(heading('sec', line));
      continue;
    }
    if (kind === 'item' || kind === 'sub') {
      flush();
      // A heading only when it stands alone and is short; else body text starting with its number.
      const next = lines[i + 1] ?? '';
      const alone = next === '' || blockOf(next) !== null || /^#\s/.test(next);
      if (alone && isShortHeading(line)) out.push(heading(kind, line));
      else para = { cls: 'numbered', parts: [line] };
      continue;
    }
    if (kind === 'dash' || kind === 'plus') {
      flush();
      para = { cls: kind, parts: [line] };
      continue;
    }
    if (para) para.parts.push(line);
    else para = { cls: null, parts: [line] };
  }
  flush();
  if (notes.size) {
    const items = [...notes].map(
      ([n, text]) => `<p id="fn-${n}"><sup>${n}</sup> ${inlineFormat(text)}</p>`,
    );
    out.push(`<div class="footnotes">${items.join('')}</div>`);
  }
  return out;
}

/** "[1]: Theo số liệu của Công an tỉnh." at the start of a line: footnote 1 (1–99). */
const FOOTNOTE_DEFINITION = /^\[([1-9]\d?)\]:\s+(\S.*)$/;

/** "[1]" in escaped HTML → a superscript reference, where footnote 1 exists. */
function withNoteRefs(html: string, notes: Map<string, string>): string {
  if (!notes.size) return html;
  return html.replace(/\[([1-9]\d?)\]/g, (m, n: string) =>
    notes.has(n) ? `<sup class="fnref">${n}</sup>` : m,
  );
}

/** The most columns a narrative table may have. */
const TABLE_MAX_COLUMNS = 20;

/** "| a | b |" lines as a table: "\|" is a bar inside a cell; a row of dashes makes the row above it the header. */
function table(rows: string[], inline: (text: string) => string): string {
  const cells = (line: string) =>
    line
      .replace(/^\|/, '')
      .replace(/(?<!\\)\|$/, '')
      .split(/(?<!\\)\|/)
      .slice(0, TABLE_MAX_COLUMNS)
      .map((c) => c.replace(/\\\|/g, '|').trim());
  const isRule = (line: string) => cells(line).every((c) => /^:?-{2,}:?$/.test(c));
  const header = rows.length > 1 && isRule(rows[1]) ? cells(rows[0]) : null;
  const body = rows
    .slice(header ? 2 : 0)
    .filter((r) => !isRule(r))
    .map(cells);
  const width = Math.max(header?.length ?? 0, ...body.map((r) => r.length));
  const pad = (r: string[]) => [...r, ...Array<string>(width - r.length).fill('')];
  const tr = (r: string[], tag: 'th' | 'td') =>
    `<tr>${pad(r)
      .map(
        (c) => `<${tag}${/^[-+]?[\d.,]+%?$/.test(c) ? ' class="num"' : ''}>${inline(c)}</${tag}>`,
      )
      .join('')}</tr>`;
  return (
    '<table class="narrative-table">' +
    (header ? `<thead>${tr(header, 'th')}</thead>` : '') +
    `<tbody>${body.map((r) => tr(r, 'td')).join('')}</tbody></table>`
  );
}

/** The longest numbered line still taken for a heading. */
export const HEADING_MAX = 100;

const isShortHeading = (line: string) => line.length <= HEADING_MAX && !/[.;]$/.test(line);

type Block = 'sec' | 'item' | 'sub' | 'dash' | 'plus';

/** What a line starts, by its first characters; null for a plain line. */
function blockOf(line: string): Block | null {
  const roman = /^([IVX]+)\.\s+\S/.exec(line);
  if (roman && ROMANS.has(roman[1])) return 'sec';
  if (/^\d+(?:\.\d+)*\.\s+\S/.test(line)) return 'item';
  if (/^[a-zđ]\)\s+\S/.test(line)) return 'sub';
  const bullet = /^([-+–])\s+\S/.exec(line);
  if (bullet) return bullet[1] === '+' ? 'plus' : 'dash';
  return null;
}

const ROMANS = new Set(
  ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X']
    .flatMap((r) => [r, `X${r}`])
    .concat('XX'),
);

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** HTML-escapes every character that could start markup or an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

/**
 * Inline emphasis on one already-joined paragraph. The text is escaped first (escaping never
 * produces "*" or "_"), so the only tags in the result are the ones added here. Bold is split out
 * first and italic applied inside and outside it separately, so tags always nest properly.
 */
function inlineFormat(text: string): string {
  return subSup(emphasis(text));
}

/**
 * Subscript and superscript digits (VX₂, m²) as <sub>/<sup> of ordinary digits: the shipped font has
 * no glyphs for U+2070–U+2089, and Chromium would draw them from a font of the machine.
 */
function subSup(html: string): string {
  return html
    .replace(
      /[\u2080-\u2089]+/g,
      (m) => `<sub>${[...m].map((c) => c.charCodeAt(0) - 0x2080).join('')}</sub>`,
    )
    .replace(
      /[\u2070\u2074-\u2079]+/g,
      (m) =>
        `<sup>${[...m].map((c) => (c === '\u2070' ? 0 : c.charCodeAt(0) - 0x2070)).join('')}</sup>`,
    );
}

/**
 * A label of a form (a column or row label, an annex title or note) in the inline subset: **bold**,
 * *italic*, a line break where one was typed; everything else escaped.
 */
export function inlineHtml(text: string): string {
  return inlineFormat(text ?? '').replace(/\r\n|\r|\n/g, '<br>');
}

function emphasis(text: string): string {
  const escaped = escapeHtml(text);
  let html = '';
  let last = 0;
  for (const [open, close] of boldSpans(escaped)) {
    html +=
      italic(escaped.slice(last, open)) +
      `<strong>${italic(escaped.slice(open + 2, close))}</strong>`;
    last = close + 2;
  }
  return html + italic(escaped.slice(last));
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const LINE_END = /[\n\r\u2028\u2029]/;

/**
 * The bold spans of `s`, as [index of the opening "**", index of the closing "**"]: exactly the
 * matches of the global regular expression `\*\*(?=\S)(.+?)(?<=\S)\*\*` this replaced, but in linear
 * time. The expression looked for a closing "**" from every opening one, to the end of the line when
 * there was none, so a paragraph of 200,000 characters made of " **x" cost it 30 s. Here the nearest
 * closing "**" after each position (and the nearest line end, which `.` does not cross) is computed
 * once, from the end backwards, and each opening "**" takes the first closing one after it, as `+?`.
 */
export function boldSpans(s: string): [number, number][] {
  const n = s.length;
  const nextClose = new Int32Array(n + 2).fill(-1);
  const nextLineEnd = new Int32Array(n + 2).fill(n);
  for (let p = n - 1; p >= 0; p--) {
    nextLineEnd[p] = LINE_END.test(s[p]) ? p : nextLineEnd[p + 1];
    const closes = p >= 1 && s[p] === '*' && s[p + 1] === '*' && !isSpace(s[p - 1]);
    nextClose[p] = closes ? p : nextClose[p + 1];
  }
  const spans: [number, number][] = [];
  for (let i = 0; i + 3 < n; i++) {
    if (s[i] !== '*' || s[i + 1] !== '*' || isSpace(s[i + 2])) continue;
    const j = nextClose[i + 3];
    if (j < 0 || nextLineEnd[i + 2] < j) continue;
    spans.push([i, j]);
    i = j + 1;
  }
  return spans;
}

function italic(text: string): string {
  return (
    text
      .replace(/\*(?=\S)([^*]+?)(?<=\S)\*/g, '<em>$1</em>')
      // "_" only around whole words, so snake_case or "a_b" stays as typed.
      .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_]+?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1<em>$2</em>')
  );
}
