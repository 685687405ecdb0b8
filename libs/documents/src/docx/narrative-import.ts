import { narrativeBlocks } from '../narrative-markdown';
import { DocxBodyItem, DocxParagraph, DocxRun, NotADocxError } from './docx-reader';
import { STYLE } from './style-names';

const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUB = '₀₁₂₃₄₅₆₇₈₉';
const digitsTo = (s: string, set: string) => s.replace(/\d/g, (d) => set[Number(d)]);

const HEADING_STYLES: Record<string, 'sec' | 'item' | 'sub'> = {
  [STYLE.sec]: 'sec',
  [STYLE.item]: 'item',
  [STYLE.sub]: 'sub',
  Heading1: 'sec',
  Heading2: 'item',
  Heading3: 'sub',
};
const HEADING_TAG = { sec: '<h2 class="sec">', item: '<h3 class="item">', sub: '<h4 class="sub">' };

/** Runs as the inline subset: **bold**, *italic* (both: **_x_**), line breaks, footnote refs. */
function runsMarkdown(runs: DocxRun[], notes: Set<string>): string {
  const merged: DocxRun[] = [];
  for (const r of runs) {
    const prev = merged[merged.length - 1];
    const same =
      prev &&
      !r.lineBreak &&
      !!prev.bold === !!r.bold &&
      !!prev.italic === !!r.italic &&
      !!prev.sup === !!r.sup &&
      !!prev.sub === !!r.sub;
    if (same) prev.text += r.text;
    else merged.push({ ...r });
  }
  return merged
    .map((r) => {
      let text = r.text;
      if (r.sup) text = notes.has(text.trim()) ? `[${text.trim()}]` : digitsTo(text, SUP);
      if (r.sub) text = digitsTo(text, SUB);
      const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
      let core = m[2];
      if (core && r.bold && r.italic) core = `**_${core}_**`;
      else if (core && r.bold) core = `**${core}**`;
      else if (core && r.italic) core = `*${core}*`;
      return (r.lineBreak ? '\\\n' : '') + m[1] + core + m[3];
    })
    .join('')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** A heading's line: as typed when the subset reads it as that heading, else marked with "# ". */
function headingLine(text: string, kind: 'sec' | 'item' | 'sub'): string {
  if (narrativeBlocks(text)[0]?.startsWith(HEADING_TAG[kind])) return text;
  const marked = `# ${text}`;
  return narrativeBlocks(marked)[0]?.startsWith(HEADING_TAG[kind]) ? marked : text;
}

function paragraphMarkdown(p: DocxParagraph, notes: Set<string>): string {
  if (p.style === STYLE.footnote) {
    const [first, ...rest] = p.runs;
    const n = first?.sup ? first.text.trim() : '';
    if (/^[1-9]\d?$/.test(n)) return `[${n}]: ${runsMarkdown(rest, notes)}`;
  }
  const text = runsMarkdown(p.runs, notes);
  if (!text) return '';
  const heading = p.style ? HEADING_STYLES[p.style] : undefined;
  if (heading) return headingLine(text, heading);
  if (p.listItem && !/^[-+–]\s/.test(text)) return `- ${text}`;
  return text;
}

const cellText = (paras: string[]) => paras.join(' ').replace(/\|/g, '\\|').trim();

/**
 * The narrative part of an edited copy (documentDocx) as the narrative Markdown subset: what lies
 * between the title (the last paragraph styled as the title or the Kính gửi line) and the closing
 * table (its first cell starts with "Nơi nhận"); the rest of the file is not read.
 */
export function narrativeFromDocx(items: DocxBodyItem[]): ImportedNarrative {
  const closing = items.findIndex(
    (it) => it.type === 'table' && /^nơi nhận/iu.test(it.rows[0]?.cells[0]?.[0]?.trim() ?? ''),
  );
  let start = -1;
  for (let i = 0; i < (closing < 0 ? items.length : closing); i++) {
    const it = items[i];
    if (it.type === 'p' && (it.style === STYLE.title || it.style === STYLE.kinhGui)) start = i;
  }
  if (start < 0 || closing < 0)
    throw new NotADocxError(
      'Không tìm thấy phần nội dung trong văn bản Word (giữa tên văn bản và "Nơi nhận"). Hãy sửa trên bản Word tải từ hệ thống, giữ nguyên tên văn bản và khối "Nơi nhận".',
    );
  const part = items.slice(start + 1, closing);
  const notes = new Set<string>();
  for (const it of part)
    if (it.type === 'p' && it.style === STYLE.footnote && it.runs[0]?.sup)
      notes.add(it.runs[0].text.trim());
  const blocks: string[] = [];
  for (const it of part) {
    if (it.type === 'p') {
      const md = paragraphMarkdown(it, notes);
      if (md) blocks.push(md);
      continue;
    }
    const rows = it.rows.filter((r) => r.cells.length);
    if (!rows.length) continue;
    const lines = rows.map((r) => `| ${r.cells.map(cellText).join(' | ')} |`);
    if (rows[0].header) lines.splice(1, 0, `|${rows[0].cells.map(() => '---').join('|')}|`);
    blocks.push(lines.join('\n'));
  }
  // Footnote definitions after the text, as the subset prints them.
  const isNote = (b: string) => /^\[[1-9]\d?\]:\s/.test(b);
  return { pieces: blocks.filter((b) => !isNote(b)), notes: blocks.filter(isNote) };
}

/** The imported narrative: one piece of the subset per block, and the footnote definitions. */
export interface ImportedNarrative {
  pieces: string[];
  notes: string[];
}
