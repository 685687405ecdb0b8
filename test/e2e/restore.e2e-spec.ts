import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from '../support/processes';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire } from '../support/workflow';

describe('Backup and restore (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('restores a pg_dump into a fresh database and reports every archived hash verified', async () => {
    for (const prefix of ['hoangdong', 'maipha']) {
      const r = await draftReport(t, `${prefix}.officer`);
      for (const [who, ev] of [
        [`${prefix}.officer`, 'REQUEST_SIGNATURE'],
        [`${prefix}.head`, 'SIGN'],
        [`${prefix}.clerk`, 'SUBMIT'],
      ]) {
        expect((await fire(t, who, r.id, ev)).status).toBe(200);
      }
    }
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'scripts/restore-verify.js'), '--from-url', t.db.url],
      { encoding: 'utf8', timeout: 120000 },
    );
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.stdout).toMatch(/restored into the fresh database/);
    expect(run.stdout).toMatch(/archive guard trigger present/);
    // The demo's four documents of 2024 and the two this test issued.
    expect(run.stdout).toMatch(/verified 6 of 6 archived documents: every hash matches/);
    expect(run.status).toBe(0);
  }, 180000);
});
