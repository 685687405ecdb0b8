import { withCompleteness } from './consolidation-summary';

/**
 * Compiled narratives: the lower units' narratives gathered per section of the report outline
 * (I, II, III, IV …), each part under its unit and report number, as a starting point for the
 * upper unit's own narrative. Pure functions over the narrative's Markdown-like subset
 * (libs/documents/src/narrative-markdown.ts): "I. TITLE" opens a section, "1." / "2.3." / "a)"
 * are items inside it.
 */

/** One lower report's narrative, with what attributes it. */
export interface NarrativeSource {
  orgUnitId: string;
  name: string;
  reportId: string;
  numberText: string | null;
  narrative: string;
}

export interface CompiledPart {
  orgUnitId: string;
  name: string;
  reportId: string;
  numberText: string | null;
  text: string;
}

export interface CompiledSection {
  /** "I. ĐẶC ĐIỂM TÌNH HÌNH"; "" for what the reports write before their first section. */
  heading: string;
  parts: CompiledPart[];
}

export interface CompiledNarrative {
  sections: CompiledSection[];
  /** The whole, in the narrative's subset: each heading, then each part under its attribution line. */
  text: string;
}

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10 };

/** "IV" → 4; null when it is not a well-formed numeral from I to XX. */
export function romanValue(s: string): number | null {
  if (!/^[IVX]+$/.test(s)) return null;
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN_VALUES[s[i]];
    const next = ROMAN_VALUES[s[i + 1]] ?? 0;
    total += v < next ? -v : v;
  }
  if (total < 1 || total > 20) return null;
  // Only the canonical spelling (so "IIII" or "VX" are text, as the renderer treats them).
  return toRoman(total) === s ? total : null;
}

function toRoman(n: number): string {
  const tens = 'X'.repeat(Math.floor(n / 10));
  const units = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'][n % 10];
  return tens + units;
}

/** The section a line opens ("II. KẾT QUẢ …" → 2), or null. */
function sectionOf(line: string): number | null {
  const m = /^([IVX]+)\.\s+\S/.exec(line);
  return m ? romanValue(m[1]) : null;
}

/** The level of an item heading: "1." → 1, "2.3." → 2, "a)" → 9; null for text. */
function itemLevel(line: string): number | null {
  const n = /^(\d+(?:\.\d+)*)\.\s+\S/.exec(line);
  if (n) return n[1].split('.').length;
  if (/^[a-zđ]\)\s+\S/.test(line)) return 9;
  return null;
}

export interface SplitNarrative {
  /** What comes before the first section heading. */
  preamble: string;
  sections: { value: number; heading: string; body: string }[];
}

/** A narrative cut at its section headings ("I.", "II." …). A section repeated keeps both bodies. */
export function splitSections(narrative: string): SplitNarrative {
  const preamble: string[] = [];
  const sections: { value: number; heading: string; lines: string[] }[] = [];
  for (const raw of (narrative ?? '').split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    const value = sectionOf(line);
    if (value !== null) sections.push({ value, heading: line, lines: [] });
    else (sections.at(-1)?.lines ?? preamble).push(raw);
  }
  return {
    preamble: preamble.join('\n'),
    sections: sections.map((s) => ({
      value: s.value,
      heading: s.heading,
      body: s.lines.join('\n'),
    })),
  };
}

/**
 * What a unit wrote in a body: the outline's item headings with nothing under them (the outline
 * left as it came) and the outline's other lines (`outlineLines`, e.g. "(Phần số liệu theo các phụ
 * lục kèm theo)") are dropped; a heading the unit wrote or changed is its text. Runs of blank lines
 * become one; trimmed. Linear in the number of lines.
 */
