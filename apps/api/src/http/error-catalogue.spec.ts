import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERROR_CATALOGUE } from '@app/common';
import '@app/auth';
import '@app/forms';
import '@app/reports';
import '@app/renderer';
import '@app/signatures';
import '@app/archive';
import '@app/consolidation';
import '@app/approval';
import '@app/administration';
import '@app/org';
import '@app/workers';
import '@app/notifications';
import '../web/csrf.guard';

describe('error catalogue', () => {
  it('lists every error code with its status and context in docs/api.md', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../../../docs/api.md'), 'utf8');
    const rows = new Map(
      [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (\w+) \|/gm)].map((m) => [
        m[1],
        `${m[2]} ${m[3]}`,
      ]),
    );
    const expected = [...ERROR_CATALOGUE].map(([code, { status, context }]) => [
      code,
      `${status} ${context}`,
    ]);
    expect(expected.length).toBeGreaterThan(40);
    expect(expected.filter(([code, meta]) => rows.get(code) !== meta)).toEqual([]);
    expect([...rows.keys()].filter((code) => !ERROR_CATALOGUE.has(code))).toEqual([]);
  });
});
