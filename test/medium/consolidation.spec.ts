import { ReportViews, WorkflowService } from '@app/approval';
import { AuthUser } from '@app/auth';
import { ConsolidationService, ProvenanceService } from '@app/consolidation';
import { FormData, FormDefinition, FormsService, withComputedCells } from '@app/forms';
import { OrgRepository } from '@app/org';
import { ConsolidationMeta, PeriodsService, ReportsService } from '@app/reports';
import { startMediumApp, MediumApp } from '../support/medium-app';

/** Consolidation and provenance against real PostgreSQL: each test takes communes through to submitted in a period of its own. */
describe(ConsolidationService.name, () => {
  let m: MediumApp;
  let consolidation: ConsolidationService;
  let provenance: ProvenanceService;
  let reports: ReportsService;
  let views: ReportViews;
  let def01: FormDefinition;
  let cityOfficer: AuthUser;
  const unit: Record<string, string> = {};
  let periods = 0;

  beforeAll(async () => {
    m = await startMediumApp();
    consolidation = m.get(ConsolidationService);
    provenance = m.get(ProvenanceService);
    reports = m.get(ReportsService);
    views = m.get(ReportViews);
    def01 = await m.get(FormsService).get('01/TE');
    cityOfficer = await m.user('tpls.officer');
    for (const code of ['HD', 'MP', 'QL', 'TPLS'])
      unit[code] = (await m.get(OrgRepository).findByCode(code))!.id;
  });
  afterAll(() => m.close());

  /** A period of the test's own, so that every unit may start a BC in it. */
  const newPeriod = async (communeDeadline = '2024-05-05') => {
    const n = ++periods;
    const p = await m.get(PeriodsService).create({
      code: `CONS-${n}`,
      label: `Kỳ thử tổng hợp ${n}`,
      year: 2024,
      cutoffFrom: '2023-12-15',
      cutoffTo: '2024-06-14',
      forms: ['01/TE', '02/TE', '03/TE'],
      deadlines: [{ level: 'commune', date: communeDeadline }],
    });
    return p.id;
  };

  /** A commune's BC with the given data, requested, signed and submitted; the submitted view. */
  const submit = async (commune: string, periodId: string, data: Record<string, FormData>) => {
    const workflow = m.get(WorkflowService);
    const officer = await m.user(`${commune}.officer`);
    const draft = await reports.create(officer, { periodId, type: 'BC', title: `BC ${commune}` });
    const filled = await reports.patch(officer, draft.id, { version: draft.version, data });
    const asked = await workflow.fire(officer, draft.id, {
      type: 'REQUEST_SIGNATURE',
      version: filled.version,
    });
    const head = await m.user(`${commune}.head`);
    const signed = await workflow.fire(head, draft.id, { type: 'SIGN', version: asked.version });
    const clerk = await m.user(`${commune}.clerk`);
    return workflow.fire(clerk, draft.id, { type: 'SUBMIT', version: signed.version });
  };

  const v = (n: number) => ({ y2024: n });
  // Hoàng Đồng alone reports I.4; Mai Pha alone reports I.3; nobody reports I.3.a.
  const hoangdong = {
    '01/TE': { POP: v(8000), 'I.1': v(2050), 'I.2': v(700), 'I.4': v(300), 'II.1': v(12.5) },
    '02/TE': { 'I.1': { y2024: true }, 'I.3': { y2024: true }, 'I.4': { y2024: true } },
  };
  const maipha = {
    '01/TE': { POP: v(5000), 'I.1': v(1203), 'I.2': v(450), 'I.3': v(100), 'II.1': v(7.25) },
    '02/TE': { 'I.1': { y2024: true }, 'I.3': { y2024: false }, 'I.4': { y2024: true } },
  };
  const quanglac = { '01/TE': { POP: v(6000), 'I.1': v(1500), 'I.3': v(40), 'I.2': v(400) } };

  it('sums counts and money, recomputes ratios from the sums, counts "Có", and never takes a missing value as 0', async () => {
    const periodId = await newPeriod();
    await submit('hoangdong', periodId, hoangdong);
    await submit('maipha', periodId, maipha);

    const id = await consolidation.consolidate(cityOfficer, periodId);
    const city = await views.get(cityOfficer, id);
    expect(city).toMatchObject({ kind: 'consolidated', orgUnitId: unit.TPLS, state: 'draft' });
    const summed = {
      POP: v(13000),
      'I.1': v(3253),
      'I.2': v(1150),
      'I.3': v(100),
      'I.4': v(300),
      'II.1': v(19.75),
    };
    expect(city.data['01/TE']).toEqual(withComputedCells(def01, summed));
    // The ratio of the sums (25,02 %), not the sum of the communes' ratios (25,63 + 24,06).
    expect(city.data['01/TE']['I.1.r'].y2024).toBe(25.02);
    // A cell one commune filled is that commune's value; a cell none filled stays empty, not 0.
    expect(city.data['01/TE']['I.4.r'].y2024).toBe(Math.round((300 * 10000) / 13000) / 100);
    expect(city.data['01/TE']['I.3.a']).toBeUndefined();
    // "Có" counted where the row says so; a yes/no row without countTrue is not combined.
    expect(city.data['02/TE']).toEqual({ 'I.3': v(1), 'I.4': v(2) });
    const meta = city.consolidation as ConsolidationMeta;
    expect(meta.missingUnitIds).toEqual([unit.QL]);
    expect([...meta.lowerUnitIds].sort()).toEqual([unit.HD, unit.MP, unit.QL].sort());
    expect(city.narrative).toMatch(
      /2\/3 đơn vị cấp dưới.*chưa gửi báo cáo: Ủy ban nhân dân xã Quảng Lạc/,
    );
  });

  it('moves the sources to consolidated with a history row each; a refresh after a late commune adds it and its cells', async () => {
    const periodId = await newPeriod();
    const hd = await submit('hoangdong', periodId, hoangdong);
    const mp = await submit('maipha', periodId, maipha);
    const id = await consolidation.consolidate(cityOfficer, periodId);

    for (const [commune, src] of [
      ['hoangdong', hd],
      ['maipha', mp],
    ] as const) {
      const officer = await m.user(`${commune}.officer`);
      expect((await views.get(officer, src.id)).state).toBe('consolidated');
      const history = await reports.history(officer, src.id);
      expect(history.filter((h) => h.type === 'CONSOLIDATE')).toEqual([
        expect.objectContaining({
          from: 'submitted',
          to: 'consolidated',
          actor: { id: cityOfficer.id, fullName: cityOfficer.fullName },
          details: { consolidatedInto: id },
        }),
      ]);
    }

    const ql = await submit('quanglac', periodId, quanglac);
    expect(await consolidation.consolidate(cityOfficer, periodId)).toBe(id);
    const city = await views.get(cityOfficer, id);
    expect(city.data['01/TE']).toEqual(
      withComputedCells(def01, {
        POP: v(19000),
        'I.1': v(4753),
        'I.2': v(1550),
        'I.3': v(140),
        'I.4': v(300),
        'II.1': v(19.75),
      }),
    );
    expect((city.consolidation as ConsolidationMeta).missingUnitIds).toEqual([]);
    expect((await views.get(await m.user('quanglac.officer'), ql.id)).state).toBe('consolidated');
    const last = (await reports.history(cityOfficer, id)).at(-1)!;
    expect(last).toMatchObject({
      type: 'CONSOLIDATION',
      details: { added: [unit.QL], removed: [], missing: [] },
    });
    expect(last.comment).toMatch(
      /^Tổng hợp lại: \d+ ô số liệu thay đổi; thêm báo cáo của Ủy ban nhân dân xã Quảng Lạc\.$/,
    );
    // POP, I.1, I.2 and I.3 changed (ratios are computed, not stored); I.4 and II.1 did not.
    expect(last.details!.changedCells).toBe(4);
  });

  it('traces one cell to each source: its value, number and timeliness, and the units still missing', async () => {
    const periodId = await newPeriod('2099-12-31');
    const hd = await submit('hoangdong', periodId, hoangdong);
    const mp = await submit('maipha', periodId, maipha);
    const id = await consolidation.consolidate(cityOfficer, periodId);

    const prov = await provenance.provenance(cityOfficer, id, {
      form: '01/TE',
      row: 'I.1',
      column: 'y2024',
    });
    expect(prov).toMatchObject({ report: { id }, form: '01/TE', value: 3253 });
    expect(prov.sources).toEqual([
      expect.objectContaining({ orgUnitId: unit.HD, reportId: hd.id, number: hd.number }),
      expect.objectContaining({ orgUnitId: unit.MP, reportId: mp.id, number: mp.number }),
    ]);
    expect(prov.sources.map((s) => [s.value, s.onTime])).toEqual([
      [2050, true],
      [1203, true],
    ]);
    expect(hd.number).toMatch(/^\d+\/BC-UBND$/);
    expect(prov.missing).toEqual([unit.QL]);
    expect(prov.missingUnits).toEqual([
      { id: unit.QL, code: 'QL', name: 'Ủy ban nhân dân xã Quảng Lạc' },
    ]);

    // A cell only Hoàng Đồng filled: Mai Pha's is empty, not 0; a ratio is each source's own.
    const i4 = await provenance.provenance(cityOfficer, id, {
      form: '01/TE',
      row: 'I.4',
      column: 'y2024',
    });
    expect([i4.value, ...i4.sources.map((s) => s.value)]).toEqual([300, 300, null]);
    const ratio = await provenance.provenance(cityOfficer, id, {
      form: '01/TE',
      row: 'I.1.r',
      column: 'y2024',
    });
    expect([ratio.value, ...ratio.sources.map((s) => s.value)]).toEqual([25.02, 25.63, 24.06]);
  });

  it('marks a source submitted after its deadline as late', async () => {
    const periodId = await newPeriod('2024-05-05');
    await submit('hoangdong', periodId, hoangdong);
    const id = await consolidation.consolidate(cityOfficer, periodId);
    const prov = await provenance.provenance(cityOfficer, id, {
      form: '01/TE',
      row: 'POP',
      column: 'y2024',
    });
    expect(prov.sources.map((s) => [s.orgUnitId, s.value, s.onTime])).toEqual([
      [unit.HD, 8000, false],
    ]);
    expect([...prov.missing].sort()).toEqual([unit.MP, unit.QL].sort());
  });

  it('refuses a unit without lower units (403), a head (403), and provenance of an original report (422)', async () => {
    const periodId = await newPeriod();
    await expect(
      consolidation.consolidate(await m.user('hoangdong.officer'), periodId),
    ).rejects.toMatchObject({ status: 403, code: 'NO_LOWER_UNITS_TO_CONSOLIDATE' });
    await expect(
      consolidation.consolidate(await m.user('tpls.head'), periodId),
    ).rejects.toMatchObject({ status: 403, code: 'CONSOLIDATION_FORBIDDEN' });
    // Neither refusal left a report behind.
    expect(await reports.list(await m.user('admin'), { periodId })).toEqual([]);

    const officer = await m.user('maipha.officer');
    const original = await reports.create(officer, { periodId, type: 'BC', title: 'Gốc' });
    await expect(
      provenance.provenance(officer, original.id, { form: '01/TE', row: 'I.1', column: 'y2024' }),
    ).rejects.toMatchObject({ status: 422, code: 'NOT_A_CONSOLIDATED_REPORT' });
  });
});
