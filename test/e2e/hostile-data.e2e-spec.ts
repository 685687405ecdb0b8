import ExcelJS from 'exceljs';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FormData, FormDefinition } from '@app/forms';
import { importWorkbook, postImport } from '../support/administration';
import { validFill } from '../support/form-fill';
import { binary } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { fire, periodId } from '../support/workflow';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NUL = '\u0000';
const RLO = '\u202E';
const ZWSP = '\u200B';
/** "Báo cáo tổng hợp" with its letters decomposed (NFD): what some keyboards send. */
const NFD_TITLE = 'Báo cáo tổng hợp'.normalize('NFD');

/** Whether anything reached Object.prototype (the process-wide damage of prototype pollution). */
const polluted = () => {
  const keys: string[] = [];
  for (const k in {}) keys.push(k);
  return keys;
};

/** Data typed into hostile text fields and rows — what an attacker controls — sent through HTTP. */
describe('Hostile data (e2e)', () => {
  let t: TestApp;
  let units: Record<string, string>;

  /** A signed-in browser session of the web pages: the agent and the page's CSRF token. */
  async function webSession(username: string) {
    const agent = request.agent(t.app.getHttpServer());
    const home = await agent.get('/');
    const loginToken = /name="_csrf" value="([^"]+)"/.exec(home.text)![1];
    const ok = await agent
      .post('/login')
      .type('form')
      .send({ username, password: 'demo', _csrf: loginToken });
    expect(ok.status).toBe(303);
    const page = await agent.get('/');
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.text)![1];
    return { agent, csrf };
  }

  /** A report taken through signing and issuing by its unit (officer, head, clerk). */
  async function issue(prefix: string, reportId: string) {
    expect((await fire(t, `${prefix}.officer`, reportId, 'REQUEST_SIGNATURE')).status).toBe(200);
    expect((await fire(t, `${prefix}.head`, reportId, 'SIGN')).status).toBe(200);
    const sub = await fire(t, `${prefix}.clerk`, reportId, 'SUBMIT');
    expect([sub.status, sub.body.code]).toEqual([200, undefined]);
  }

  async function newReport(officer: string, period: string, title: string) {
    const res = await t
      .http()
      .post('/api/reports')
      .set(await t.auth(officer))
      .send({ periodId: period, type: 'BC', title });
    expect([res.status, res.body.code]).toEqual([201, undefined]);
    return res.body as { id: string; version: number };
  }

  const sql = async <T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_THROTTLE_LIMIT: '1000' });
    const list = await t
      .http()
      .get('/api/org-units')
      .set(await t.auth('admin'));
    units = Object.fromEntries(list.body.map((u: { code: string; id: string }) => [u.code, u.id]));
  });
  afterAll(async () => {
    expect(polluted()).toEqual([]);
    await t.close();
  });

  describe('5: prototype pollution through form, row and column keys', () => {
    it('refuses __proto__, constructor, prototype and every Object.prototype name as a key', async () => {
      const admin = await t.auth('admin');
      for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
        for (const where of ['rows', 'columns'] as const) {
          const def = {
            code: 'PP/TE',
            title: 'Biểu thử',
            columns: [{ key: where === 'columns' ? key : 'c1', label: 'Cột' }],
            rows: [{ key: where === 'rows' ? key : 'r1', label: 'Dòng' }],
          };
          const res = await t.http().post('/api/forms').set(admin).send(def);
          expect([key, where, res.status, res.body.code]).toEqual([
            key,
            where,
            422,
            'FORM_DEFINITION_INVALID',
          ]);
          expect(res.body.errors).toContainEqual({
            field: `${where}[0].key`,
            message: expect.stringMatching(/dành riêng/),
          });
        }
      }
      const code = await t
        .http()
        .post('/api/forms')
        .set(admin)
        .send({
          code: 'constructor',
          title: 'x',
          columns: [{ key: 'c', label: 'c' }],
          rows: [{ key: 'r', label: 'r' }],
        });
      expect(code.body.errors).toContainEqual({
        field: 'code',
        message: expect.stringMatching(/dành riêng/),
      });
      expect(polluted()).toEqual([]);
    });

    it('keeps Object.prototype clean when a stored form has such keys: web save, Excel import, PATCH, consolidation, provenance', async () => {
      // A definition stored before the key check existed: straight into the table.
      const definition = {
        code: 'PP/TE',
        title: 'Biểu có khóa nguy hiểm',
        columns: [
          { key: 'polluted', label: 'Cột độc' },
          { key: 'c2', label: 'Cột 2' },
        ],
        rows: [
          { key: '__proto__', label: 'Dòng __proto__', type: 'integer' },
          { key: 'constructor', label: 'Dòng constructor', type: 'integer' },
          { key: 'R1', label: 'Dòng thường', type: 'integer' },
        ],
        rules: [],
      };
      await sql(t.db.url, (c) =>
        c.query(
          `INSERT INTO form_definition (code, version, title, definition) VALUES ('PP/TE', 1, $1, $2::jsonb)`,
          [definition.title, JSON.stringify({ ...definition, version: 1 })],
        ),
      );
      const admin = await t.auth('admin');
      const period = await t
        .http()
        .post('/api/periods')
        .set(admin)
        .send({
          code: 'PP-2024',
          label: 'Kỳ thử khóa nguy hiểm',
          year: 2024,
          cutoffFrom: '2024-01-01',
          cutoffTo: '2024-06-30',
          forms: ['PP/TE'],
          deadlines: [],
        });
      expect(period.status).toBe(201);
      const report = await newReport('quanglac.officer', period.body.id, 'Báo cáo kỳ thử');

      // The web editor's save: cells of the rows "__proto__" and "constructor", column "polluted".
      const web = await webSession('quanglac.officer');
      const page = await web.agent.get(`/reports/${report.id}`);
      expect(page.status).toBe(200);
      const saved = await web.agent
        .post(`/reports/${report.id}`)
        .type('form')
        .send({
          _csrf: web.csrf,
          version: String(report.version),
          'c-0-0-0': '5',
          'c-0-1-0': '7',
          'c-0-2-0': '9',
        });
      expect(saved.status).toBe(303);
      expect(polluted()).toEqual([]);

      // The Excel import of the same form: every row, "__proto__" included, is read.
      const officer = await t.auth('quanglac.officer');
      const xlsx = (
        await t
          .http()
          .get(`/api/reports/${report.id}/forms/PP%2FTE/xlsx`)
          .set(officer)
          .buffer(true)
          .parse(binary)
      ).body as Buffer;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx as never);
      const ws = wb.worksheets[0];
      let keyCol = 0;
      ws.eachRow((row) =>
        row.eachCell((cell, c) => {
          if (cell.value === 'key') keyCol = c;
        }),
      );
      expect(keyCol).toBeGreaterThan(0);
      const values = new Map([
        ['__proto__', 11],
        ['constructor', 12],
        ['R1', 13],
      ]);
      ws.eachRow((row) => {
        const value = values.get(String(row.getCell(keyCol).value ?? ''));
        if (value !== undefined) row.getCell(4).value = value; // the first value column: "polluted"
      });
      const current = await t.http().get(`/api/reports/${report.id}`).set(officer);
      const put = await t
        .http()
        .put(`/api/reports/${report.id}/forms/PP%2FTE/xlsx?version=${current.body.version}`)
        .set(officer)
        .set('Content-Type', XLSX)
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
      expect([put.status, put.body.code]).toEqual([200, undefined]);
      expect(polluted()).toEqual([]);

      // The stored "__proto__" row is data like any other, read back as an own key.
      const after = await t.http().get(`/api/reports/${report.id}`).set(officer);
      const data = after.body.data['PP/TE'];
      expect(Object.prototype.hasOwnProperty.call(data, '__proto__')).toBe(true);
      expect([data['__proto__'].polluted, data.constructor.polluted, data.R1.polluted]).toEqual([
        11, 12, 13,
      ]);

      // PATCH with the same keys (raw JSON, so "__proto__" is an own key of the body).
      const patch = await t
        .http()
        .patch(`/api/reports/${report.id}`)
        .set(officer)
        .type('json')
        .send(
          `{"version": ${after.body.version}, "data": {"PP/TE": {"__proto__": {"polluted": 21}, "constructor": {"polluted": 22}}}}`,
        );
      expect(patch.status).toBe(200);
      expect(patch.body.data['PP/TE'].constructor.polluted).toBe(22);
      expect((await t.http().get(`/api/reports/${report.id}/validation`).set(officer)).status).toBe(
        200,
      );
      expect(polluted()).toEqual([]);

      // Issued, then consolidated one level up, and traced back to its source.
      await issue('quanglac', report.id);
      const cons = await t
        .http()
        .post('/api/consolidations')
        .set(await t.auth('tpls.officer'))
        .send({ periodId: period.body.id });
      expect(cons.status).toBe(201);
      const consolidated = await t
        .http()
        .get(`/api/reports/${cons.body.id}`)
        .set(await t.auth('tpls.officer'));
      expect(consolidated.body.data['PP/TE']['__proto__'].polluted).toBe(11);
      const prov = await t
        .http()
        .get(`/api/reports/${cons.body.id}/provenance`)
        .query({ form: 'PP/TE', row: '__proto__', column: 'polluted' })
        .set(await t.auth('tpls.officer'));
      expect([prov.status, prov.body.value, prov.body.sources[0]?.value]).toEqual([200, 11, 11]);
      expect(polluted()).toEqual([]);

      // Everyone can still sign in, and the server says it is healthy because it is.
      expect((await t.login('hoangdong.officer')).accessToken).toBeTruthy();
      expect((await t.http().get('/api/health')).body).toMatchObject({
        status: 'ok',
        runtime: 'ok',
      });
    }, 120000);

    it('/api/health runs a real query through the ORM: a polluted process is reported, not "ok"', async () => {
      const proto = Object.prototype as Record<string, unknown>;
      let res: request.Response;
      try {
        proto.polluted = 'x';
        res = await t.http().get('/api/health');
      } finally {
        delete proto.polluted;
      }
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        status: 'error',
        database: 'unavailable',
        runtime: 'corrupted',
      });
      expect((await t.http().get('/api/health')).status).toBe(200);
    });
  });

  describe('7: provenance of a consolidated report read by a recipient', () => {
    let consolidatedId: string;
    const sourceIds: Record<string, string> = {};
    const sourceData: Record<string, FormData> = {};

    beforeAll(async () => {
      const period = await periodId(t);
      const defs: FormDefinition[] = [];
      for (const code of ['01/TE', '02/TE', '03/TE'])
        defs.push(
          (
            await t
              .http()
              .get(`/api/forms/${encodeURIComponent(code)}`)
              .set(await t.auth('admin'))
          ).body,
        );
      for (const [prefix, seed] of [
        ['hoangdong', 3],
        ['maipha', 5],
      ] as const) {
        const r = await newReport(
          `${prefix}.officer`,
          period,
          `Báo cáo tổng hợp 6 tháng của ${prefix}`,
        );
        const data = Object.fromEntries(defs.map((d, i) => [d.code, validFill(d, seed + i)]));
        sourceData[prefix] = data['01/TE'];
        const patch = await t
          .http()
          .patch(`/api/reports/${r.id}`)
          .set(await t.auth(`${prefix}.officer`))
          .send({ version: r.version, data });
        expect(patch.status).toBe(200);
        await issue(prefix, r.id);
        sourceIds[prefix] = r.id;
      }
      const cons = await t
        .http()
        .post('/api/consolidations')
        .set(await t.auth('tpls.officer'))
        .send({ periodId: period });
      expect(cons.status).toBe(201);
      consolidatedId = cons.body.id;
      // Addressed to Quảng Lạc (not a source) and Hoàng Đồng (one of the two sources).
      const patch = await t
        .http()
        .patch(`/api/reports/${consolidatedId}`)
        .set(await t.auth('tpls.officer'))
        .send({
          version: cons.body.version,
          recipients: [{ orgUnitId: units.QL }, { orgUnitId: units.HD }],
        });
      expect(patch.status).toBe(200);
      await issue('tpls', consolidatedId);
    }, 180000);

    const provenance = async (user: string) =>
      t
        .http()
        .get(`/api/reports/${consolidatedId}/provenance`)
        .query({ form: '01/TE', row: 'I.1', column: 'y2024' })
        .set(await t.auth(user));

    it('gives a recipient that may read no source only the aggregate: no report ids, no values per unit', async () => {
      expect(
        (
          await t
            .http()
            .get(`/api/reports/${consolidatedId}`)
            .set(await t.auth('quanglac.officer'))
        ).status,
      ).toBe(200);
      for (const id of Object.values(sourceIds))
        expect(
          (
            await t
              .http()
              .get(`/api/reports/${id}`)
              .set(await t.auth('quanglac.officer'))
          ).status,
        ).toBe(404);
      const res = await provenance('quanglac.officer');
      expect(res.status).toBe(200);
      const total =
        (sourceData.hoangdong['I.1'].y2024 as number) + (sourceData.maipha['I.1'].y2024 as number);
      expect(res.body.value).toBe(total);
      expect(res.body.sources).toEqual([]);
      expect(res.body.otherSources).toEqual({ count: 2, value: total });
      const text = JSON.stringify(res.body);
      for (const id of Object.values(sourceIds)) expect(text).not.toContain(id);
      // The web page says the same.
      const web = await webSession('quanglac.officer');
      const page = await web.agent.get(
        `/reports/${consolidatedId}/provenance?form=01%2FTE&row=I.1&column=y2024`,
      );
      expect(page.status).toBe(200);
      for (const id of Object.values(sourceIds)) expect(page.text).not.toContain(id);
      expect(page.text).toContain('2 báo cáo khác');
    });

    it('shows a recipient its own source, the others as one aggregate; the upper unit sees every source', async () => {
      const hd = await provenance('hoangdong.officer');
      expect(hd.body.sources.map((s: { reportId: string }) => s.reportId)).toEqual([
        sourceIds.hoangdong,
      ]);
      expect(hd.body.otherSources).toEqual({ count: 1, value: sourceData.maipha['I.1'].y2024 });
      expect(JSON.stringify(hd.body)).not.toContain(sourceIds.maipha);
      const city = await provenance('tpls.officer');
      expect(city.body.sources.map((s: { reportId: string }) => s.reportId)).toEqual([
        sourceIds.hoangdong,
        sourceIds.maipha,
      ]);
      expect(city.body.otherSources).toEqual({ count: 0, value: null });
    });
  });

  describe('10 and 14: NUL, control, bidi and zero-width characters; NFC', () => {
    let reportId: string;
    let version: number;

    beforeAll(async () => {
      const r = await newReport('quanglac.officer', await periodId(t), 'Báo cáo thử ký tự');
      reportId = r.id;
      version = r.version;
    });

    /** 422 naming the field, never a server error; nothing written. */
    const refused = (res: request.Response, field: string) => {
      expect([
        res.status,
        res.body.code,
        res.body.errors?.map((e: { field?: string }) => e.field),
      ]).toEqual([422, 'VALIDATION_FAILED', [field]]);
      expect(res.body.errors[0].message).toMatch(/không được phép/);
    };

    it.each([
      ['NUL', NUL],
      ['a C0 control', '\u0007'],
      ['a right-to-left override', RLO],
      ['a left-to-right embedding', '\u202A'],
      ['an isolate', '\u2066'],
      ['a zero-width space', ZWSP],
      ['a zero-width joiner', '\u200D'],
      ['a byte order mark', '\uFEFF'],
    ])(
      'refuses %s in every field with 422 naming it',
      async (_name, ch) => {
        const officer = await t.auth('quanglac.officer');
        const admin = await t.auth('admin');
        const p = await periodId(t);
        refused(
          await t
            .http()
            .post('/api/reports')
            .set(await t.auth('hoangdong.officer'))
            .send({ periodId: p, type: 'BC', title: `Báo cáo${ch}` }),
          'title',
        );
        refused(
          await t
            .http()
            .patch(`/api/reports/${reportId}`)
            .set(officer)
            .send({ version, title: `Tiêu đề ${ch}` }),
          'title',
        );
        refused(
          await t
            .http()
            .patch(`/api/reports/${reportId}`)
            .set(officer)
            .send({ version, narrative: `I. Mục\n\nĐoạn ${ch} văn` }),
          'narrative',
        );
        refused(
          await t
            .http()
            .patch(`/api/reports/${reportId}`)
            .set(officer)
            .send({ version, recipients: [{ name: `Nơi nhận${ch}` }] }),
          'recipients.0.name',
        );
        refused(
          await t
            .http()
            .post(`/api/reports/${reportId}/events`)
            .set(officer)
            .send({ type: 'RETURN', version, comment: `Lý do${ch}` }),
          'comment',
        );
        refused(
          await t
            .http()
            .get(`/api/documents?q=${encodeURIComponent(`báo${ch}cáo`)}`)
            .set(officer),
          'q',
        );
        refused(
          await t
            .http()
            .get(`/api/forms/${encodeURIComponent(`01${ch}/TE`)}`)
            .set(officer),
          'code',
        );
        refused(
          await t
            .http()
            .post('/api/users')
            .set(admin)
            .send({
              username: `ab${ch}c`,
              fullName: 'Người thử',
              orgUnitId: units.QL,
              roles: ['officer'],
            }),
          'username',
        );
        refused(
          await t
            .http()
            .post('/api/users')
            .set(admin)
            .send({
              username: 'nguoithu',
              fullName: `Người${ch} thử`,
              orgUnitId: units.QL,
              roles: ['officer'],
            }),
          'fullName',
        );
        refused(
          await t
            .http()
            .post('/api/auth/login')
            .send({ username: `admin${ch}`, password: 'demo' }),
          'username',
        );
        refused(
          await t
            .http()
            .post('/api/forms')
            .set(admin)
            .send({
              code: 'KT/TE',
              title: 'Biểu',
              columns: [{ key: 'c', label: `Cột${ch}` }],
              rows: [{ key: 'r', label: 'Dòng' }],
            }),
          'columns.0.label',
        );
        // Anywhere in a body, a cell's value or a key included.
        refused(
          await t
            .http()
            .patch(`/api/reports/${reportId}`)
            .set(officer)
            .send({ version, data: { '01/TE': { [`I.1${ch}`]: { y2024: 1 } } } }),
          `data.01/TE.I.1${ch}`,
        );
        // A unit in the administrators' import (an .xlsx cannot even hold NUL or C0 controls).
        const imp = await postImport(
          t,
          admin,
          await importWorkbook(
            [
              {
                Mã: 'XA-KT',
                Tên: `Xã${ch} thử`,
                Cấp: 'xã',
                'Mã đơn vị cấp trên': 'LS',
                'Viết tắt': 'UBND',
                'Địa danh': 'Thử',
                Loại: 'tập thể',
                'Hiệu lực từ': '2024-01-01',
              },
            ],
            [],
          ),
        );
        if (ch < ' ') {
          // The workbook's XML cannot carry it: the cell arrives without it, or the file is refused.
          expect(imp.status).toBeLessThan(500);
          const unit = (await t.http().get('/api/org-units').set(admin)).body.find(
            (u: { code: string }) => u.code === 'XA-KT',
          );
          if (imp.status === 200) expect(unit.name).toBe('Xã thử');
        } else {
          expect([imp.status, imp.body.code, imp.body.errors?.[0]?.message]).toEqual([
            422,
            'IMPORT_INVALID',
            expect.stringMatching(/Cột "Tên": .*không được phép/),
          ]);
        }
        // The web editor's form: the page answers 422 and nothing is saved.
        const web = await webSession('quanglac.officer');
        const save = await web.agent
          .post(`/reports/${reportId}`)
          .type('form')
          .send({
            _csrf: web.csrf,
            version: String(version),
            title: `Tiêu đề${ch}`,
            narrative: '',
          });
        expect(save.status).toBe(422);
        expect(save.text).toMatch(/không được phép/);
        const stored = await t.http().get(`/api/reports/${reportId}`).set(officer);
        expect([stored.body.version, stored.body.title]).toEqual([version, 'Báo cáo thử ký tự']);
        expect((await t.http().get('/api/health')).status).toBe(200);
      },
      60000,
    );

    it('refuses a bidi override or a zero-width space in a text cell of an uploaded workbook', async () => {
      const admin = await t.auth('admin');
      const form = await t
        .http()
        .post('/api/forms')
        .set(admin)
        .send({
          code: 'TX/TE',
          title: 'Biểu có cột ghi chú',
          columns: [
            { key: 'n', label: 'Số' },
            { key: 'note', label: 'Ghi chú', type: 'text' },
          ],
          rows: [{ key: 'R1', label: 'Dòng một' }],
        });
      expect(form.status).toBe(201);
      const period = await t
        .http()
        .post('/api/periods')
        .set(admin)
        .send({
          code: 'TX-2024',
          label: 'Kỳ thử ghi chú',
          year: 2024,
          cutoffFrom: '2024-01-01',
          cutoffTo: '2024-06-30',
          forms: ['TX/TE'],
          deadlines: [],
        });
      expect(period.status).toBe(201);
      const r = await newReport('maipha.officer', period.body.id, 'Báo cáo có ghi chú');
      const officer = await t.auth('maipha.officer');
      const blank = (
        await t
          .http()
          .get(`/api/reports/${r.id}/forms/TX%2FTE/xlsx`)
          .set(officer)
          .buffer(true)
          .parse(binary)
      ).body as Buffer;
      for (const ch of [RLO, ZWSP]) {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(blank as never);
        wb.worksheets[0].eachRow((row) => {
          if (row.values && (row.values as unknown[]).includes('Dòng một'))
            row.getCell(5).value = `Ghi${ch}chú`;
        });
        const put = await t
          .http()
          .put(`/api/reports/${r.id}/forms/TX%2FTE/xlsx?version=${r.version}`)
          .set(officer)
          .set('Content-Type', XLSX)
          .send(Buffer.from(await wb.xlsx.writeBuffer()));
        expect([put.status, put.body.code]).toEqual([422, 'WORKBOOK_CELLS_INVALID']);
        expect(put.body.errors[0]).toMatchObject({
          column: 'note',
          message: expect.stringMatching(/không được phép/),
        });
      }
    });

    it('keeps tab and line breaks where text has several lines, refuses them in a single-line field', async () => {
      const officer = await t.auth('quanglac.officer');
      const ok = await t
        .http()
        .patch(`/api/reports/${reportId}`)
        .set(officer)
        .send({ version, narrative: 'I. Mục\n\n\tĐoạn một.\r\nĐoạn hai.' });
      expect(ok.status).toBe(200);
      version = ok.body.version;
      const res = await t
        .http()
        .patch(`/api/reports/${reportId}`)
        .set(officer)
        // (The title keeps a line break typed in it since issue 18; a recipient's name does not.)
        .send({ version, recipients: [{ name: 'Hai\ndòng' }] });
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([422, 'recipients.0.name']);
    });

    it('14: stores text as NFC, so an NFD search finds an NFC title and the other way round', async () => {
      const officer = await t.auth('quanglac.officer');
      const patch = await t
        .http()
        .patch(`/api/reports/${reportId}`)
        .set(officer)
        .send({ version, title: NFD_TITLE });
      expect(patch.status).toBe(200);
      version = patch.body.version;
      expect(patch.body.title).toBe(NFD_TITLE.normalize('NFC'));
      expect(patch.body.title).not.toBe(NFD_TITLE);
      // Issued originals typed in NFC ("Báo cáo tổng hợp 6 tháng của …", test 7) found by an NFD query.
      const found = await t
        .http()
        .get(`/api/documents?q=${encodeURIComponent(NFD_TITLE)}`)
        .set(await t.auth('tpls.officer'));
      expect(found.status).toBe(200);
      expect(found.body.length).toBeGreaterThan(0);
      for (const d of found.body) expect(d.title).toContain('Báo cáo tổng hợp');
      const nfc = await t
        .http()
        .get(`/api/documents?q=${encodeURIComponent('Báo cáo tổng hợp')}`)
        .set(await t.auth('tpls.officer'));
      expect(nfc.body.map((d: { id: string }) => d.id)).toEqual(
        found.body.map((d: { id: string }) => d.id),
      );
      // A user's name is found the same way.
      const users = await t
        .http()
        .get(`/api/users?q=${encodeURIComponent('Đinh Thị'.normalize('NFD'))}`)
        .set(await t.auth('admin'));
      expect(users.body.length).toBeGreaterThan(0);
    });
  });

  it('13: a PATCH with 30,000 unknown rows gets the first 100 problems and their count', async () => {
    const r = await newReport('sols.officer', await periodId(t), 'Báo cáo thử danh sách lỗi');
    const rows: Record<string, unknown> = {};
    for (let i = 0; i < 30000; i++) rows[`x${i}`] = { y2024: 1 };
    const res = await t
      .http()
      .patch(`/api/reports/${r.id}`)
      .set(await t.auth('sols.officer'))
      .send({ version: r.version, data: { '01/TE': rows } });
    expect([res.status, res.body.code]).toEqual([422, 'REPORT_CELLS_INVALID']);
    expect(res.body.errors).toHaveLength(100);
    expect(res.body.errorCount).toBe(30000);
    expect(res.body.errors[0]).toMatchObject({ form: '01/TE', row: 'x0' });
    expect(JSON.stringify(res.body).length).toBeLessThan(20000);
  });

  it('11: the application’s own connection can neither TRUNCATE nor drop or disable the archive’s triggers', async () => {
    const ds = t.app.get(DataSource);
    const [who] = await ds.query(
      `SELECT current_user AS name, r.rolsuper AS super FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(who).toEqual({ name: 'te_app', super: false });
    const before = await sql(t.db.url, (c) =>
      c.query(`SELECT count(*)::int AS n FROM issued_document`),
    );
    expect(before.rows[0].n).toBeGreaterThan(0); // issued by the tests above
    const tables = [
      'issued_document',
      'document_access_log',
      'report_history',
      'audit_log',
      'document_number_registry',
    ];
    for (const table of tables) {
      for (const statement of [
        `TRUNCATE ${table} CASCADE`,
        `ALTER TABLE ${table} DISABLE TRIGGER ALL`,
        `DROP TABLE ${table} CASCADE`,
      ])
        await expect(ds.query(statement)).rejects.toMatchObject({ driverError: { code: '42501' } });
    }
    await expect(
      ds.query(`DROP TRIGGER issued_document_immutable ON issued_document`),
    ).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
    await expect(ds.query(`SET session_replication_role = replica`)).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
    await expect(ds.query(`CREATE TABLE intruder (id int)`)).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
    // Even the owner of the schema cannot empty an append-only table: a statement trigger refuses.
    await sql(t.db.ownerUrl, async (c) => {
      for (const table of tables)
        await expect(c.query(`TRUNCATE ${table} CASCADE`)).rejects.toMatchObject({
          message: `table ${table} is append-only`,
        });
    });
    const after = await sql(t.db.url, (c) =>
      c.query(`SELECT count(*)::int AS n FROM issued_document`),
    );
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect(
      (
        await t
          .http()
          .get('/api/documents')
          .set(await t.auth('admin'))
      ).body.length,
    ).toBe(before.rows[0].n);
  });
});
