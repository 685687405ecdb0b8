import * as fs from 'node:fs';
import * as path from 'node:path';
import { withYear } from './form-definition';

/**
 * Checks the shipped form definitions (libs/forms/definitions/0X-TE.json)
 * against the reference text they were transcribed from: the annexes of
 * TP Lạng Sơn's plan 136/KH-UBND (Mẫu số 01/TE, 02/TE, 03/TE), as flattened
 * in test/fixtures/reference/001_2ca010a7621d3b8d.txt.
 *
 * The reference tables are parsed here, independently of the JSON files;
 * the only deliberate differences are the corrections listed below, which
 * mirror libs/forms/definitions/CORRECTIONS.md.
 */

const REFERENCE_FILE = path.resolve(
  __dirname,
  '../../..',
  'test/fixtures/reference/001_2ca010a7621d3b8d.txt',
);
const DEFINITIONS_DIR = path.resolve(__dirname, '../definitions');
const CORRECTIONS_FILE = path.join(DEFINITIONS_DIR, 'CORRECTIONS.md');

const END_MARKER = '…… ngày……… tháng……';

// ---------------------------------------------------------------------------
// Documented corrections (keep in sync with definitions/CORRECTIONS.md)
// ---------------------------------------------------------------------------

/** Find/replace artifacts in the source ("phường" was replaced by "xã"); applied to labels and units of every form. */
const TEXT_CORRECTIONS: ReadonlyArray<{ from: string; to: string }> = [
  { from: 'xã, xã, thị trấn', to: 'xã, phường, thị trấn' },
  { from: 'Xã, xã, thị trấn', to: 'Xã, phường, thị trấn' },
  { from: 'Xã/xã/thị trấn', to: 'Xã/phường/thị trấn' },
];

/** Single-row corrections: the first row labelled `from` after the row labelled `after`. */
const ROW_CORRECTIONS: ReadonlyArray<{ form: string; after: string; from: string; to: string }> = [
  {
    form: '02/TE',
    after: 'Cơ sở ngoài công lập:',
    from: 'Số cơ sở công lập',
    to: 'Số cơ sở ngoài công lập',
  },
];

// ---------------------------------------------------------------------------
// Types of the definition files (only what the test needs)
// ---------------------------------------------------------------------------

type CellRef = { row?: string; column: string };

interface ColumnDef {
  key: string;
  label: string;
  no?: string;
  unit?: string;
  type?: string;
  ratio?: { numerator: CellRef; denominator: CellRef };
}

interface RowDef {
  key: string;
  no?: string;
  label: string;
  unit?: string;
  type?: string;
  kind?: string;
  ratio?: { numerator: string; denominator: string };
  consolidate?: string;
  extra?: boolean;
}

interface RuleDef {
  type: string;
  severity: string;
  left?: string;
  right?: string;
  total?: string;
  parts?: string[];
  message?: string;
}

interface FormDefinition {
  code: string;
  version: number;
  title: string;
  reportingNote?: string;
  columns: ColumnDef[];
  rows: RowDef[];
  rules: RuleDef[];
}

interface FormSpec {
  code: string;
  file: string;
  marker: string;
  /** number of value cells at the end of every table row */
  valueColumns: number;
  /** whether the table has an ĐVT column after the label */
  unitColumn: boolean;
}

const FORMS: ReadonlyArray<FormSpec> = [
  { code: '01/TE', file: '01-TE.json', marker: 'Mẫu số 01/TE', valueColumns: 1, unitColumn: true },
  { code: '02/TE', file: '02-TE.json', marker: 'Mẫu số 02/TE', valueColumns: 1, unitColumn: true },
  { code: '03/TE', file: '03-TE.json', marker: 'Mẫu số 03/TE', valueColumns: 8, unitColumn: false },
];

const ROW_TYPES = ['integer', 'decimal', 'percent', 'boolean', 'text'];
const KEY_PATTERN = /^[A-Za-z0-9._-]+$/;

// ---------------------------------------------------------------------------
// Reference parsing
// ---------------------------------------------------------------------------

interface RefRow {
  no: string;
  label: string;
  unit: string;
}

