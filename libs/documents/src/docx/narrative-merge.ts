import { narrativeBlocks } from '../narrative-markdown';
import { ImportedNarrative } from './narrative-import';
import { blockText } from './narrative-structure';

/** One paragraph-level change of the narrative (a block: heading, paragraph, list item, table). */
export interface NarrativeChange {
  kind: 'changed' | 'added' | 'removed';
  /** Position of the block in the new narrative (added, changed) or the old one (removed), from 1. */
  position: number;
  before?: string;
  after?: string;
}

export interface NarrativeMerge {
  /** The narrative to save: the old text of every block that did not change, the imported one of the others. */
  narrative: string;
  changes: NarrativeChange[];
}

const FOOTNOTE_LINE = /^\[[1-9]\d?\]:\s+\S/;
const isNotes = (html: string) => html.startsWith('<div class="footnotes"');

/** Beyond this many cells the middle of two block lists is not aligned (each block counts as changed). */
const LCS_MAX_CELLS = 2_000_000;

/**
 * Longest common subsequence of two block lists: the pairs (i, j) of equal blocks kept. The common
 * head and tail are matched first (an edit is usually local); the table for the rest is bounded.
 */
function lcs(a: string[], b: string[]): [number, number][] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const pairs: [number, number][] = Array.from({ length: head }, (_, i) => [i, i]);
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n > 0 && m > 0 && n * m <= LCS_MAX_CELLS) {
    const t: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        t[i][j] =
          a[head + i] === b[head + j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
    for (let i = 0, j = 0; i < n && j < m;) {
      if (a[head + i] === b[head + j]) pairs.push([head + i++, head + j++]);
      else if (t[i + 1][j] >= t[i][j + 1]) i++;
      else j++;
    }
  }
  for (let x = tail; x > 0; x--) pairs.push([a.length - x, b.length - x]);
  return pairs;
}

/**
 * The old narrative's source in chunks (lines between blank lines), each with the blocks it prints
 * (footnote definitions, printed apart, are taken out); null when the chunks do not print exactly
 * the blocks of the whole (then the import is saved as read, not merged).
 */
function sourceChunks(src: string, blocks: string[]) {
  const lines = (src ?? '').split(/\r\n|\r|\n/);
  const notes = lines.filter((l) => FOOTNOTE_LINE.test(l.trim()));
  const tail = notes.length ? `\n\n${notes.join('\n')}` : '';
  const chunks: { text: string; blocks: string[] }[] = [];
  let current: string[] = [];
  const close = () => {
    const text = current.filter((l) => !FOOTNOTE_LINE.test(l.trim())).join('\n');
    current = [];
    if (!text.trim()) return;
    const printed = narrativeBlocks(text + tail).filter((b) => !isNotes(b));
    chunks.push({ text, blocks: printed });
  };
  for (const l of lines) {
    if (l.trim() === '') close();
    else current.push(l);
  }
  close();
  const all = chunks.flatMap((c) => c.blocks);
  const body = blocks.filter((b) => !isNotes(b));
  return all.length === body.length && all.every((b, i) => b === body[i])
    ? { chunks, notes }
    : null;
}

/**
 * The imported narrative against the one saved: the paragraph-level changes, and the text to save,
 * in which every block left as it was keeps its source exactly as typed (line breaks, *italic* or
 * _italic_) and only the changed blocks take the imported text.
 */
export function mergeNarrative(oldSrc: string, imported: ImportedNarrative): NarrativeMerge {
  const notesText = imported.notes.join('\n');
  const canonical = [...imported.pieces, ...(notesText ? [notesText] : [])].join('\n\n');
  const before = narrativeBlocks(oldSrc ?? '');
  const after = narrativeBlocks(canonical);
  const pairs = lcs(before, after);
  const changes: NarrativeChange[] = [];
  let [i, j] = [0, 0];
  for (const [pi, pj] of [...pairs, [before.length, after.length] as [number, number]]) {
    const removed = before.slice(i, pi);
    const added = after.slice(j, pj);
    const k = Math.max(removed.length, added.length);
    for (let x = 0; x < k; x++) {
      if (x < removed.length && x < added.length)
        changes.push({
          kind: 'changed',
          position: j + x + 1,
          before: blockText(removed[x]),
          after: blockText(added[x]),
        });
      else if (x < added.length)
        changes.push({ kind: 'added', position: j + x + 1, after: blockText(added[x]) });
      else changes.push({ kind: 'removed', position: i + x + 1, before: blockText(removed[x]) });
    }
    [i, j] = [pi + 1, pj + 1];
  }
  if (!changes.length) return { narrative: oldSrc, changes };
  return { narrative: merged(oldSrc, before, imported, notesText) ?? canonical, changes };
}

/** The text to save: old chunks whose blocks all stay, in place of their imported pieces. */
function merged(
  oldSrc: string,
  before: string[],
  imported: ImportedNarrative,
  notesText: string,
): string | null {
  const source = sourceChunks(oldSrc, before);
  if (!source) return null;
  const tail = notesText ? `\n\n${notesText}` : '';
  const pieceBlocks = imported.pieces.map((p) =>
    narrativeBlocks(p + tail).filter((b) => !isNotes(b)),
  );
  if (pieceBlocks.some((b) => b.length !== 1)) return null;
  const newBody = pieceBlocks.map((b) => b[0]);
  const oldBody = before.filter((b) => !isNotes(b));
  const match = new Map(lcs(oldBody, newBody).map(([a, b]) => [b, a]));
  const out: string[] = [];
  let oldIndex = 0;
  const chunkAt = new Map<number, { text: string; size: number }>();
  for (const c of source.chunks) {
    chunkAt.set(oldIndex, { text: c.text, size: c.blocks.length });
    oldIndex += c.blocks.length;
  }
  for (let j = 0; j < newBody.length;) {
    const o = match.get(j);
    const chunk = o === undefined ? undefined : chunkAt.get(o);
    const whole =
      chunk &&
      Array.from({ length: chunk.size }, (_, x) => match.get(j + x) === o! + x).every(Boolean);
    if (chunk && whole) {
      out.push(chunk.text);
      j += chunk.size;
    } else {
      out.push(imported.pieces[j]);
      j++;
    }
  }
  const oldNotes = narrativeBlocks(oldSrc).find(isNotes);
  const newNotes = narrativeBlocks(notesText).find(isNotes);
  if (notesText) out.push(oldNotes === newNotes ? source.notes.join('\n') : notesText);
  return out.join('\n\n');
}
