import { Figure, UnitClass, findFigures } from './figures';

/**
 * Which figures of a narrative state a value that a form's cell also holds: each figure's words
 * around it (up to the previous figure, the start of its clause or sentence, and the words right
 * after it) are compared with the label words of every numeric cell of the report's forms. A
 * figure is matched only with confidence: a unit that fits the row's (money, %, persons, visits…),
 * most of the label's words present and few others, and no other cell nearly as close.
 */

/** A numeric cell the narrative may speak of. */
export interface Target {
  form: string;
  row: string;
  column: string;
  /** The row's label (and the column's, for forms of several value columns). */
  label: string;
  /** A label of the row's section (its "I."), which tells apart rows of the same wording. */
  section?: string;
  /** Column words that must be present for a column other than the form's first ("trợ cấp xã hội"). */
  columnLabel?: string;
  /** ĐVT as printed: "Người", "Triệu đồng", "%", "Lượt", … */
  unit: string;
  /** The label of the row it belongs to ("Số lớp" under "Số lớp, số trẻ em được tập huấn…"). */
  parent?: string;
}

export interface CellRef {
  form: string;
  row: string;
  column: string;
}

export interface FigureMatch {
  figure: Figure;
  /** The figure in the row's unit (money in triệu đồng when the row counts triệu đồng). */
  value: number;
  tolerance: number;
  /** The matched cell(s): one, or the same indicator on several forms (01/TE "Số trẻ em dưới 16 tuổi" and 03/TE "Trẻ em dưới 16 tuổi"). */
  cells: CellRef[];
  score: number;
  /** The narrative's words the figure belongs to. */
  span: { start: number; end: number; text: string };
}

const STOP = new Set(
  (
    'số các của được và cho trong đó về tại có là những này với theo đã đang ' +
    'toàn trên địa bàn kỳ báo cáo gồm bao cả hết như sau thực hiện tổ chức ' +
    'đạt chiếm khoảng gần hơn cụ thể năm tháng đầu qua nhằm để từ đến ' +
    'thông ngoài ra riêng ước tính lũy kế đơn vị em người lượt'
  ).split(/\s+/),
);

const ABBREVIATIONS: [RegExp, string][] = [
  [/\bBHYT\b/gu, 'bảo hiểm y tế'],
  [/\bBVTE\b/gu, 'bảo vệ trẻ em'],
  [/\bBTTE\b/gu, 'bảo trợ trẻ em'],
  [/\bHCĐB\b/gu, 'hoàn cảnh đặc biệt'],
  [/\bTEHCĐB\b/gu, 'trẻ em hoàn cảnh đặc biệt'],
  [/\bCTV\b/gu, 'cộng tác viên'],
  [/\bTHCS\b/gu, 'trung học cơ sở'],
  [/\bNSNN\b/gu, 'ngân sách'],
  [/\bTGXH\b/gu, 'trợ giúp xã hội'],
  [/\bTE\b/gu, 'trẻ em'],
];

/** The syllables of a text, lower-cased, abbreviations written out. */
export function words(text: string): string[] {
  let t = text.normalize('NFC');
  for (const [re, full] of ABBREVIATIONS) t = t.replace(re, full);
  return (t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => (w === 'tị' ? 'tỵ' : w));
}

const content = (ws: string[]) => ws.filter((w) => !STOP.has(w));