interface RefTable {
  /** text from the annex heading ("Phụ lục N") to the form's marker (title etc.) */
  before: string;
  /** normalised cells of the rows before the first table row (notes, headers) */
  preamble: string[][];
  rows: RefRow[];
}

const normalize = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();

let referenceText: string | undefined;
function reference(): string {
  if (referenceText === undefined) {
    referenceText = fs.readFileSync(REFERENCE_FILE, 'utf8').normalize('NFC');
  }
  return referenceText;
}

/** Applies the documented corrections; counts each application in `used`. */
function applyCorrections(form: string, rows: RefRow[], used: Map<string, number>): RefRow[] {
  const bump = (id: string): void => {
    used.set(id, (used.get(id) ?? 0) + 1);
  };
  const fixText = (s: string): string => {
    let out = s;
    for (const c of TEXT_CORRECTIONS) {
      if (out.includes(c.from)) {
        out = out.split(c.from).join(c.to);
        bump(`text:${c.from}`);
      }
    }
    return out;
  };
  const fixed = rows.map((r) => ({ no: r.no, label: fixText(r.label), unit: fixText(r.unit) }));
  for (const c of ROW_CORRECTIONS.filter((rc) => rc.form === form)) {
    const after = fixed.findIndex((r) => r.label === c.after);
    const target = after < 0 ? -1 : fixed.findIndex((r, i) => i > after && r.label === c.from);
    if (target >= 0) {
      fixed[target] = { ...fixed[target], label: c.to };
      bump(`row:${c.form}:${c.from}`);
    }
  }
  return fixed;
}

/**
 * Parses one form's table from the flattened text: every cell is a line
 * starting with a TAB, rows are separated by blank lines, and a non-blank
 * line without a leading TAB continues the previous cell (e.g. the ĐVT
 * "Hoạt động/" + "sự kiện").
 */
function parseReference(spec: FormSpec): RefTable {
  const lines = reference().split(/\r?\n/);
  const markerLines = lines
    .map((l, i) => (normalize(l) === spec.marker ? i : -1))
    .filter((i) => i >= 0);
  if (markerLines.length !== 1) {
    throw new Error(
      `${spec.code}: expected exactly one "${spec.marker}" line, found ${markerLines.length}`,
    );
  }
  const start = markerLines[0];
  let end = start + 1;
  while (end < lines.length && !lines[end].includes(END_MARKER)) end++;
  if (end >= lines.length) throw new Error(`${spec.code}: end marker "${END_MARKER}" not found`);

  const cellRows: string[][] = [];
  let current: string[] | undefined;
  let afterBlank = true;
  for (const line of lines.slice(start + 1, end)) {
    if (/^ *\t/.test(line)) {
      if (afterBlank || current === undefined) {
        current = [];
        cellRows.push(current);
      }
      current.push(line.replace(/^ *\t/, ''));
      afterBlank = false;
    } else if (line.trim() === '') {
      afterBlank = true;
    } else {
      if (current === undefined || current.length === 0) {
        throw new Error(`${spec.code}: continuation line without a cell: ${JSON.stringify(line)}`);
      }
      const last = current[current.length - 1].trimEnd();
      current[current.length - 1] = last.endsWith('/')
        ? last + line.trim()
        : `${last} ${line.trim()}`;
      afterBlank = false;
    }
  }
  // the row holding the end marker starts with empty cells: drop them
  while (cellRows.length > 0 && cellRows[cellRows.length - 1].every((c) => normalize(c) === '')) {
    cellRows.pop();
  }

  const first = cellRows.findIndex((r) => normalize(r[0]) === 'I');
  if (first < 0) throw new Error(`${spec.code}: first table row "I" not found`);

  const leading = spec.unitColumn ? 3 : 2;
  const rows = cellRows.slice(first).map((cells, index): RefRow => {
    const n = cells.length - spec.valueColumns;
    const values = cells.slice(n).map(normalize);
    if (values.some((v) => v !== '')) {
      throw new Error(
        `${spec.code} row ${index}: value cells are not blank: ${JSON.stringify(cells)}`,
      );
    }
    let head = cells.slice(0, n).map(normalize);
    if (n === leading - 1)
      head = ['', ...head]; // row printed without a TT cell
    else if (n !== leading) {
      throw new Error(
        `${spec.code} row ${index}: unexpected cell count ${cells.length}: ${JSON.stringify(cells)}`,
      );
    }
    let [no, label] = head;
    const unit = spec.unitColumn ? head[2] : '';
    // bullets are written at the start of the label cell
    const bullet = no === '' ? /^([-+])\s*(.*)$/.exec(label) : null;
    if (bullet) {
      no = bullet[1];
      label = bullet[2];
    }
    return { no, label, unit };
  });

  let annex = start;
  while (annex > 0 && !normalize(lines[annex]).startsWith('Phụ lục')) annex--;

  return {
    before: lines.slice(annex, start).join('\n'),
    preamble: cellRows.slice(0, first).map((r) => r.map(normalize)),
    rows,
  };
}

