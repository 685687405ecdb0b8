/**
 * The inline HTML the narrative and label renderers make (narrative-markdown.ts: escaped text with
 * only <strong>, <em>, <sub>, <sup>, <br>) as runs of text for a Word document. Reading our own
 * output, not HTML from outside: every other character was escaped by the renderer.
 */
export interface InlineRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  sub?: boolean;
  sup?: boolean;
  /** A line break before the text. */
  lineBreak?: boolean;
}

const TAG = /<(\/?)(strong|em|sub|sup|br)(?:\s+class="[a-z-]+")?>/g;

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#96;': '`',
};

/** Escaped text back to what was typed. */
export const unescapeHtml = (s: string): string =>
  s.replace(/&(?:amp|lt|gt|quot|#39|#96);/g, (e) => ENTITIES[e]);

/** The runs of one block's inner HTML. */
export function inlineRuns(html: string): InlineRun[] {
  const runs: InlineRun[] = [];
  const state = { bold: 0, italic: 0, sub: 0, sup: 0 };
  let pendingBreak = false;
  let last = 0;
  const text = (s: string) => {
    if (!s && !pendingBreak) return;
    runs.push({
      text: unescapeHtml(s),
      ...(state.bold ? { bold: true } : {}),
      ...(state.italic ? { italic: true } : {}),
      ...(state.sub ? { sub: true } : {}),
      ...(state.sup ? { sup: true } : {}),
      ...(pendingBreak ? { lineBreak: true } : {}),
    });
    pendingBreak = false;
  };
  for (const m of html.matchAll(TAG)) {
    text(html.slice(last, m.index));
    last = m.index + m[0].length;
    const close = m[1] === '/';
    const key = { strong: 'bold', em: 'italic', sub: 'sub', sup: 'sup', br: null }[m[2]] as
      keyof typeof state | null;
    if (key === null) pendingBreak = true;
    else state[key] = Math.max(0, state[key] + (close ? -1 : 1));
  }
  text(html.slice(last));
  return runs;
}

/** The plain text of inline HTML (tags dropped, line breaks as spaces). */
export const plainText = (html: string): string =>
  unescapeHtml(html.replace(/<br>/g, ' ').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
