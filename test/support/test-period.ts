import { DataSource } from 'typeorm';
import { DEMO_LEGACY_PERIOD } from '@app/demo';
import { PeriodsRepository } from '@app/reports';
import { appDataSourceOptions } from '../../apps/api/src/database/schema';

/**
 * The tests' own open period in the legacy hierarchy (the demo's 2024-H1 is closed, its reports
 * issued): the same forms, cut-off window and deadlines, so the legacy flows (three communes, the
 * city, Sở LĐTBXH) can be played again by every test file. Added to the template database only.
 */
export const TEST_PERIOD_CODE = 'TEST-2024-H1';

export async function addTestPeriod(url: string): Promise<void> {
  const ds = await new DataSource(appDataSourceOptions(url, 1)).initialize();
  try {
    const periods = new PeriodsRepository(ds);
    const legacy = (await periods.list()).find((p) => p.code === DEMO_LEGACY_PERIOD.code)!;
    await periods.insert({
      code: TEST_PERIOD_CODE,
      label: legacy.label,
      year: legacy.year,
      cutoffFrom: legacy.cutoffFrom,
      cutoffTo: legacy.cutoffTo,
      forms: legacy.forms,
      deadlines: legacy.deadlines,
      open: true,
    });
  } finally {
    await ds.destroy();
  }
}