/** The part of a label that names the row: before a parenthesis, without "Trong đó:", "gồm:". */
function core(label: string): string {
  return label
    .replace(/\(.*$/s, '')
    .replace(/^\s*trong đó\s*:?/iu, '')
    .replace(/,?\s*gồm\s*:?\s*$/iu, '');
}

function unitClassOf(unit: string): UnitClass {
  const u = unit.toLowerCase();
  if (u.includes('đồng')) return 'money';
  if (u.includes('%')) return 'percent';
  if (u.startsWith('lượt')) return 'visit';
  if (u.startsWith('lớp')) return 'class';
  if (u.startsWith('điểm')) return 'point';
  if (u.startsWith('cuộc')) return 'meeting';
  if (u.startsWith('cơ sở')) return 'facility';
  if (u.startsWith('xã') || u.startsWith('huyện')) return 'commune';
  if (u.includes('tài liệu')) return 'document';
  if (u.startsWith('ct') || u.includes('chương trình') || u.startsWith('đầu ct'))
    return 'programme';
  if (u.includes('hoạt động')) return 'activity';
  return 'person';
}

/** Whether a figure with these words after it may be a value of a row of this unit. */
function unitFits(fig: UnitClass | null, row: UnitClass): boolean {
  if (row === 'money') return fig === 'money';
  if (row === 'percent') return fig === 'percent';
  if (fig === null) return true;
  if (fig === 'money' || fig === 'percent') return false;
  if (fig === row) return true;
  // "1.200 lượt trẻ em" / "1.200 trẻ em" for a row counted in Lượt; "5 xã" for Xã/phường/thị trấn.
  if (row === 'visit') return fig === 'person';
  if (row === 'activity') return fig === 'other' || fig === 'point';
  if (row === 'person') return fig === 'visit';
  return false;
}

interface Prepared extends Target {
  tokens: Set<string>;
  /** Words of the label after its first comma (an enumeration's tail) weigh less. */
  tail: Set<string>;
  /** The section's and parent row's words: they tell apart rows of the same wording. */
  around: Set<string>;
  unitClass: UnitClass;
}

export interface MatcherOptions {
  /** Least closeness (0–1) of a figure's words to a label. */
  threshold?: number;
  /** Least lead of the best cell over the next one. */
  margin?: number;
}

/** Matches figures to cells; prepare once per set of forms. */
export class NarrativeMatcher {
  private readonly targets: Prepared[];
  private readonly weight = new Map<string, number>();
  private readonly threshold: number;
  private readonly margin: number;

  constructor(targets: Target[], opts: MatcherOptions = {}) {
    this.threshold = opts.threshold ?? 0.75;
    this.margin = opts.margin ?? 0.08;
    this.targets = targets.map((t) => {
      const label = core(t.label);
      const comma = label.indexOf(',');
      const head = content(
        words(`${comma < 0 ? label : label.slice(0, comma)} ${t.columnLabel ?? ''}`),
      );
      const tail =
        comma < 0 ? [] : content(words(label.slice(comma))).filter((w) => !head.includes(w));
      const tokens = new Set([...head, ...tail]);
      return {
        ...t,
        tokens,
        tail: new Set(tail),
        around: new Set(
          content(words(`${t.section ?? ''} ${t.parent ?? ''}`)).filter((w) => !tokens.has(w)),
        ),
        unitClass: unitClassOf(t.unit),
      };
    });
    // Rare label words weigh more ("mồ côi", "16") than common ones ("trẻ", "em").
    const df = new Map<string, number>();
    const labels = new Set<string>();
    for (const t of this.targets) {
      const key = [...t.tokens].join(' ');
      if (labels.has(key)) continue;
      labels.add(key);
      for (const w of t.tokens) df.set(w, (df.get(w) ?? 0) + 1);
    }
    for (const [w, n] of df) this.weight.set(w, Math.log(1 + labels.size / n));
  }

  private w(token: string, t?: Prepared): number {
    const base = STOP.has(token) ? 0 : (this.weight.get(token) ?? 0.6);
    return t?.tail.has(token) ? base * 0.3 : base;
  }

  /**
   * Closeness of a context to a label: mostly the share of the label's words found (weighted by
   * rarity), a little the share of the context's words that are label words (so that of two labels
   * fully found, the longer one that the context spells out wins).
   */
  private closeness(ctx: Set<string>, t: Prepared): { r: number; s: number } {
    let found = 0;
    let all = 0;
    for (const w of t.tokens) {
      all += this.w(w, t);
      if (ctx.has(w)) found += this.w(w, t);
    }
    let ctxAll = 0;
    let ctxIn = 0;
    for (const w of ctx) {
      ctxAll += this.w(w);
      if (t.tokens.has(w)) ctxIn += this.w(w);
    }
    if (all === 0 || ctxAll === 0 || found === 0) return { r: 0, s: 0 };
    const r = found / all;
    return { r, s: 0.7 * r + 0.3 * (ctxIn / ctxAll) };
  }

  /** Every figure of the text matched with confidence to a cell. */
  match(narrative: string): FigureMatch[] {
    const text = narrative.normalize('NFC');
    const figures = findFigures(text);
    const out: FigureMatch[] = [];
    figures.forEach((fig, i) => {
      const prevEnd = i > 0 ? figures[i - 1].end : 0;
      const sentenceStart = Math.max(
        ...['. ', '.\n', '\n', '; ', '! ', '? '].map((s) => {
          const k = text.lastIndexOf(s, fig.start - 1);
          return k < 0 ? 0 : k + s.length;
        }),
      );
      const wideFrom = Math.max(prevEnd, sentenceStart);
      const clause = Math.max(
        wideFrom,
        ...[',', ';', ':', '(', '–', ' - '].map((s) => {
          const k = text.lastIndexOf(s, fig.start - 1);
          return k < wideFrom ? wideFrom : k + s.length;
        }),
      );
      const next = figures[i + 1]?.start ?? text.length;
      const afterText = text.slice(fig.end, next).split(/[,;:.()\n–]/)[0];
      const sentenceEnd = (() => {
        const m = /[.;!?\n]/.exec(text.slice(fig.end));
        return m ? fig.end + m.index : text.length;
      })();
      const paragraph = text.slice(
        Math.max(0, text.lastIndexOf('\n\n', fig.start)),
        (() => {
          const k = text.indexOf('\n\n', fig.end);
          return k < 0 ? text.length : k;
        })(),
      );
      const after = [
        ...content(words(text.slice(fig.start + fig.raw.length, fig.end))),
        ...content(words(afterText)).slice(0, 10),
      ];
      const tries = [
        {
          from: clause,
          ctx: [...content(words(text.slice(clause, fig.start))).slice(-14), ...after],
        },
        {
          from: wideFrom,
          ctx: [...content(words(text.slice(wideFrom, fig.start))).slice(-20), ...after],
        },
      ];
      for (const { from, ctx } of tries) {
        if (ctx.length === 0) continue;
        const m = this.best(new Set(ctx), fig, new Set(words(paragraph)));
        if (m) {
          const end = Math.min(Math.max(fig.end, fig.end + afterText.length), sentenceEnd);
          out.push({
            ...m,
            figure: fig,
            span: { start: from, end, text: text.slice(from, end).trim() },
          });
          return;
        }
        if (from === wideFrom) break;
      }
    });
    return out;
  }

  private best(
    ctx: Set<string>,
    fig: Figure,
    paragraph: Set<string>,
  ): Omit<FigureMatch, 'figure' | 'span'> | null {
    const scored = this.targets
      .filter((t) => unitFits(fig.unit, t.unitClass))
      .map((t) => ({ t, ...this.closeness(ctx, t) }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s);
    let top = scored[0];
    if (!top || top.r < this.threshold) return null;
    const same = (a: Prepared, b: Prepared) =>
      a.form !== b.form &&
      a.tokens.size === b.tokens.size &&
      [...a.tokens].every((w) => b.tokens.has(w)) &&
      a.unitClass === b.unitClass;
    // Rows of (nearly) the same words: the one whose own, section and parent words the paragraph
    // names, else the clearly closest, else none.
    const close = scored.filter((x) => x.s >= top.s - 0.5);
    const groups: (typeof close)[] = [];
    for (const x of close) {
      const g = groups.find((gr) => same(gr[0].t, x.t) && Math.abs(gr[0].s - x.s) < 1e-9);
      if (g) g.push(x);
      else groups.push([x]);
    }
    const named = (t: Prepared) => {
      const all = [...t.tokens, ...t.around].filter((w) => this.w(w) > 0);
      return all.length ? all.filter((w) => paragraph.has(w)).length / all.length : 0;
    };
    // A label of one or two words ("Số lớp", "Kiêm nhiệm") counts only with its parent's words nearby.
    const weak = (t: Prepared) => t.tokens.size <= 2 && !!t.parent && named(t) < 0.6;
    if (weak(top.t)) return null;
    if (groups.length > 1) {
      const ranked = groups.map((g) => ({ g, n: named(g[0].t) })).sort((a, b) => b.n - a.n);
      if (ranked[0].n >= 0.8 && ranked[0].n - ranked[1].n >= 0.25 && !weak(ranked[0].g[0].t))
        top = ranked[0].g[0];
      else if (groups[0][0].s - groups[1][0].s < this.margin) return null;
    }
    const equivalents = groups.find((g) => g.includes(top))!;
    const money = top.t.unitClass === 'money';
    // Money rows count triệu đồng: "2,5 tỷ" is 2.500, "350.000.000 đồng" is 350.
    const value = money ? fig.value / 1e6 : fig.value;
    const tolerance = money ? fig.tolerance / 1e6 : fig.tolerance;
    return {
      value: Math.round(value * 1e6) / 1e6,
      tolerance,
      cells: equivalents.map(({ t }) => ({ form: t.form, row: t.row, column: t.column })),
      score: Math.round(top.s * 1000) / 1000,
    };
  }
}

/** A stated figure that one of its cells contradicts. */
export interface NarrativeMismatch extends CellRef {
  narrativeValue: number;
  cellValue: number;
  span: FigureMatch['span'];
}

/** The matches whose figure a filled cell contradicts (beyond the rounding of the figure as written). */
export function mismatches(
  matches: FigureMatch[],
  valueOf: (cell: CellRef) => number | null,
): NarrativeMismatch[] {
  const out: NarrativeMismatch[] = [];
  for (const m of matches) {
    for (const cell of m.cells) {
      const v = valueOf(cell);
      if (v === null) continue;
      if (Math.abs(v - m.value) > m.tolerance + 1e-9)
        out.push({ ...cell, narrativeValue: m.value, cellValue: v, span: m.span });
    }
  }
  return out;
}
