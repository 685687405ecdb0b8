import {
  FormData,
  FormDefinition,
  cellRatio,
  cellType,
  evaluateRules,
  isValueRow,
  withComputedCells,
} from '@app/forms';
import { validFill } from '../support/form-fill';
import { pdfText } from '../support/pdf';
import { binary } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { fire, periodId } from '../support/workflow';

/** The test's own combination of lower reports: sum numbers, count "Có" where the row says so. */
function expectedSum(def: FormDefinition, datas: FormData[]): FormData {
  const out: FormData = {};
  for (const row of def.rows) {
    if (!isValueRow(row) || row.consolidate === 'none') continue;
    for (const col of def.columns) {
      if (cellRatio(row, col)) continue;
      const t = cellType(row, col);
      const values = datas.map((d) => d[row.key]?.[col.key]).filter((v) => v !== undefined);
      if (values.length === 0) continue;
      let v: number | undefined;
      if (t === 'boolean' && row.consolidate === 'countTrue')
        v = values.reduce<number>(
          (s, x) => s + (x === true ? 1 : typeof x === 'number' ? x : 0),
          0,
        );
      else if (t === 'integer' || t === 'decimal')
        v = Math.round(values.reduce<number>((s, x) => s + (x as number), 0) * 1e4) / 1e4;
      if (v !== undefined) (out[row.key] ??= {})[col.key] = v;
    }
  }
  return withComputedCells(def, out);
}