function loadDefinition(spec: FormSpec): FormDefinition {
  return JSON.parse(
    fs.readFileSync(path.join(DEFINITIONS_DIR, spec.file), 'utf8'),
  ) as FormDefinition;
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe('shipped form definitions', () => {
  describe.each(FORMS.map((f) => [f.code, f] as [string, FormSpec]))('%s', (_code, spec) => {
    let def: FormDefinition;
    let ref: RefTable;
    let refRows: RefRow[];

    beforeAll(() => {
      def = loadDefinition(spec);
      ref = parseReference(spec);
      refRows = applyCorrections(spec.code, ref.rows, new Map<string, number>());
    });

    it('has the expected code, version, title and reporting note', () => {
      expect(def.code).toBe(spec.code);
      expect(def.version).toBe(1);
      expect(def.title).toBe(def.title.toUpperCase());
      expect(normalize(ref.before)).toContain(def.title);
      if (def.reportingNote !== undefined) {
        const preambleCells = ref.preamble.flat();
        for (const line of def.reportingNote.split('\n')) {
          expect(preambleCells).toContain(line);
        }
      }
    });

    it('reproduces every printed row in order (excluding extra rows)', () => {
      expect(refRows.length).toBeGreaterThan(10);
      const printed = def.rows.filter((r) => r.extra !== true);
      const actual = printed.map((r) => ({
        no: r.no ?? '',
        label: normalize(r.label),
        unit: r.unit ?? '',
      }));
      expect(actual).toHaveLength(refRows.length);
      expect(actual).toEqual(refRows);
    });

    it('has clean labels (trimmed, single spaces, NFC)', () => {
      for (const r of def.rows) {
        expect(r.label).toBe(normalize(r.label));
        if (r.unit !== undefined) expect(r.unit).toBe(normalize(r.unit));
      }
    });

    it('has the printed value columns', () => {
      if (spec.code === '03/TE') {
        // the column header labels were lost; the units row precedes the column-number row
        const numbersRow = ref.preamble.findIndex((r) => r.join('|') === 'a|b|1|2|3|4|5|6|7|8');
        expect(numbersRow).toBeGreaterThan(0);
        const units = ref.preamble[numbersRow - 1].slice(-8);
        expect(units).toEqual(['Người', '%', 'Người', 'Người', 'Người', 'Người', 'Người', 'Người']);
        expect(def.columns).toHaveLength(8);
        expect(def.columns.map((c) => c.unit)).toEqual(units);
        expect(def.columns.map((c) => c.no)).toEqual(ref.preamble[numbersRow].slice(2));
        expect(def.columns.map((c) => c.type)).toEqual([
          'integer',
          'percent',
          'integer',
          'integer',
          'integer',
          'integer',
          'integer',
          'integer',
        ]);
      } else {
        const header = ref.preamble.find((r) => r[0] === 'TT');
        expect(header).toBeDefined();
        // The reference is the 2024 form: "Năm {year}" prints "Năm 2024" in a period of 2024.
        expect(withYear(def as never, 2024).columns.map((c) => c.label)).toEqual(
          (header ?? []).slice(3),
        );
      }
    });

    it('has unique, well-formed keys and consistent row attributes', () => {
      const keys = [...def.rows.map((r) => r.key), ...def.columns.map((c) => c.key)];
      expect(new Set(def.rows.map((r) => r.key)).size).toBe(def.rows.length);
      expect(new Set(def.columns.map((c) => c.key)).size).toBe(def.columns.length);
      for (const k of keys) expect(k).toMatch(KEY_PATTERN);
      for (const c of def.columns) {
        if (c.type !== undefined) expect(ROW_TYPES).toContain(c.type);
      }
      for (const r of def.rows) {
        if (r.kind !== undefined) {
          expect(['section', 'heading']).toContain(r.kind);
          expect(r.type).toBeUndefined();
          expect(r.ratio).toBeUndefined();
          expect(r.consolidate).toBeUndefined();
        } else if (spec.unitColumn) {
          expect(ROW_TYPES).toContain(r.type);
        } else {
          // 03/TE: the column types apply, rows carry neither ĐVT nor type
          expect(r.type).toBeUndefined();
          expect(r.unit).toBeUndefined();
        }
        if (r.ratio !== undefined) expect(r.type).toBe('percent');
        if (r.consolidate !== undefined) {
          expect(r.consolidate).toBe('countTrue');
          expect(r.type).toBe('boolean');
        }
        if (r.extra === true) {
          expect(r.no ?? '').toBe('');
          expect(r.kind).toBeUndefined();
        }
      }
    });

    it('refers only to existing rows and columns in ratios and rules', () => {
      const rows = new Map(def.rows.map((r) => [r.key, r] as [string, RowDef]));
      const columns = new Map(def.columns.map((c) => [c.key, c] as [string, ColumnDef]));
      // an operand of a rule or ratio must be a row holding an entered value
      const expectInputRow = (key: string | undefined): void => {
        expect(typeof key).toBe('string');
        const row = rows.get(key as string);
        expect(row).toBeDefined();
        expect(row?.kind).toBeUndefined();
        expect(row?.ratio).toBeUndefined();
        expect(row?.type === undefined || ['integer', 'decimal'].includes(row.type)).toBe(true);
      };
      const expectInputColumn = (key: string | undefined): void => {
        expect(typeof key).toBe('string');
        const column = columns.get(key as string);
        expect(column).toBeDefined();
        expect(column?.ratio).toBeUndefined();
      };

      for (const r of def.rows) {
        if (r.ratio === undefined) continue;
        expectInputRow(r.ratio.numerator);
        expectInputRow(r.ratio.denominator);
      }
      for (const c of def.columns) {
        if (c.ratio === undefined) continue;
        for (const ref of [c.ratio.numerator, c.ratio.denominator]) {
          expectInputColumn(ref.column);
          if (ref.row !== undefined) expectInputRow(ref.row);
        }
      }
      for (const rule of def.rules) {
        expect(['error', 'warning']).toContain(rule.severity);
        switch (rule.type) {
          case 'lte':
            expectInputRow(rule.left);
            expectInputRow(rule.right);
            expect(rule.left).not.toBe(rule.right);
            break;
          case 'sum':
            expectInputRow(rule.total);
            expect(Array.isArray(rule.parts) && (rule.parts ?? []).length >= 2).toBe(true);
            for (const p of rule.parts ?? []) {
              expectInputRow(p);
              expect(p).not.toBe(rule.total);
            }
            break;
          case 'lteColumn':
            expectInputColumn(rule.left);
            expectInputColumn(rule.right);
            expect(rule.left).not.toBe(rule.right);
            break;
          default:
            throw new Error(`${spec.code}: unknown rule type ${JSON.stringify(rule.type)}`);
        }
      }
    });
  });

  it('uses every documented correction and documents it in CORRECTIONS.md', () => {
    const used = new Map<string, number>();
    for (const spec of FORMS) applyCorrections(spec.code, parseReference(spec).rows, used);
    const doc = fs.readFileSync(CORRECTIONS_FILE, 'utf8').normalize('NFC');
    for (const c of TEXT_CORRECTIONS) {
      expect(used.get(`text:${c.from}`) ?? 0).toBeGreaterThan(0);
      expect(doc).toContain(c.from);
      expect(doc).toContain(c.to);
    }
    for (const c of ROW_CORRECTIONS) {
      expect(used.get(`row:${c.form}:${c.from}`)).toBe(1);
      expect(doc).toContain(c.to);
    }
  });
});
