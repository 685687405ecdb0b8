/**
 * Figures written in a Vietnamese narrative: "10.577" (a point between thousands), "2,5" (a comma
 * before decimals), "2,5 tỷ", "12 triệu đồng", "350.000.000 đồng", "97,1%", "02 lớp", with the word
 * that follows them (em, người, lượt, lớp, điểm, …). Dates, years, ages, document numbers and
 * outline numbers are not figures.
 */

export type UnitClass =
  | 'person'
  | 'visit'
  | 'class'
  | 'point'
  | 'meeting'
  | 'facility'
  | 'commune'
  | 'money'
  | 'percent'
  | 'document'
  | 'programme'
  | 'activity'
  | 'other';

export interface Figure {
  /** Offsets of the figure (with its scale and unit words) in the text. */
  start: number;
  end: number;
  /** The digits as written ("1.250"). */
  raw: string;
  /** The figure as written, scaled by tỷ/triệu/nghìn (in đồng for money, else as is). */
  value: number;
  /** Half of the last written digit's step: "2,5 tỷ" → 0,05 tỷ; a cell within it agrees. */
  tolerance: number;
  /** What the words after it say it counts; null when nothing does. */
  unit: UnitClass | null;
}

const SCALES: [RegExp, number][] = [
  [/^(tỷ|tỉ)(?![\p{L}\p{N}])/u, 1e9],
  [/^triệu(?![\p{L}\p{N}])/u, 1e6],
  [/^(nghìn|ngàn)(?![\p{L}\p{N}])/u, 1e3],
];

/** Words after a figure, longest first, and what they count. */
const UNIT_WORDS: [string, UnitClass][] = [
  ['lượt người', 'visit'],
  ['lượt trẻ em', 'visit'],
  ['lượt trẻ', 'visit'],
  ['lượt cán bộ', 'visit'],
  ['lượt', 'visit'],
  ['trẻ em', 'person'],
  ['trẻ', 'person'],
  ['em', 'person'],
  ['cháu', 'person'],
  ['trường hợp', 'person'],
  ['ca', 'person'],
  ['người', 'person'],
  ['học sinh', 'person'],
  ['cán bộ', 'person'],
  ['cộng tác viên', 'person'],
  ['lớp', 'class'],
  ['điểm', 'point'],
  ['cuộc', 'meeting'],
  ['diễn đàn', 'meeting'],
  ['cơ sở', 'facility'],
  ['xã', 'commune'],
  ['phường', 'commune'],
  ['đơn vị', 'commune'],
  ['đồng', 'money'],
  ['đ', 'money'],
  ['phần trăm', 'percent'],
  ['tài liệu', 'document'],
  ['đầu tài liệu', 'document'],
  ['chương trình', 'programme'],
  ['chuyên trang', 'programme'],
  ['chuyên mục', 'programme'],
  ['tin', 'programme'],
  ['bài', 'programme'],
  ['hoạt động', 'activity'],
  ['sự kiện', 'activity'],
  ['suất quà', 'other'],
  ['đợt', 'other'],
  ['buổi', 'other'],
  ['lần', 'other'],
  ['đoàn', 'other'],
  ['phần quà', 'other'],
  ['suất', 'other'],
  ['hộ', 'other'],
];

/** Words before a figure that make it a date, a year, an article or a position, not a figure. */
const NOT_AFTER =
  /(?:^|[\s(])(ngày|tháng|năm|quý|số|lần|lần thứ|khoản|điều|mục|phụ lục|biểu|giai đoạn|khóa|đợt|thôn|tổ|khu|xóm|bản|lớp|tập|chương|trang)\s*$/iu;
/** Words after a figure that make it an age, a duration, a date part or a ranking. */
const NOT_BEFORE = /^\s*(tuổi|tháng|năm|ngày|giờ|tuần|quý|lần thứ|thứ)(?![\p{L}\p{N}])/iu;

const NUMBER =
  /(?<![\p{L}\p{N}/.,-])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d{1,2})(?![\p{N}/]|[.,]\p{N})/gu;

function parseNumber(raw: string): { value: number; decimals: number } {
  if (/^\d+\.\d{1,2}$/.test(raw)) return { value: Number(raw), decimals: raw.split('.')[1].length };
  const [int, frac = ''] = raw.split(',');
  return { value: Number(`${int.replace(/\./g, '')}.${frac || '0'}`), decimals: frac.length };
}

/** Every figure of the text, in order. */
export function findFigures(text: string): Figure[] {
  const out: Figure[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const start = m.index!;
    let end = start + m[0].length;
    const before = text.slice(Math.max(0, start - 24), start);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    // "1. Kết quả…", "2.1." at the head of a line: an outline number.
    if (/^\s*$/.test(text.slice(lineStart, start)) && /^\.(\d+\.)*\s/.test(text.slice(end)))
      continue;
    if (NOT_AFTER.test(before)) continue;
    let rest = text.slice(end);
    if (NOT_BEFORE.test(rest)) continue;
    // "1.020/1.050", "15/6", "30-6": a ratio, a date, a range — not one figure.
    if (/^[/-]\d/.test(rest) || /\d[/-]$/.test(before)) continue;
    const { value: base, decimals } = parseNumber(m[0]);
    let value = base;
    let step = 10 ** -decimals;
    let unit: UnitClass | null = null;
    const lower = () => rest.replace(/^\s+/, '').toLowerCase();
    const skip = (s: string) => {
      const lead = rest.length - rest.replace(/^\s+/, '').length;
      end += lead + s.length;
      rest = text.slice(end);
    };
    if (/^\s?%/.test(rest)) {
      skip('%');
      unit = 'percent';
    } else {
      for (const [re, factor] of SCALES) {
        const s = lower().match(re);
        if (s) {
          value *= factor;
          step *= factor;
          skip(s[0]);
          unit = 'money'; // tỷ/triệu/nghìn in these reports count money (a following "đồng" confirms it)
          break;
        }
      }
      const words = lower();
      for (const [w, cls] of UNIT_WORDS) {
        if (words.startsWith(w) && !/[\p{L}\p{N}]/u.test(words.charAt(w.length))) {
          if (unit !== 'money' || cls === 'money') unit = cls;
          skip(w);
          break;
        }
      }
    }
    out.push({ start, end, raw: m[0], value, tolerance: step / 2, unit });
  }
  return out;
}
