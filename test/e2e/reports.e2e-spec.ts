import { TEST_PERIOD_CODE } from '../support/test-period';
import ExcelJS from 'exceljs';
import { FormDefinition, withComputedCells } from '@app/forms';
import { fillForm } from '../support/form-fill';
import { startTestApp, TestApp } from '../support/test-app';
import { binary } from '../support/http';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('Forms, periods and report drafts (e2e)', () => {
  let t: TestApp;
  let periodId: string;
  let reportId: string;
  const defs: Record<string, FormDefinition> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const periods = await t
      .http()
      .get('/api/periods')
      .set(await t.auth('hoangdong.officer'));
    periodId = periods.body.find((p: any) => p.code === TEST_PERIOD_CODE).id;
    for (const code of ['01/TE', '02/TE', '03/TE']) {
      defs[code] = (
        await t
          .http()
          .get(`/api/forms/${encodeURIComponent(code)}`)
          .set(await t.auth('hoangdong.officer'))
      ).body;
    }
  });
  afterAll(() => t.close());

  it('lists the shipped forms and the demo period 2024-H1', async () => {
    const forms = await t
      .http()
      .get('/api/forms')
      .set(await t.auth('maipha.officer'));
    expect(forms.body).toEqual([
      { code: '01/TE', version: 1, title: 'THỐNG KÊ SỐ LIỆU CƠ BẢN VỀ CÔNG TÁC TRẺ EM' },
      { code: '02/TE', version: 1, title: 'THỐNG KÊ VỀ HỆ THỐNG BẢO VỆ TRẺ EM' },
      { code: '03/TE', version: 1, title: 'THỐNG KÊ TRẺ EM CÓ HOÀN CẢNH ĐẶC BIỆT' },
    ]);
    expect(defs['03/TE'].columns.map((c) => c.unit)).toEqual([
      'Người',
      '%',
      'Người',
      'Người',
      'Người',
      'Người',
      'Người',
      'Người',
    ]);
    const periods = await t
      .http()
      .get('/api/periods')
      .set(await t.auth('maipha.officer'));
    expect(periods.body).toContainEqual(
      expect.objectContaining({
        code: '2024-H1',
        label: '6 tháng đầu năm 2024',
        year: 2024,
        cutoffFrom: '2023-12-15',
        cutoffTo: '2024-06-14',
        forms: ['01/TE', '02/TE', '03/TE'],
      }),
    );
  });

  it('creates one draft per unit and period, starting from the report outline; a second POST names the first', async () => {
    const res = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('hoangdong.officer'))
      .send({ periodId, type: 'BC', title: 'Kết quả công tác trẻ em 6 tháng đầu năm 2024' });
    expect(res.status).toBe(201);
    reportId = res.body.id;
    expect(res.body).toMatchObject({
      state: 'draft',
      step: 'editing',
      version: 1,
      forms: ['01/TE', '02/TE', '03/TE'],
      recipients: [],
    });
    expect(res.body.narrative).toMatch(/^I\. ĐẶC ĐIỂM TÌNH HÌNH/);
    expect(res.body.narrative).toMatch(/IV\. KẾ HOẠCH 6 THÁNG CUỐI NĂM 2024/);
    const again = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('hoangdong.officer'))
      .send({ periodId, type: 'BC', title: 'Lần hai' });
    expect(again.status).toBe(409);
    expect(again.body.existingReportId).toBe(reportId);
    expect(again.body.message).toMatch(/Kết quả công tác trẻ em 6 tháng đầu năm 2024/);
  });

  it('takes every cell of all three forms in Vietnamese or JSON numbers and reads them back, ratios computed', async () => {
    const current = (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    const expected: Record<string, any> = {};
    const patch: Record<string, any> = {};
    for (const [code, def] of Object.entries(defs)) {
      const data = fillForm(def, code.charCodeAt(1));
      // Keep the data consistent with the POP denominator so ratios are meaningful.
      expected[code] = withComputedCells(def, data);
      patch[code] = Object.fromEntries(
        Object.entries(data).map(([row, cols]) => [
          row,
          Object.fromEntries(
            Object.entries(cols).map(([c, v]) => [
              c,
              typeof v === 'number' && Number.isInteger(v) && v >= 1000
                ? v.toLocaleString('de-DE')
                : v,
            ]),
          ),
        ]),
      );
    }
    patch['01/TE'].POP = { y2024: '8.000' };
    patch['01/TE']['I.1'] = { y2024: '2.050' };
    expected['01/TE'] = withComputedCells(defs['01/TE'], {
      ...fillForm(defs['01/TE'], '01/TE'.charCodeAt(1)),
      POP: { y2024: 8000 },
      'I.1': { y2024: 2050 },
    });
    const res = await t
      .http()
      .patch(`/api/reports/${reportId}`)
      .set(await t.auth('hoangdong.officer'))
      .send({ version: current.version, data: patch });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(current.version + 1);
    const back = (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    for (const code of Object.keys(defs)) expect(back.data[code]).toEqual(expected[code]);
    expect(back.data['01/TE']['I.1.r'].y2024).toBe(25.63);
  });

  it('refuses bad cells with their form, row, column and a Vietnamese message, and writes none of the patch', async () => {
    const before = (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    const res = await t
      .http()
      .patch(`/api/reports/${reportId}`)
      .set(await t.auth('hoangdong.officer'))
      .send({
        version: before.version,
        title: 'Không được lưu',
        data: {
          '01/TE': {
            'I.2': { y2024: 12 },
            'I.3': { y2024: '25,6' },
            'I.1.r': { y2024: 50 },
            II: { y2024: 1 },
            'II.1': { y2024: -5 },
          },
          '03/TE': { 'II.1': { c1: 'mười' } },
          '02/TE': { 'I.1': { y2024: 'có lẽ' } },
        },
      });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { form: '01/TE', row: 'I.3', column: 'y2024', message: 'Phải là số nguyên (đơn vị đếm).' },
        {
          form: '01/TE',
          row: 'I.1.r',
          column: 'y2024',
          message: 'Ô này được tính tự động (tỷ lệ), không nhập.',
        },
        { form: '01/TE', row: 'II', column: 'y2024', message: 'Dòng tiêu đề không nhận số liệu.' },
        { form: '01/TE', row: 'II.1', column: 'y2024', message: 'Không được là số âm.' },
        {
          form: '03/TE',
          row: 'II.1',
          column: 'c1',
          message: expect.stringMatching(/Không phải là số/),
        },
        { form: '02/TE', row: 'I.1', column: 'y2024', message: expect.stringMatching(/Có.*Không/) },
      ]),
    );
    expect(res.body.errors).toHaveLength(6);
    const after = (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    expect(after.version).toBe(before.version);
    expect(after.title).toBe(before.title);
    expect(after.data['01/TE']['I.2']).toEqual(before.data['01/TE']['I.2']);
  });

  it('refuses a stale version with 409 and writes nothing', async () => {
    const before = (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    const ok = await t
      .http()
      .patch(`/api/reports/${reportId}`)
      .set(await t.auth('hoangdong.officer'))
      .send({ version: before.version, narrative: 'Bản mới' });
    expect(ok.status).toBe(200);
    const stale = await t
      .http()
      .patch(`/api/reports/${reportId}`)
      .set(await t.auth('hoangdong.officer'))
      .send({
        version: before.version,
        narrative: 'Ghi đè',
        data: { '01/TE': { 'I.2': { y2024: 1 } } },
      });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect(stale.body.message).toMatch(/tải lại/);
    const after = (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    expect(after.narrative).toBe('Bản mới');
    expect(after.data['01/TE']['I.2']).toEqual(before.data['01/TE']['I.2']);
  });

  it('saves exactly one of several PATCHes sent at once with the same version, cells and all; empty clears a cell', async () => {
    const before = (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    const token = await t.auth('hoangdong.officer');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t
          .http()
          .patch(`/api/reports/${reportId}`)
          .set(token)
          .send({
            version: before.version,
            narrative: `Bản ${i}`,
            data: { '01/TE': { 'I.2': { y2024: 100 + i }, 'I.3': { y2024: i % 2 ? null : 7 } } },
          }),
      ),
    );
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).length).toBe(7);
    const i = Number(won[0].body.narrative.replace('Bản ', ''));
    // The answer shows what was saved; the report holds the winner's content and cells, nobody else's.
    expect(won[0].body).toMatchObject({
      version: before.version + 1,
      orgUnitName: 'Ủy ban nhân dân xã Hoàng Đồng',
    });
    expect(won[0].body.data['01/TE']['I.2']).toEqual({ y2024: 100 + i });
    const after = (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    expect(after).toMatchObject({ version: before.version + 1, narrative: `Bản ${i}` });
    expect(after.data['01/TE']['I.2']).toEqual({ y2024: 100 + i });
    expect(after.data['01/TE']['I.3']?.y2024).toBe(i % 2 ? undefined : 7);
    expect(after.data).toEqual(won[0].body.data);
    // Clearing: null (or "") removes the value.
    const cleared = await t
      .http()
      .patch(`/api/reports/${reportId}`)
      .set(token)
      .send({
        version: after.version,
        data: { '01/TE': { 'I.2': { y2024: null }, 'I.3': { y2024: '' } } },
      });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data['01/TE']['I.2']?.y2024).toBeUndefined();
    expect(cleared.body.data['01/TE']['I.3']?.y2024).toBeUndefined();
  });

  it('catches a "Trong đó" larger than its whole and a "gồm" that does not add up', async () => {
    const cur = (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    await t
      .http()
      .patch(`/api/reports/${reportId}`)
      .set(await t.auth('hoangdong.officer'))
      .send({
        version: cur.version,
        data: {
          '01/TE': {
            'I.3': { y2024: 100 },
            'I.3.a': { y2024: 150 },
            'VII.4': { y2024: 50 },
            'VII.4.1': { y2024: '20,5' },
            'VII.4.2': { y2024: 20 },
          },
        },
      })
      .expect(200);
    const v = await t
      .http()
      .get(`/api/reports/${reportId}/validation`)
      .set(await t.auth('hoangdong.head'));
    expect(v.status).toBe(200);
    expect(v.body).toContainEqual({
      form: '01/TE',
      row: 'I.3.a',
      column: 'y2024',
      severity: 'error',
      message: expect.stringMatching(/\(150\) lớn hơn dòng 3/),
    });
    expect(v.body).toContainEqual({
      form: '01/TE',
      row: 'VII.4',
      column: 'y2024',
      severity: 'error',
      message: expect.stringMatching(/Tổng các thành phần \(40,5\) không bằng dòng 4/),
    });
  });

  it('keeps drafts to their unit: Mai Pha cannot see or touch them; only officers edit', async () => {
    expect(
      (
        await t
          .http()
          .get(`/api/reports/${reportId}`)
          .set(await t.auth('maipha.officer'))
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .patch(`/api/reports/${reportId}`)
          .set(await t.auth('maipha.officer'))
          .send({ version: 1, title: 'x' })
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .get(`/api/reports/${reportId}/forms/01%2FTE/xlsx`)
          .set(await t.auth('maipha.officer'))
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .get(`/api/reports/${reportId}`)
          .set(await t.auth('tpls.officer'))
      ).status,
    ).toBe(404);
    const list = await t
      .http()
      .get('/api/reports')
      .set(await t.auth('maipha.officer'));
    expect(list.body.map((r: any) => r.id)).not.toContain(reportId);
    const head = await t
      .http()
      .patch(`/api/reports/${reportId}`)
      .set(await t.auth('hoangdong.head'))
      .send({ version: 1, title: 'x' });
    expect(head.status).toBe(403);
    expect(
      (
        await t
          .http()
          .get(`/api/reports/not-a-uuid`)
          .set(await t.auth('hoangdong.officer'))
      ).status,
    ).toBe(404);
  });

  it('round-trips a form through Excel: export, change in the workbook, import, see the changes', async () => {
    const res = await t
      .http()
      .get(`/api/reports/${reportId}/forms/03%2FTE/xlsx`)
      .set(await t.auth('hoangdong.officer'))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const ws = wb.worksheets[0];
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => texts.push(String(c.value ?? ''))));
    expect(texts.join('|')).toMatch(/Ủy ban nhân dân xã Hoàng Đồng/);
    expect(texts.join('|')).toMatch(/6 tháng đầu năm 2024/);
    // Find the row of II.1 by its hidden key and change c1 and c3 as a person would.
    let target: ExcelJS.Row | undefined;
    ws.eachRow((row) => row.eachCell((c) => (c.value === 'II.1' ? (target = row) : undefined)));
    expect(target).toBeDefined();
    const header = ws.getRow(
      [...Array(20).keys()].map((i) => i + 1).find((i) => ws.getRow(i).getCell(1).value === 'TT')!,
    );
    const colOf = (label: string) => {
      let idx = 0;
      header.eachCell((c, n) => (String(c.value).startsWith(label) ? (idx = n) : undefined));
      return idx;
    };
    target!.getCell(colOf('Tổng số')).value = 321;
    target!.getCell(colOf('Được hưởng trợ cấp')).value = '1.0' as never;
    target!.getCell(colOf('Được hưởng trợ cấp')).value = '12';
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const before = (
      await t
        .http()
        .get(`/api/reports/${reportId}`)
        .set(await t.auth('hoangdong.officer'))
    ).body;
    const put = await t
      .http()
      .put(`/api/reports/${reportId}/forms/03%2FTE/xlsx`)
      .set(await t.auth('hoangdong.officer'))
      .set('Content-Type', XLSX)
      .send(buf);
    expect(put.status).toBe(200);
    expect(put.body.data['03/TE']['II.1'].c1).toBe(321);
    expect(put.body.data['03/TE']['II.1'].c3).toBe(12);
    expect(put.body.version).toBe(before.version + 1);
    // Everything else is unchanged.
    for (const [row, cols] of Object.entries(before.data['03/TE'] as Record<string, any>)) {
      for (const [col, v] of Object.entries(cols)) {
        if (row === 'II.1' && (col === 'c1' || col === 'c3' || col === 'c2')) continue;
        if (col === 'c2') continue;
        expect([row, col, put.body.data['03/TE'][row]?.[col]]).toEqual([row, col, v]);
      }
    }
  });

  it('answers a bad workbook with 422 naming the Excel cell, a non-workbook with 400, a huge one with 413', async () => {
    const res = await t
      .http()
      .get(`/api/reports/${reportId}/forms/01%2FTE/xlsx`)
      .set(await t.auth('hoangdong.officer'))
      .buffer(true)
      .parse(binary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const ws = wb.worksheets[0];
    let address = '';
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (c.value === 'I.2') {
          const cell = row.getCell(4);
          cell.value = 'hai nghìn';
          address = cell.address;
        }
      }),
    );
    const bad = await t
      .http()
      .put(`/api/reports/${reportId}/forms/01%2FTE/xlsx`)
      .set(await t.auth('hoangdong.officer'))
      .set('Content-Type', XLSX)
      .send(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toContainEqual(
      expect.objectContaining({
        form: '01/TE',
        row: 'I.2',
        column: 'y2024',
        cell: address,
        message: expect.stringMatching(/Không phải là số/),
      }),
    );
    const notXlsx = await t
      .http()
      .put(`/api/reports/${reportId}/forms/01%2FTE/xlsx`)
      .set(await t.auth('hoangdong.officer'))
      .set('Content-Type', XLSX)
      .send(Buffer.from('đây không phải bảng tính'));
    expect(notXlsx.status).toBe(400);
    const huge = await t
      .http()
      .put(`/api/reports/${reportId}/forms/01%2FTE/xlsx`)
      .set(await t.auth('hoangdong.officer'))
      .set('Content-Type', XLSX)
      .send(Buffer.alloc(6 * 1024 * 1024));
    expect(huge.status).toBe(413);
  });

  it('serves a blank template per form', async () => {
    const res = await t
      .http()
      .get('/api/forms/02%2FTE/xlsx')
      .set(await t.auth('quanglac.officer'))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    expect(wb.worksheets[0].name).toBe('02-TE');
  });
});

