import { narrativeBlocks } from '../narrative-markdown';
import { InlineRun, inlineRuns, plainText } from './inline-runs';

/** One block of a narrative as the PDF lays it out (narrative-markdown.ts), for a Word document. */
export type NarrativeBlock =
  | { kind: 'sec' | 'item' | 'sub' | 'body' | 'numbered' | 'dash' | 'plus'; runs: InlineRun[] }
  | { kind: 'table'; header: InlineRun[][] | null; rows: InlineRun[][][] }
  | { kind: 'footnotes'; notes: { n: string; runs: InlineRun[] }[] };

const HEADING = /^<h([234]) class="(sec|item|sub)">([\s\S]*)<\/h\1>$/;
const PARAGRAPH = /^<p(?: class="(numbered|dash|plus)")?>([\s\S]*)<\/p>$/;
const ROW = /<tr>([\s\S]*?)<\/tr>/g;
const CELL = /<(th|td)(?: class="num")?>([\s\S]*?)<\/\1>/g;
const NOTE = /<p id="fn-(\d+)"><sup>\d+<\/sup> ([\s\S]*?)<\/p>/g;

/** A block's HTML (one of narrativeBlocks) as structure. */
export function blockStructure(html: string): NarrativeBlock {
  const h = HEADING.exec(html);
  if (h) return { kind: h[2] as 'sec' | 'item' | 'sub', runs: inlineRuns(h[3]) };
  const p = PARAGRAPH.exec(html);
  if (p) return { kind: (p[1] ?? 'body') as 'body', runs: inlineRuns(p[2]) };
  if (html.startsWith('<table')) {
    const head = /<thead>([\s\S]*?)<\/thead>/.exec(html);
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
    const rowsOf = (s: string) =>
      [...s.matchAll(ROW)].map((r) => [...r[1].matchAll(CELL)].map((c) => inlineRuns(c[2])));
    return {
      kind: 'table',
      header: head ? (rowsOf(head[1])[0] ?? null) : null,
      rows: rowsOf(body),
    };
  }
  if (html.startsWith('<div class="footnotes">'))
    return {
      kind: 'footnotes',
      notes: [...html.matchAll(NOTE)].map((m) => ({ n: m[1], runs: inlineRuns(m[2]) })),
    };
  // narrativeBlocks makes nothing else; should it one day, the text is kept as a paragraph.
  return { kind: 'body', runs: [{ text: plainText(html) }] };
}

/** The narrative's blocks as structure. */
export const narrativeStructure = (src: string): NarrativeBlock[] =>
  narrativeBlocks(src).map(blockStructure);

/** A block's text as people read it (for a list of changes). */
export function blockText(html: string): string {
  if (html.startsWith('<table'))
    return [...html.matchAll(ROW)]
      .map((r) => `| ${[...r[1].matchAll(CELL)].map((c) => plainText(c[2])).join(' | ')} |`)
      .join('\n');
  if (html.startsWith('<div class="footnotes">'))
    return [...html.matchAll(NOTE)].map((m) => `[${m[1]}]: ${plainText(m[2])}`).join('\n');
  return plainText(html);
}
