import { TEST_PERIOD_CODE } from '../support/test-period';
import { AuthUser } from '@app/auth';
import { PeriodsService, Report, ReportsRepository, ReportsService } from '@app/reports';
import { startMediumApp, MediumApp } from '../support/medium-app';

/** The report service against real PostgreSQL: drafts, the guarded PATCH, who sees what. */
describe(ReportsService.name, () => {
  let m: MediumApp;
  let reports: ReportsService;
  let periodId: string;
  let officer: AuthUser;

  beforeAll(async () => {
    m = await startMediumApp();
    reports = m.get(ReportsService);
    periodId = (await m.get(PeriodsService).list()).find((p) => p.code === TEST_PERIOD_CODE)!.id;
    officer = await m.user('hoangdong.officer');
  });
  afterAll(() => m.close());

  const draft = async (user: AuthUser, title = 'Báo cáo thử') => {
    try {
      return await reports.create(user, { periodId, type: 'BC', title });
    } catch (e) {
      const id = (e as { details?: { extra?: { existingReportId?: string } } }).details?.extra
        ?.existingReportId;
      if (!id) throw e;
      return reports.view((await m.get(ReportsRepository).findById(id)) as Report);
    }
  };

  it('starts a draft from the report outline; a second one for the period names the first (409)', async () => {
    const maipha = await m.user('maipha.officer');
    const first = await reports.create(maipha, { periodId, type: 'BC', title: 'Báo cáo 6 tháng' });
    expect(first).toMatchObject({
      state: 'draft',
      step: 'editing',
      version: 1,
      orgUnitName: 'Ủy ban nhân dân xã Mai Pha',
    });
    expect(first.narrative).toMatch(/^I\. ĐẶC ĐIỂM TÌNH HÌNH/);
    await expect(
      reports.create(maipha, { periodId, type: 'BC', title: 'Lần hai' }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'REPORT_EXISTS',
      details: { extra: { existingReportId: first.id } },
    });
  });

  it('writes content and cells together, guarded by the version; a stale version writes nothing', async () => {
    const r = await draft(officer);
    const saved = await reports.patch(officer, r.id, {
      version: r.version,
      narrative: 'Nội dung mới',
      data: { '01/TE': { 'I.1': { y2024: '1.080' }, 'I.2': { y2024: 25 } } },
    });
    expect(saved.version).toBe(r.version + 1);
    expect(saved.data['01/TE']['I.1'].y2024).toBe(1080);
    await expect(
      reports.patch(officer, r.id, {
        version: r.version,
        narrative: 'Ghi đè',
        data: { '01/TE': { 'I.1': { y2024: 1 } } },
      }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'STALE_VERSION',
      details: { extra: { currentVersion: saved.version } },
    });
    const again = await reports.view((await m.get(ReportsRepository).findById(r.id))!);
    expect(again).toMatchObject({ version: saved.version, narrative: 'Nội dung mới' });
    expect(again.data['01/TE']['I.1'].y2024).toBe(1080);
  });

  it('refuses every bad cell of a patch at once and keeps nothing of it', async () => {
    const r = await draft(officer);
    const before = r.data['01/TE']?.['I.2']?.y2024;
    const err = await reports
      .patch(officer, r.id, {
        version: r.version,
        title: 'Không lưu',
        data: { '01/TE': { 'I.2': { y2024: 7 }, 'I.1': { y2024: 'nhiều' }, NOPE: { y2024: 1 } } },
      })
      .catch((e) => e);
    expect(err).toMatchObject({ status: 422, code: 'REPORT_CELLS_INVALID' });
    expect(err.errors.map((e: { row: string }) => e.row).sort()).toEqual(['I.1', 'NOPE']);
    const after = await reports.view((await m.get(ReportsRepository).findById(r.id))!);
    expect(after.title).toBe(r.title);
    expect(after.data['01/TE']?.['I.2']?.y2024).toBe(before);
  });

  it('lets only the officers of the unit edit, and hides a draft from every other unit (404)', async () => {
    const r = await draft(officer);
    const head = await m.user('hoangdong.head');
    await expect(
      reports.patch(head, r.id, { version: r.version, title: 'x' }),
    ).rejects.toMatchObject({ status: 403, code: 'REPORT_EDIT_FORBIDDEN' });
    for (const other of ['maipha.officer', 'tpls.officer', 'sols.officer']) {
      await expect(
        reports.patch(await m.user(other), r.id, { version: r.version, title: 'x' }),
      ).rejects.toMatchObject({ status: 404 });
    }
    const upper = await reports.list(await m.user('tpls.officer'), {});
    expect(upper.map((x) => x.id)).not.toContain(r.id);
    expect((await reports.list(await m.user('admin'), {})).map((x) => x.id)).toContain(r.id);
  });
});