describe('Consolidation up the hierarchy (e2e)', () => {
  let t: TestApp;
  let period: string;
  let defs: Record<string, FormDefinition>;
  const data: Record<string, Record<string, FormData>> = {};
  const reports: Record<string, string> = {};

  async function submitCommune(prefix: string, seed: number) {
    const officer = `${prefix}.officer`;
    const created = await t
      .http()
      .post('/api/reports')
      .set(await t.auth(officer))
      .send({ periodId: period, type: 'BC', title: `Báo cáo 6 tháng đầu năm 2024 của ${prefix}` });
    expect(created.status).toBe(201);
    data[prefix] = Object.fromEntries(
      Object.values(defs).map((d) => [d.code, validFill(d, seed + d.code.charCodeAt(1))]),
    );
    for (const [code, d] of Object.entries(data[prefix]))
      expect(evaluateRules(defs[code], d).filter((v) => v.severity === 'error')).toEqual([]);
    const patch = await t
      .http()
      .patch(`/api/reports/${created.body.id}`)
      .set(await t.auth(officer))
      .send({ version: created.body.version, data: data[prefix] });
    expect(patch.status).toBe(200);
    expect((await fire(t, officer, created.body.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, `${prefix}.head`, created.body.id, 'SIGN')).status).toBe(200);
    const sub = await fire(t, `${prefix}.clerk`, created.body.id, 'SUBMIT');
    expect(sub.status).toBe(200);
    reports[prefix] = created.body.id;
  }

  /** The city's consolidation of the period, as its officer asks for it. */
  const consolidate = async () =>
    t
      .http()
      .post('/api/consolidations')
      .set(await t.auth('tpls.officer'))
      .send({ periodId: period });

  // Every test starts from its own copy of the demo database and makes the reports it needs.
  beforeEach(async () => {
    t = await startTestApp();
    period = await periodId(t);
    defs = {};
    for (const code of ['01/TE', '02/TE', '03/TE'])
      defs[code] = (
        await t
          .http()
          .get(`/api/forms/${encodeURIComponent(code)}`)
          .set(await t.auth('admin'))
      ).body;
  }, 120000);
  afterEach(() => t.close());

  let consolidatedId: string;

  it('sums the submitted communes cell by cell, recomputes ratios, counts "Có", lists the missing commune', async () => {
    await submitCommune('hoangdong', 11);
    await submitCommune('maipha', 23);
    const res = await consolidate();
    expect(res.status).toBe(201);
    consolidatedId = res.body.id;
    expect(res.body).toMatchObject({ kind: 'consolidated', state: 'draft', step: 'editing' });
    for (const code of Object.keys(defs)) {
      expect(res.body.data[code]).toEqual(
        expectedSum(defs[code], [data.hoangdong[code], data.maipha[code]]),
      );
    }
    // A ratio is recomputed from the summed parts, not summed or averaged.
    const pop = res.body.data['01/TE'].POP.y2024;
    const under16 = res.body.data['01/TE']['I.1'].y2024;
    expect(res.body.data['01/TE']['I.1.r'].y2024).toBe(Math.round((under16 * 10000) / pop) / 100);
    // Yes/no rows become the number of communes answering "Có".
    const yes = [data.hoangdong, data.maipha].filter(
      (d) => d['02/TE']['I.3']?.y2024 === true,
    ).length;
    expect(res.body.data['02/TE']['I.3']?.y2024 ?? 0).toBe(yes);
    expect(res.body.narrative).toMatch(/tổng hợp số liệu từ báo cáo của 2\/3 đơn vị cấp dưới/);
    expect(res.body.narrative).toMatch(/1 đơn vị chưa gửi báo cáo: Ủy ban nhân dân xã Quảng Lạc/);

    const units = Object.fromEntries(
      (
        await t
          .http()
          .get('/api/org-units')
          .set(await t.auth('admin'))
      ).body.map((u: any) => [u.code, u.id]),
    );
    const prov = await t
      .http()
      .get(`/api/reports/${consolidatedId}/provenance`)
      .query({ form: '03/TE', row: 'II.1', column: 'c1' })
      .set(await t.auth('tpls.officer'));
    expect(prov.status).toBe(200);
    expect(prov.body.value).toBe(
      (data.hoangdong['03/TE']['II.1'].c1 as number) + (data.maipha['03/TE']['II.1'].c1 as number),
    );
    expect(prov.body.sources.map((s: any) => [s.orgUnitId, s.reportId, s.number, s.value])).toEqual(
      [
        [units.HD, reports.hoangdong, '01/BC-UBND', data.hoangdong['03/TE']['II.1'].c1],
        [units.MP, reports.maipha, '01/BC-UBND', data.maipha['03/TE']['II.1'].c1],
      ],
    );
    expect(prov.body.missing).toEqual([units.QL]);

    // The lower reports are now consolidated, with a history row each.
    const hd = (
      await t
        .http()
        .get(`/api/reports/${reports.hoangdong}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    expect(hd.state).toBe('consolidated');
    const hist = (
      await t
        .http()
        .get(`/api/reports/${reports.hoangdong}/history`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    expect(hist.at(-1)).toMatchObject({
      type: 'CONSOLIDATE',
      from: 'submitted',
      to: 'consolidated',
      actor: { fullName: 'Đinh Thị Hương' },
    });
    // Consolidated data is not typed in.
    const typed = await t
      .http()
      .patch(`/api/reports/${consolidatedId}`)
      .set(await t.auth('tpls.officer'))
      .send({ version: res.body.version, data: { '01/TE': { POP: { y2024: 1 } } } });
    expect(typed.status).toBe(422);
  });

  it('after a late submission, a refresh changes exactly the cells of the late commune and says so in the history', async () => {
    await submitCommune('hoangdong', 11);
    await submitCommune('maipha', 23);
    consolidatedId = (await consolidate()).body.id;
    const before = (
      await t
        .http()
        .get(`/api/reports/${consolidatedId}`)
        .set(await t.auth('tpls.officer'))
    ).body;
    await submitCommune('quanglac', 37);
    const res = await consolidate();
    expect(res.status).toBe(201);
    expect(res.body.id).toBe(consolidatedId);
    for (const code of Object.keys(defs)) {
      const expected = expectedSum(defs[code], [
        data.hoangdong[code],
        data.maipha[code],
        data.quanglac[code],
      ]);
      expect(res.body.data[code]).toEqual(expected);
      // Every input cell that changed is one Quảng Lạc reported.
      for (const [row, cols] of Object.entries(expected)) {
        for (const [col, v] of Object.entries(cols)) {
          const isInput = !cellRatio(
            defs[code].rows.find((r) => r.key === row)!,
            defs[code].columns.find((c) => c.key === col)!,
          );
          if (isInput && before.data[code][row]?.[col] !== v)
            expect(data.quanglac[code][row]?.[col]).toBeDefined();
        }
      }
    }
    expect(res.body.narrative).toMatch(/3\/3 đơn vị cấp dưới/);
    const hist = (
      await t
        .http()
        .get(`/api/reports/${consolidatedId}/history`)
        .set(await t.auth('tpls.officer'))
    ).body;
    const last = hist.at(-1);
    expect(last.type).toBe('CONSOLIDATION');
    expect(last.comment).toMatch(
      /Tổng hợp lại: \d+ ô số liệu thay đổi; thêm báo cáo của Ủy ban nhân dân xã Quảng Lạc/,
    );
    expect(last.details.changedCells).toBeGreaterThan(0);
  });

  it('is signed and issued with its own number, then the province consolidates it', async () => {
    for (const [commune, seed] of [
      ['hoangdong', 11],
      ['maipha', 23],
      ['quanglac', 37],
    ] as const)
      await submitCommune(commune, seed);
    consolidatedId = (await consolidate()).body.id;
    expect((await fire(t, 'tpls.officer', consolidatedId, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, 'tpls.head', consolidatedId, 'SIGN')).status).toBe(200);
    const issued = await fire(t, 'tpls.clerk', consolidatedId, 'SUBMIT');
    expect(issued.status).toBe(200);
    expect(issued.body.number).toBe('01/BC-UBND');
    const pdf = await t
      .http()
      .get(`/api/reports/${consolidatedId}/pdf`)
      .set(await t.auth('tpls.officer'))
      .buffer(true)
      .parse(binary);
    const text = pdfText(pdf.body).replace(/[\s\u00a0]+/g, ' ');
    expect(text).toContain('ỦY BAN NHÂN DÂN THÀNH PHỐ LẠNG SƠN');
    expect(text).toContain('DANH SÁCH BÁO CÁO CỦA CÁC ĐƠN VỊ CẤP DƯỚI ĐƯỢC TỔNG HỢP');
    expect(text).toContain('Ủy ban nhân dân xã Quảng Lạc');
    expect(text).toMatch(/3\/3 đơn vị cấp dưới/);
    // The lower reports can no longer be returned: the upper unit signed.
    const back = await fire(
      t,
      'tpls.officer',
      reports.hoangdong,
      'RETURN',
      'Sai số liệu',
      'hoangdong.officer',
    );
    expect(back.status).toBe(409);

    const tpls = (
      await t
        .http()
        .get(`/api/reports/${consolidatedId}`)
        .set(await t.auth('tpls.officer'))
    ).body;
    const province = await t
      .http()
      .post('/api/consolidations')
      .set(await t.auth('sols.officer'))
      .send({ periodId: period });
    expect(province.status).toBe(201);
    for (const code of Object.keys(defs))
      expect(province.body.data[code]).toEqual(expectedSum(defs[code], [tpls.data[code]]));
    expect(province.body.narrative).toMatch(/1\/1 đơn vị cấp dưới/);
    expect(
      (
        await t
          .http()
          .get(`/api/reports/${consolidatedId}`)
          .set(await t.auth('tpls.officer'))
      ).body.state,
    ).toBe('consolidated');
  });

  it('refuses units without lower units and roles other than officer', async () => {
    expect(
      (
        await t
          .http()
          .post('/api/consolidations')
          .set(await t.auth('hoangdong.officer'))
          .send({ periodId: period })
      ).status,
    ).toBe(403);
    expect(
      (
        await t
          .http()
          .post('/api/consolidations')
          .set(await t.auth('tpls.head'))
          .send({ periodId: period })
      ).status,
    ).toBe(403);
    expect(
      (
        await t
          .http()
          .post('/api/consolidations')
          .set(await t.auth('tpls.officer'))
          .send({ periodId: 'x' })
      ).status,
    ).toBe(422);
  });
});