describe('A form the product has not shipped, defined through the API (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const custom = {
    code: 'PL/QBTTE',
    title: 'KẾT QUẢ VẬN ĐỘNG QUỸ BẢO TRỢ TRẺ EM GIAI ĐOẠN 2016-2020',
    columns: [
      { key: 'y2016', label: 'Năm 2016' },
      { key: 'y2017', label: 'Năm 2017' },
      { key: 'y2018', label: 'Năm 2018' },
      { key: 'y2019', label: 'Năm 2019' },
      { key: 'e2020', label: 'Ước thực hiện 2020' },
      { key: 'total', label: 'Tổng' },
      { key: 'unit', label: 'Cơ quan/đơn vị báo cáo', type: 'text' },
      { key: 'note', label: 'Ghi chú', type: 'text' },
    ],
    rows: [
      { key: 'I', no: 'I', label: 'Quỹ Bảo trợ trẻ em', kind: 'section' },
      {
        key: 'I.1',
        no: '1',
        label: 'Đã thành lập Quỹ Bảo trợ trẻ em cấp xã',
        unit: 'Có/không',
        type: 'boolean',
        consolidate: 'countTrue',
      },
      {
        key: 'I.2',
        no: '2',
        label: 'Kinh phí vận động, gồm:',
        unit: 'Triệu đồng',
        type: 'decimal',
      },
      { key: 'I.2.1', no: '2.1', label: 'Từ doanh nghiệp', unit: 'Triệu đồng', type: 'decimal' },
      { key: 'I.2.2', no: '2.2', label: 'Từ cá nhân', unit: 'Triệu đồng', type: 'decimal' },
      { key: 'I.3', no: '3', label: 'Nhận xét chung', type: 'text' },
    ],
    rules: [{ type: 'sum', total: 'I.2', parts: ['I.2.1', 'I.2.2'] }],
  };

  it('refuses a broken definition with 422 listing each problem, and non-admins with 403', async () => {
    const broken = {
      ...custom,
      rows: [...custom.rows, { key: 'I.1', label: 'Trùng', type: 'money' }],
      rules: [{ type: 'lte', left: 'I.9', right: 'I.2' }],
    };
    const res = await t
      .http()
      .post('/api/forms')
      .set(await t.auth('admin'))
      .send(broken);
    expect(res.status).toBe(422);
    const msgs = res.body.errors.map((e: any) => `${e.field}: ${e.message}`).join('\n');
    expect(msgs).toMatch(/rows\[6\]\.key: Khóa dòng "I.1" bị trùng/);
    expect(msgs).toMatch(/rows\[6\]\.type: Kiểu dữ liệu "money"/);
    expect(msgs).toMatch(/rules\[0\]\.left: Quy tắc trỏ tới dòng "I.9"/);
    expect(
      (
        await t
          .http()
          .post('/api/forms')
          .set(await t.auth('tpls.officer'))
          .send(custom)
      ).status,
    ).toBe(403);
  });

  it('defines it, opens a period with it, fills it, validates it and exports it', async () => {
    const created = await t
      .http()
      .post('/api/forms')
      .set(await t.auth('admin'))
      .send(custom);
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);
    const v2 = await t
      .http()
      .post('/api/forms')
      .set(await t.auth('admin'))
      .send({ ...custom, title: custom.title + ' (sửa đổi)' });
    expect(v2.body.version).toBe(2);
    const period = await t
      .http()
      .post('/api/periods')
      .set(await t.auth('admin'))
      .send({
        code: '2020-QBTTE',
        label: 'Giai đoạn 2016-2020',
        year: 2020,
        cutoffFrom: '2015-12-15',
        cutoffTo: '2020-12-14',
        forms: ['PL/QBTTE'],
        deadlines: [{ level: 'commune', date: '2020-11-05' }],
      });
    expect(period.status).toBe(201);
    expect(period.body.formVersions).toEqual([{ code: 'PL/QBTTE', version: 2 }]);
    const report = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('maipha.officer'))
      .send({ periodId: period.body.id, type: 'BC', title: 'Báo cáo giai đoạn' });
    expect(report.status).toBe(201);
    const patch = await t
      .http()
      .patch(`/api/reports/${report.body.id}`)
      .set(await t.auth('maipha.officer'))
      .send({
        version: 1,
        data: {
          'PL/QBTTE': {
            'I.1': {
              y2016: 'Không',
              y2017: 'Có',
              y2018: true,
              y2019: 'có',
              e2020: 'Có',
              note: 'Thành lập tháng 3/2017',
            },
            'I.2': { y2016: '10,5', y2017: 20, total: '30,5', unit: 'UBND xã Mai Pha' },
            'I.2.1': { y2016: 4, y2017: '12' },
            'I.2.2': { y2016: '6,5', y2017: 5 },
            'I.3': { y2016: 'Quỹ hoạt động <ổn định>', note: 'Xem báo cáo' },
          },
        },
      });
    expect(patch.status).toBe(200);
    expect(patch.body.data['PL/QBTTE']['I.1']).toEqual({
      y2016: false,
      y2017: true,
      y2018: true,
      y2019: true,
      e2020: true,
      note: 'Thành lập tháng 3/2017',
    });
    expect(patch.body.data['PL/QBTTE']['I.2']).toEqual({
      y2016: 10.5,
      y2017: 20,
      total: 30.5,
      unit: 'UBND xã Mai Pha',
    });
    const validation = await t
      .http()
      .get(`/api/reports/${report.body.id}/validation`)
      .set(await t.auth('maipha.officer'));
    expect(validation.body).toEqual([
      {
        form: 'PL/QBTTE',
        row: 'I.2',
        column: 'y2017',
        severity: 'error',
        message: expect.stringMatching(/Tổng các thành phần \(17\) không bằng dòng 2/),
      },
    ]);
    const xlsx = await t
      .http()
      .get(`/api/reports/${report.body.id}/forms/PL%2FQBTTE/xlsx`)
      .set(await t.auth('maipha.officer'))
      .buffer(true)
      .parse(binary);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    const texts: string[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    for (const s of [
      'Năm 2016',
      'Ước thực hiện 2020',
      'Tổng',
      'Cơ quan/đơn vị báo cáo',
      'Ghi chú',
      'Kinh phí vận động, gồm:',
      'Quỹ hoạt động <ổn định>',
      'Thành lập tháng 3/2017',
      'UBND xã Mai Pha',
      'Có',
      'Không',
    ]) {
      expect(texts).toContain(s);
    }
  });
});