export function ownText(body: string, outlineLines: ReadonlySet<string>): string {
  const lines = body.split(/\r\n|\r|\n/).map((l) => l.replace(/\s+$/, ''));
  const keep = new Array<boolean>(lines.length).fill(false);
  // Walking backwards, textBelow[level]: some text follows before the next heading of that level or above.
  const textBelow = new Array<boolean>(10).fill(false);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line) continue;
    const fromOutline = outlineLines.has(line);
    const level = fromOutline ? itemLevel(line) : null;
    if (level === null) {
      if (fromOutline) continue;
      keep[i] = true;
      textBelow.fill(true);
      continue;
    }
    keep[i] = textBelow[level];
    // This heading ends the span of any heading above it at its level or deeper.
    for (let l = level; l < textBelow.length; l++) textBelow[l] = false;
  }
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (keep[i]) out.push(lines[i]);
    else if (!lines[i].trim() && out.length && out.at(-1) !== '') out.push('');
  }
  return out.join('\n').trim();
}

/** "Theo Báo cáo số 01/BC-UBND của Ủy ban nhân dân xã Hoàng Đồng:" — the line above a part. */
export function attribution(part: Pick<CompiledPart, 'name' | 'numberText'>): string {
  return part.numberText
    ? `Theo Báo cáo số ${part.numberText} của ${part.name}:`
    : `Theo báo cáo của ${part.name}:`;
}

/**
 * The lower units' narratives per section: the outline's sections first (with the outline's
 * headings), then any other section a unit wrote (with that unit's heading), in numeral order; text
 * before a unit's first section goes to a leading section with an empty heading. Within a section
 * the parts keep the order of `sources`; a unit that wrote nothing there has no part.
 */
export function compileNarratives(outline: string, sources: NarrativeSource[]): CompiledNarrative {
  const skeleton = splitSections(outline);
  const outlineLines = new Set(
    outline
      .split(/\r\n|\r|\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  );
  const byValue = new Map<number, CompiledSection>();
  for (const s of skeleton.sections)
    if (!byValue.has(s.value)) byValue.set(s.value, { heading: s.heading, parts: [] });
  const preamble: CompiledSection = { heading: '', parts: [] };
  for (const src of sources) {
    const split = splitSections(src.narrative);
    const part = (text: string): CompiledPart => ({
      orgUnitId: src.orgUnitId,
      name: src.name,
      reportId: src.reportId,
      numberText: src.numberText,
      text,
    });
    const pre = ownText(split.preamble, outlineLines);
    if (pre) preamble.parts.push(part(pre));
    // One part per section per unit, even when the unit wrote the section twice.
    const bodies = new Map<number, { heading: string; texts: string[] }>();
    for (const s of split.sections) {
      const text = ownText(s.body, outlineLines);
      const entry = bodies.get(s.value) ?? { heading: s.heading, texts: [] };
      if (text) entry.texts.push(text);
      bodies.set(s.value, entry);
    }
    for (const [value, { heading, texts }] of bodies) {
      if (!texts.length) continue;
      let section = byValue.get(value);
      if (!section) byValue.set(value, (section = { heading, parts: [] }));
      section.parts.push(part(texts.join('\n\n')));
    }
  }
  const sections = [
    ...(preamble.parts.length ? [preamble] : []),
    ...[...byValue.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s),
  ];
  const blocks: string[] = [];
  for (const s of sections) {
    if (s.heading) blocks.push(s.heading);
    for (const p of s.parts) blocks.push(`*${attribution(p)}*`, p.text);
  }
  return { sections, text: blocks.length ? `${blocks.join('\n\n')}\n` : '' };
}

/**
 * The compiled text as a consolidated draft's narrative: the completeness paragraph that
 * consolidation writes under the first section heading (or first, when there is none) kept.
 */
export function compiledDraft(text: string, completeness: string | undefined): string {
  if (!completeness) return text;
  const placed = withCompleteness(text, completeness, undefined, true);
  return placed !== text ? placed : `${completeness}\n\n${text}`;
}

/** The narrative consolidation gives a new consolidated draft: the outline with its completeness paragraph. */
export function untouchedConsolidatedNarrative(
  outline: string,
  completeness: string | undefined,
): string {
  return completeness ? withCompleteness(outline, completeness, undefined, true) : outline;
}
