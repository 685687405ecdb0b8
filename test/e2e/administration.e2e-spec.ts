import ExcelJS from 'exceljs';
import { Client } from 'pg';
import {
  communeRow,
  importWorkbook,
  newUser,
  postImport,
  STRONG_PASSWORD,
  userRow,
} from '../support/administration';
import { createCertificateAuthority, issueCertificate } from '@app/signatures';
import { listRoutes } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';
import { periodId } from '../support/workflow';

type Auth = { Authorization: string };

/**
 * Administration over HTTP on the demo tree (LS → TPLS → HD, MP, QL): users, units, imports, periods,
 * the audit trail; a unit administrator of one commune kept inside its subtree on every admin route.
 */
describe('Administration (e2e)', () => {
  let t: TestApp;
  let admin: Auth;
  const unit: Record<string, string> = {};
  const user: Record<string, string> = {};
  let db: Client;
  const count = async (table: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_THROTTLE_LIMIT: '1000' });
    admin = await t.auth('admin');
    db = new Client({ connectionString: t.db.url });
    await db.connect();
    for (const r of (await db.query('SELECT code, id FROM org_unit')).rows) unit[r.code] = r.id;
    for (const r of (await db.query('SELECT username, id FROM app_user')).rows)
      user[r.username] = r.id;
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  describe('users and passwords', () => {
    it('creates a user with a one-time password that only opens the change-password route', async () => {
      const res = await t
        .http()
        .post('/api/users')
        .set(admin)
        .send({
          username: 'HD.Thu.Ky',
          fullName: 'Lý Thị Thu',
          orgUnitId: unit.HD,
          roles: ['clerk'],
          email: 'thu.lt@hoangdong.gov.vn',
        });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({
        username: 'hd.thu.ky',
        roles: ['clerk'],
        active: true,
        passwordChangeRequired: true,
        email: 'thu.lt@hoangdong.gov.vn',
      });
      expect(res.body.user).not.toHaveProperty('passwordHash');
      const otp: string = res.body.oneTimePassword;
      expect(otp).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      // Never stored in clear, never in the audit trail.
      const stored = (
        await db.query(`SELECT password_hash FROM app_user WHERE username = 'hd.thu.ky'`)
      ).rows[0].password_hash;
      expect(stored).not.toContain(otp);
      expect(
        JSON.stringify((await db.query('SELECT before, after FROM audit_log')).rows),
      ).not.toContain(otp);

      const login = await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'hd.thu.ky', password: otp });
      expect(login.status).toBe(200);
      expect(login.body.passwordChangeRequired).toBe(true);
      expect(login.body.user.passwordChangeRequired).toBe(true);
      const bearer = { Authorization: `Bearer ${login.body.accessToken}` };
      const blocked = await t.http().get('/api/reports').set(bearer);
      expect(blocked.status).toBe(403);
      expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
      expect((await t.http().get('/api/inbox').set(bearer)).body.code).toBe(
        'PASSWORD_CHANGE_REQUIRED',
      );
      expect((await t.http().get('/api/auth/me').set(bearer)).status).toBe(200);

      // The policy: length, not the user name, not a common password; the current one must be right.
      const change = (currentPassword: string, newPassword: string) =>
        t
          .http()
          .post('/api/auth/change-password')
          .set(bearer)
          .send({ currentPassword, newPassword });
      const refusals = await Promise.all([
        change(otp, 'ngan'),
        change(otp, 'hd.thu.ky2026'),
        change(otp, 'password123'),
        change('wrong-one-time', STRONG_PASSWORD),
      ]);
      expect(refusals.map((r) => [r.status, r.body.code])).toEqual([
        [422, 'PASSWORD_REJECTED'],
        [422, 'PASSWORD_REJECTED'],
        [422, 'PASSWORD_REJECTED'],
        [422, 'CURRENT_PASSWORD_WRONG'],
      ]);
      expect(refusals[0].body.errors[0].message).toMatch(/ít nhất 10 ký tự/);
      expect(refusals[1].body.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(
        /tên đăng nhập/,
      );
      expect(refusals[2].body.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(
        /phổ biến/,
      );
      expect((await change(otp, STRONG_PASSWORD)).status).toBe(200);
      expect((await t.http().get('/api/reports').set(bearer)).status).toBe(200);
      expect(
        (await t.http().post('/api/auth/login').send({ username: 'hd.thu.ky', password: otp }))
          .status,
      ).toBe(401);
      const again = await t.login('hd.thu.ky', STRONG_PASSWORD);
      expect(again.passwordChangeRequired).toBe(false);
    });

    it('searches, edits, deactivates, reactivates and resets, each in the audit trail with before and after', async () => {
      const { id } = await newUser(t, admin, {
        username: 'mp.moi',
        orgUnitId: unit.MP,
        roles: ['officer'],
      });
      const found = await t.http().get('/api/users?q=mp.mo&active=true').set(admin);
      expect(found.body.map((u: { username: string }) => u.username)).toEqual(['mp.moi']);
      expect(
        (await t.http().get(`/api/users?orgUnitId=${unit.MP}&role=head`).set(admin)).body.map(
          (u: { username: string }) => u.username,
        ),
      ).toEqual(['maipha.head']);

      const patched = await t
        .http()
        .patch(`/api/users/${id}`)
        .set(admin)
        .send({
          fullName: 'Hoàng Văn Mới',
          roles: ['officer', 'clerk'],
          positionTitle: 'Công chức Văn hóa - Xã hội',
          signAuthority: 'KT.',
          signHeadTitle: 'CHỦ TỊCH',
        });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        fullName: 'Hoàng Văn Mới',
        roles: ['officer', 'clerk'],
        signAuthority: 'KT.',
      });

      expect(
        (await t.http().patch(`/api/users/${id}`).set(admin).send({ active: false })).body.active,
      ).toBe(false);
      expect(
        (
          await t
            .http()
            .post('/api/auth/login')
            .send({ username: 'mp.moi', password: STRONG_PASSWORD })
        ).status,
      ).toBe(401);
      expect(
        (await t.http().patch(`/api/users/${id}`).set(admin).send({ active: true })).body.active,
      ).toBe(true);
      expect(
        (
          await t
            .http()
            .post('/api/auth/login')
            .send({ username: 'mp.moi', password: STRONG_PASSWORD })
        ).status,
      ).toBe(200);

      const reset = await t.http().post(`/api/users/${id}/reset-password`).set(admin);
      expect(reset.status).toBe(200);
      expect(
        (
          await t
            .http()
            .post('/api/auth/login')
            .send({ username: 'mp.moi', password: STRONG_PASSWORD })
        ).status,
      ).toBe(401);
      const withOtp = await t.login('mp.moi', reset.body.oneTimePassword);
      expect(withOtp.passwordChangeRequired).toBe(true);

      const trail = (
        await t.http().get(`/api/audit?entity=user&actor=${user.admin}`).set(admin)
      ).body.filter((e: { entityId: string }) => e.entityId === id);
      expect(trail.map((e: { action: string }) => e.action).reverse()).toEqual([
        'create',
        'update',
        'update',
        'update',
        'reset-password',
      ]);
      const [resetRow, reactivated, deactivated, edited, created] = trail;
      expect(created).toMatchObject({
        actorName: 'Quản trị hệ thống',
        before: null,
        after: { username: 'mp.moi', roles: ['officer'] },
      });
      expect(edited.before).toMatchObject({
        fullName: 'Người dùng mp.moi',
        roles: ['officer'],
        signAuthority: null,
      });
      expect(edited.after).toMatchObject({
        fullName: 'Hoàng Văn Mới',
        roles: ['officer', 'clerk'],
        signAuthority: 'KT.',
      });
      expect([deactivated.before.active, deactivated.after.active]).toEqual([true, false]);
      expect([reactivated.before.active, reactivated.after.active]).toEqual([false, true]);
      expect([
        resetRow.before.passwordChangeRequired,
        resetRow.after.passwordChangeRequired,
      ]).toEqual([false, true]);
      // The user's own change of password is there too, as done by them.
      const own = (await t.http().get(`/api/audit?actor=${id}`).set(admin)).body;
      expect(own.map((e: { action: string }) => e.action)).toEqual(['change-password']);
    });

    it('refuses a taken user name, an unknown unit and locking oneself out', async () => {
      expect(
        (
          await t
            .http()
            .post('/api/users')
            .set(admin)
            .send({
              username: 'hoangdong.officer',
              fullName: 'X',
              orgUnitId: unit.HD,
              roles: ['officer'],
            })
        ).body.code,
      ).toBe('USERNAME_TAKEN');
      const unknown = await t
        .http()
        .post('/api/users')
        .set(admin)
        .send({
          username: 'nobody.here',
          fullName: 'X',
          orgUnitId: '00000000-0000-4000-8000-000000000000',
          roles: ['officer'],
        });
      expect([unknown.status, unknown.body.errors[0].field]).toEqual([422, 'orgUnitId']);
      expect(
        (await t.http().patch(`/api/users/${user.admin}`).set(admin).send({ active: false })).body
          .code,
      ).toBe('SELF_LOCKOUT');
      expect(
        (
          await t
            .http()
            .patch(`/api/users/${user.admin}`)
            .set(admin)
            .send({ roles: ['officer'] })
        ).body.code,
      ).toBe('SELF_LOCKOUT');
    });
  });

  describe('units', () => {
    it('creates and edits units with how they print, refuses cycles, taken codes and bad dates; audit rows with before and after', async () => {
      const created = await t
        .http()
        .post('/api/org-units')
        .set(admin)
        .send({
          code: 'SYT-LS',
          name: 'Sở Y tế tỉnh Lạng Sơn',
          level: 'province',
          parentId: unit.LS,
          governingBody: 'Ủy ban nhân dân tỉnh Lạng Sơn',
          abbreviation: 'SYT',
          placeName: 'Lạng Sơn',
          kind: 'head',
          headerLines: ['UBND TỈNH LẠNG SƠN', 'SỞ Y TẾ'],
          filingUnit: 'NVY',
          validFrom: '2025-07-01',
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        kind: 'head',
        headerLines: ['UBND TỈNH LẠNG SƠN', 'SỞ Y TẾ'],
        filingUnit: 'NVY',
        validTo: null,
      });
      const id = created.body.id;
      const patched = await t
        .http()
        .patch(`/api/org-units/${id}`)
        .set(admin)
        .send({ filingUnit: 'VP', validTo: '2030-12-31' });
      expect(patched.body).toMatchObject({ filingUnit: 'VP', validTo: '2030-12-31' });
      expect(
        (
          await t
            .http()
            .get('/api/org-units')
            .set(await t.auth('hoangdong.officer'))
        ).body.find((u: { id: string }) => u.id === id),
      ).toMatchObject({ code: 'SYT-LS', kind: 'head' });

      const cycle = await t
        .http()
        .patch(`/api/org-units/${unit.LS}`)
        .set(admin)
        .send({ parentId: unit.HD });
      expect([cycle.status, cycle.body.code, cycle.body.errors[0].field]).toEqual([
        422,
        'UNIT_INVALID',
        'parentId',
      ]);
      expect(
        (
          await t.http().post('/api/org-units').set(admin).send({
            code: 'HD',
            name: 'X',
            level: 'commune',
            parentId: unit.TPLS,
            abbreviation: 'UBND',
            placeName: 'X',
          })
        ).body.code,
      ).toBe('UNIT_CODE_TAKEN');
      const dates = await t
        .http()
        .patch(`/api/org-units/${id}`)
        .set(admin)
        .send({ validTo: '2020-01-01' });
      expect([dates.status, dates.body.errors[0].field]).toEqual([422, 'validTo']);
      const badDate = await t
        .http()
        .patch(`/api/org-units/${id}`)
        .set(admin)
        .send({ validTo: '2025-02-30' });
      expect(badDate.status).toBe(422);

      const trail = (await t.http().get(`/api/audit?entity=unit&entityId=${id}`).set(admin)).body;
      expect(trail.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
      expect(trail[0].before).toMatchObject({ filingUnit: 'NVY', validTo: null });
      expect(trail[0].after).toMatchObject({ filingUnit: 'VP', validTo: '2030-12-31' });
      expect(trail[1]).toMatchObject({ before: null, after: { code: 'SYT-LS', kind: 'head' } });
    });
  });

  describe('bulk import', () => {
    const units = [
      { ...communeRow('LS-T', 'Lạng Sơn', ''), Tên: 'Ủy ban nhân dân tỉnh Lạng Sơn', Cấp: 'tỉnh' },
      communeRow('XA-TANTHANH', 'Tân Thành', 'LS-T'),
      communeRow('XA-DONGKINH', 'Đông Kinh', 'LS-T', {
        Loại: 'thủ trưởng',
        'Hiệu lực từ': '01/07/2025',
      }),
    ];
    const users = [
      userRow('tinh.officer', 'LS-T', 'officer'),
      userRow('tanthanh.officer', 'XA-TANTHANH', 'officer', {
        Email: 'tt@example.gov.vn',
        'Chức vụ': 'Công chức Văn hóa - Xã hội',
      }),
      userRow('tanthanh.head', 'XA-TANTHANH', 'head'),
      userRow('tanthanh.clerk', 'XA-TANTHANH', 'clerk'),
      userRow('dongkinh.officer', 'XA-DONGKINH', 'officer, unitAdmin'),
      userRow('dongkinh.head', 'XA-DONGKINH', 'head'),
    ];

    it('imports units and users all at once, hands out one-time passwords, and changes nothing the second time', async () => {
      const auditBefore = await count('audit_log');
      const first = await postImport(t, admin, await importWorkbook(units, users));
      expect(first.status).toBe(200);
      expect(first.body.units).toEqual({ created: 3, updated: 0, unchanged: 0 });
      expect(first.body.users).toEqual({ created: 6, updated: 0, unchanged: 0 });
      expect(first.body.passwords.map((p: { username: string }) => p.username).sort()).toEqual(
        users.map((u) => u['Tên đăng nhập']).sort(),
      );
      const rows = (
        await db.query(
          `SELECT code, level, kind, valid_from::text AS vf, (SELECT code FROM org_unit p WHERE p.id = o.parent_id) AS parent FROM org_unit o WHERE code IN ('LS-T', 'XA-TANTHANH', 'XA-DONGKINH') ORDER BY code`,
        )
      ).rows;
      expect(rows).toEqual([
        { code: 'LS-T', level: 'province', kind: 'collective', vf: '2025-07-01', parent: null },
        { code: 'XA-DONGKINH', level: 'commune', kind: 'head', vf: '2025-07-01', parent: 'LS-T' },
        {
          code: 'XA-TANTHANH',
          level: 'commune',
          kind: 'collective',
          vf: '2025-07-01',
          parent: 'LS-T',
        },
      ]);
      // Every created unit and user has its audit row.
      expect((await count('audit_log')) - auditBefore).toBe(9);
      const importRows = (await t.http().get('/api/audit?entity=user').set(admin)).body.filter(
        (e: { action: string }) => e.action === 'import',
      );
      expect(
        importRows.find((e: { label: string }) => e.label === 'tanthanh.officer'),
      ).toMatchObject({
        before: null,
        after: { unitCode: 'XA-TANTHANH', email: 'tt@example.gov.vn', roles: ['officer'] },
      });

      const otp = first.body.passwords.find(
        (p: { username: string }) => p.username === 'tanthanh.officer',
      ).oneTimePassword;
      const signedIn = await t.login('tanthanh.officer', otp);
      expect(signedIn.passwordChangeRequired).toBe(true);

      const second = await postImport(t, admin, await importWorkbook(units, users));
      expect(second.body).toEqual({
        units: { created: 0, updated: 0, unchanged: 3 },
        users: { created: 0, updated: 0, unchanged: 6 },
        passwords: [],
      });
      expect((await count('audit_log')) - auditBefore).toBe(9);

      // A changed row is an update, with before and after.
      const changed = await postImport(
        t,
        admin,
        await importWorkbook(
          [
            communeRow('XA-TANTHANH', 'Tân Thành', 'LS-T', {
              Tên: 'Ủy ban nhân dân phường Tân Thành',
            }),
          ],
          [userRow('tanthanh.head', 'XA-TANTHANH', 'head', { 'Chức vụ': 'Chủ tịch' })],
        ),
      );
      expect(changed.body).toMatchObject({
        units: { created: 0, updated: 1 },
        users: { created: 0, updated: 1 },
        passwords: [],
      });
      const [unitUpdate] = (await t.http().get('/api/audit?entity=unit').set(admin)).body;
      expect(unitUpdate).toMatchObject({
        action: 'import',
        before: { name: 'Ủy ban nhân dân xã Tân Thành' },
        after: { name: 'Ủy ban nhân dân phường Tân Thành' },
      });
    });

    const bad: [
      string,
      () => Promise<Buffer>,
      { sheet: string; row?: number; field?: string; message: RegExp },
    ][] = [
      [
        'a workbook without the sheets',
        async () => importWorkbook(units, users, { units: 'Sheet1', users: 'Sheet2' }),
        { sheet: 'Sheet1, Sheet2', message: /Không có trang "Đơn vị"/ },
      ],
      [
        'a missing column',
        async () => {
          const wb = new ExcelJS.Workbook();
          wb.addWorksheet('Đơn vị').addRow(['Mã', 'Tên']);
          return Buffer.from(await wb.xlsx.writeBuffer());
        },
        { sheet: 'Đơn vị', row: 1, message: /Thiếu cột: Cấp/ },
      ],
      [
        'duplicate codes',
        async () =>
          importWorkbook([communeRow('XA-1', 'Một', 'LS'), communeRow('XA-1', 'Hai', 'LS')], []),
        { sheet: 'Đơn vị', row: 3, field: 'Mã', message: /trùng với dòng 2/ },
      ],
      [
        'duplicate user names',
        async () =>
          importWorkbook(
            [],
            [userRow('trung.ten', 'HD', 'officer'), userRow('Trung.Ten', 'HD', 'officer')],
          ),
        { sheet: 'Người dùng', row: 3, field: 'Tên đăng nhập', message: /trùng với dòng 2/ },
      ],
      [
        'an unknown parent',
        async () => importWorkbook([communeRow('XA-2', 'Hai', 'KHONG-CO')], []),
        {
          sheet: 'Đơn vị',
          row: 2,
          field: 'Mã đơn vị cấp trên',
          message: /Không có đơn vị mã "KHONG-CO"/,
        },
      ],
      [
        'a cycle',
        async () =>
          importWorkbook(
            [communeRow('VONG-A', 'A', 'VONG-B'), communeRow('VONG-B', 'B', 'VONG-A')],
            [],
          ),
        { sheet: 'Đơn vị', row: 2, field: 'Mã đơn vị cấp trên', message: /vòng lặp/ },
      ],
      [
        'a cycle through a unit already there',
        async () => importWorkbook([communeRow('LS', 'Lạng Sơn', 'HD', { Cấp: 'tỉnh' })], []),
        {
          sheet: 'Đơn vị',
          row: 2,
          field: 'Mã đơn vị cấp trên',
          message: /vòng lặp: LS → HD → TPLS → LS/,
        },
      ],
      [
        'an unknown role',
        async () => importWorkbook([], [userRow('vai.tro', 'HD', 'officer, truongphong')]),
        {
          sheet: 'Người dùng',
          row: 2,
          field: 'Vai trò',
          message: /Vai trò không hợp lệ: truongphong/,
        },
      ],
      [
        'a bad date',
        async () =>
          importWorkbook([communeRow('XA-3', 'Ba', 'LS', { 'Hiệu lực từ': '30/02/2025' })], []),
        {
          sheet: 'Đơn vị',
          row: 2,
          field: 'Hiệu lực từ',
          message: /Ngày "30\/02\/2025" không hợp lệ/,
        },
      ],
      [
        'an unknown unit of a user',
        async () => importWorkbook([], [userRow('khong.donvi', 'KHONG-CO', 'officer')]),
        {
          sheet: 'Người dùng',
          row: 2,
          field: 'Mã đơn vị',
          message: /Không có đơn vị mã "KHONG-CO"/,
        },
      ],
    ];
    it.each(bad)(
      'refuses %s with 422 naming the sheet and row, and writes nothing',
      async (_name, make, problem) => {
        const counts = async () => [
          await count('org_unit'),
          await count('app_user'),
          await count('audit_log'),
        ];
        const before = await counts();
        // A good row next to the bad ones is not written either.
        const res = await postImport(t, admin, await make());
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('IMPORT_INVALID');
        expect(res.body.message).toMatch(/chưa nhập dữ liệu nào/);
        expect(res.body.errors).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              ...problem,
              message: expect.stringMatching(problem.message),
            }),
          ]),
        );
        expect(await counts()).toEqual(before);
      },
    );

    it('lists every problem of a workbook at once', async () => {
      const res = await postImport(
        t,
        admin,
        await importWorkbook(
          [
            communeRow('XA-OK', 'Tốt', 'LS'),
            communeRow('XA-OK', 'Trùng', 'LS'),
            communeRow('XA-4', 'Bốn', 'NOWHERE', { 'Hiệu lực đến': 'mai' }),
          ],
          [userRow('good.user', 'XA-OK', 'officer'), userRow('bad.role', 'XA-OK', 'sep')],
        ),
      );
      expect(res.status).toBe(422);
      expect(
        res.body.errors.map(
          (e: { sheet: string; row: number; field: string }) => `${e.sheet}:${e.row}:${e.field}`,
        ),
      ).toEqual(['Đơn vị:3:Mã', 'Đơn vị:4:Hiệu lực đến', 'Người dùng:3:Vai trò']);
      expect(await count(`org_unit WHERE code = 'XA-OK'`)).toBe(0);
      expect(await count(`app_user WHERE username = 'good.user'`)).toBe(0);
    });

    it('answers 400 for a file that is not a workbook', async () => {
      const res = await t
        .http()
        .post('/api/admin/import')
        .set(admin)
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from('Mã,Tên\nXA,Xã'));
      expect([res.status, res.body.code]).toEqual([400, 'IMPORT_UNREADABLE']);
    });
  });

  describe('periods', () => {
    it('copies a period, extends one unit, closes and reopens it; a closed period takes no edits', async () => {
      const source = await periodId(t);
      const copy = await t.http().post(`/api/periods/${source}/copy`).set(admin).send({
        code: '2024-H2',
        label: '6 tháng cuối năm 2024',
        year: 2024,
        cutoffFrom: '2024-06-15',
        cutoffTo: '2024-12-14',
      });
      expect(copy.status).toBe(201);
      const original = (await t.http().get(`/api/periods/${source}`).set(admin)).body;
      expect(copy.body.forms).toEqual(original.forms);
      // Deadlines moved by the six months between the cut-offs.
      const moved = original.deadlines.map((d: { level: string; date: string }) => ({
        level: d.level,
        date: `${Number(d.date.slice(0, 4)) + (Number(d.date.slice(5, 7)) > 6 ? 1 : 0)}-${String(((Number(d.date.slice(5, 7)) + 5) % 12) + 1).padStart(2, '0')}-${d.date.slice(8)}`,
      }));
      expect(copy.body.deadlines).toEqual(moved);

      const id = copy.body.id;
      const extended = await t
        .http()
        .patch(`/api/periods/${id}`)
        .set(admin)
        .send({ unitDeadlines: [{ orgUnitId: unit.HD, date: '2025-01-10' }] });
      expect(extended.body.unitDeadlines).toEqual([{ orgUnitId: unit.HD, date: '2025-01-10' }]);
      const badUnit = await t
        .http()
        .patch(`/api/periods/${id}`)
        .set(admin)
        .send({
          unitDeadlines: [
            { orgUnitId: '00000000-0000-4000-8000-000000000000', date: '2025-01-10' },
          ],
        });
      expect(badUnit.status).toBe(422);

      const officer = await t.auth('hoangdong.officer');
      const draft = await t
        .http()
        .post('/api/reports')
        .set(officer)
        .send({ periodId: id, type: 'BC', title: 'Báo cáo 6 tháng cuối năm 2024' });
      expect(draft.status).toBe(201);
      expect(
        (await t.http().patch(`/api/periods/${id}`).set(admin).send({ closed: true })).body.open,
      ).toBe(false);
      const edit = await t
        .http()
        .patch(`/api/reports/${draft.body.id}`)
        .set(officer)
        .send({ version: draft.body.version, narrative: 'Nội dung' });
      expect([edit.status, edit.body.code]).toEqual([409, 'PERIOD_CLOSED_FOR_EDITS']);
      const other = await t
        .http()
        .post('/api/reports')
        .set(await t.auth('maipha.officer'))
        .send({ periodId: id, type: 'BC', title: 'X' });
      expect([other.status, other.body.code]).toEqual([409, 'PERIOD_CLOSED']);
      expect(
        (await t.http().patch(`/api/periods/${id}`).set(admin).send({ closed: false })).body.open,
      ).toBe(true);
      expect(
        (
          await t
            .http()
            .patch(`/api/reports/${draft.body.id}`)
            .set(officer)
            .send({ version: draft.body.version, narrative: 'Nội dung' })
        ).status,
      ).toBe(200);

      const trail = (await t.http().get(`/api/audit?entity=period&entityId=${id}`).set(admin)).body;
      expect(trail.map((e: { action: string }) => e.action)).toEqual([
        'reopen',
        'close',
        'update',
        'copy',
      ]);
      expect([trail[1].before.open, trail[1].after.open]).toEqual([true, false]);
      expect(trail[2].before.unitDeadlines).toEqual([]);
      expect(trail[2].after.unitDeadlines).toEqual([{ orgUnitId: unit.HD, date: '2025-01-10' }]);
    });
  });

  describe('forms', () => {
    it('a year parameter in a column label prints the period’s year; publishing is audited with before and after', async () => {
      const officer = await t.auth('hoangdong.officer');
      const def = (await t.http().get('/api/forms/01%2FTE').set(officer)).body;
      expect(def.columns[0].label).toBe('Năm {year}');
      const source = await periodId(t);
      const reports = (await t.http().get(`/api/reports?periodId=${source}`).set(officer)).body;
      const report =
        reports[0] ??
        (
          await t
            .http()
            .post('/api/reports')
            .set(officer)
            .send({ periodId: source, type: 'BC', title: 'Báo cáo' })
        ).body;
      const xlsx = await t
        .http()
        .get(`/api/reports/${report.id}/forms/01%2FTE/xlsx`)
        .set(officer)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body);
      const texts: string[] = [];
      wb.worksheets[0].eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
      expect(texts).toContain('Năm 2024');

      const published = await t
        .http()
        .post('/api/forms')
        .set(admin)
        .send({ ...def, version: undefined, title: `${def.title} (sửa)` });
      expect(published.status).toBe(201);
      const [row] = (await t.http().get('/api/audit?entity=form').set(admin)).body;
      expect(row).toMatchObject({
        action: 'publish',
        entityId: `01/TE@${published.body.version}`,
        before: { title: def.title },
        after: { title: `${def.title} (sửa)` },
      });
    });
  });

  it('the audit trail is append-only in the database', async () => {
    await expect(db.query(`UPDATE audit_log SET label = 'sửa'`)).rejects.toThrow(
      /append-only|chỉ được ghi thêm/,
    );
    await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(
      /append-only|chỉ được ghi thêm/,
    );
  });

  describe('a unit administrator of one commune (Hoàng Đồng)', () => {
    let hd: Auth;
    let inside: { user: string; unit: string };
    const outside = { user: '', unit: '' };

    beforeAll(async () => {
      hd = (
        await newUser(t, admin, {
          username: 'hd.quantri',
          orgUnitId: unit.HD,
          roles: ['unitAdmin'],
        })
      ).auth;
      // A unit below Hoàng Đồng (a village office), so the subtree has more than one level.
      const village = await t.http().post('/api/org-units').set(admin).send({
        code: 'HD-THON1',
        name: 'Thôn Nà Chuông',
        level: 'commune',
        parentId: unit.HD,
        abbreviation: 'TNC',
        placeName: 'Hoàng Đồng',
      });
      inside = { user: user['hoangdong.officer'], unit: village.body.id };
      outside.user = user['maipha.officer'];
      outside.unit = unit.MP;
    });

    /** A fresh signing certificate (only the certificate: no key is ever sent). */
    const certificatePem = (kind: 'person' | 'organisation') =>
      issueCertificate(testCa, { commonName: `Chứng thư ${kind}`, kind }).certPem;
    const testCa = createCertificateAuthority({ commonName: 'CA kiểm thử quản trị' });

    /** Every admin route, asked once inside the subtree (allowed) and once outside it (refused). */
    type Answer = Promise<{ status: number; body: any }>;
    const table: { route: string; inside: (a: Auth) => Answer; outside?: (a: Auth) => Answer }[] = [
      {
        route: 'GET /api/users',
        inside: async (a) => {
          const res = await t.http().get(`/api/users?orgUnitId=${unit.HD}`).set(a);
          return { ...res, status: res.body.length > 0 ? res.status : 404 };
        },
        // Outside the subtree the list is empty (not a single outside user shows), whatever the filter.
        outside: async (a) => {
          const all = (await t.http().get('/api/users').set(a)).body as { orgUnitId: string }[];
          const filtered = (await t.http().get(`/api/users?orgUnitId=${unit.MP}`).set(a))
            .body as unknown[];
          const leaks =
            all.filter((u) => ![unit.HD, inside.unit].includes(u.orgUnitId)).length +
            filtered.length;
          return { status: leaks === 0 ? 404 : 200, body: { leaks } };
        },
      },
      {
        route: 'GET /api/users/:id',
        inside: (a) => t.http().get(`/api/users/${inside.user}`).set(a),
        outside: (a) => t.http().get(`/api/users/${outside.user}`).set(a),
      },
      {
        route: 'POST /api/users',
        inside: (a) =>
          t
            .http()
            .post('/api/users')
            .set(a)
            .send({
              username: 'hd.moi',
              fullName: 'Người mới',
              orgUnitId: inside.unit,
              roles: ['officer'],
            }),
        outside: (a) =>
          t
            .http()
            .post('/api/users')
            .set(a)
            .send({
              username: 'mp.la',
              fullName: 'Người lạ',
              orgUnitId: outside.unit,
              roles: ['officer'],
            }),
      },
      {
        route: 'PATCH /api/users/:id',
        inside: (a) =>
          t
            .http()
            .patch(`/api/users/${inside.user}`)
            .set(a)
            .send({ positionTitle: 'Công chức Văn hóa - Xã hội' }),
        outside: (a) =>
          t.http().patch(`/api/users/${outside.user}`).set(a).send({ positionTitle: 'X' }),
      },
      {
        route: 'POST /api/users/:id/reset-password',
        inside: (a) => t.http().post(`/api/users/${user['hoangdong.clerk']}/reset-password`).set(a),
        outside: (a) => t.http().post(`/api/users/${outside.user}/reset-password`).set(a),
      },
      {
        route: 'GET /api/org-units/:id',
        inside: (a) => t.http().get(`/api/org-units/${inside.unit}`).set(a),
        outside: (a) => t.http().get(`/api/org-units/${outside.unit}`).set(a),
      },
      {
        route: 'POST /api/org-units',
        inside: (a) =>
          t.http().post('/api/org-units').set(a).send({
            code: 'HD-THON2',
            name: 'Thôn Khòn Khuyên',
            level: 'commune',
            parentId: unit.HD,
            abbreviation: 'TKK',
            placeName: 'Hoàng Đồng',
          }),
        outside: (a) =>
          t.http().post('/api/org-units').set(a).send({
            code: 'MP-THON1',
            name: 'Thôn X',
            level: 'commune',
            parentId: outside.unit,
            abbreviation: 'TX',
            placeName: 'Mai Pha',
          }),
      },
      {
        route: 'PATCH /api/org-units/:id',
        inside: (a) =>
          t.http().patch(`/api/org-units/${inside.unit}`).set(a).send({ filingUnit: 'VP' }),
        outside: (a) =>
          t.http().patch(`/api/org-units/${outside.unit}`).set(a).send({ filingUnit: 'VP' }),
      },
      {
        route: 'POST /api/org-units/:id/move-users',
        inside: async (a) => {
          const unitOf = async (code: string) =>
            (
              await t
                .http()
                .post('/api/org-units')
                .set(a)
                .send({
                  code,
                  name: `Thôn ${code}`,
                  level: 'commune',
                  parentId: unit.HD,
                  abbreviation: code,
                  placeName: 'Hoàng Đồng',
                })
            ).body.id as string;
          const [old, successor] = [await unitOf('HD-CU'), await unitOf('HD-MOI')];
          await t
            .http()
            .patch(`/api/org-units/${old}`)
            .set(a)
            .send({ successors: [{ orgUnitId: successor }] });
          return t
            .http()
            .post(`/api/org-units/${old}/move-users`)
            .set(a)
            .send({ toOrgUnitId: successor });
        },
        outside: (a) =>
          t
            .http()
            .post(`/api/org-units/${outside.unit}/move-users`)
            .set(a)
            .send({ toOrgUnitId: inside.unit }),
      },
      {
        route: 'POST /api/admin/import',
        inside: async (a) =>
          postImport(
            t,
            a,
            await importWorkbook(
              [communeRow('HD-THON3', 'Thôn Ba', 'HD')],
              [userRow('hd.thon3', 'HD-THON3', 'officer')],
            ),
          ),
        outside: async (a) =>
          postImport(
            t,
            a,
            await importWorkbook(
              [communeRow('MP-THON2', 'Thôn Hai', 'MP')],
              [userRow('mp.lan', 'MP', 'officer')],
            ),
          ),
      },
      // Registered signing certificates (no keys): a person's, an organisation's.
      {
        route: 'POST /api/users/:id/certificates',
        inside: (a) =>
          t
            .http()
            .post(`/api/users/${inside.user}/certificates`)
            .set(a)
            .send({ certificate: certificatePem('person') }),
        outside: (a) =>
          t
            .http()
            .post(`/api/users/${outside.user}/certificates`)
            .set(a)
            .send({ certificate: certificatePem('person') }),
      },
      {
        route: 'GET /api/users/:id/certificates',
        inside: (a) => t.http().get(`/api/users/${inside.user}/certificates`).set(a),
        outside: (a) => t.http().get(`/api/users/${outside.user}/certificates`).set(a),
      },
      {
        route: 'DELETE /api/users/:id/certificates/:certificateId',
        inside: async (a) => {
          const added = await t
            .http()
            .post(`/api/users/${inside.user}/certificates`)
            .set(a)
            .send({ certificate: certificatePem('person') });
          return t.http().delete(`/api/users/${inside.user}/certificates/${added.body.id}`).set(a);
        },
        outside: (a) =>
          t
            .http()
            .delete(`/api/users/${outside.user}/certificates/00000000-0000-4000-8000-000000000000`)
            .set(a),
      },
      // Registered signing certificates (no keys): a person's, an organisation's.
      {
        route: 'POST /api/org-units/:id/certificates',
        inside: (a) =>
          t
            .http()
            .post(`/api/org-units/${inside.unit}/certificates`)
            .set(a)
            .send({ certificate: certificatePem('organisation') }),
        outside: (a) =>
          t
            .http()
            .post(`/api/org-units/${outside.unit}/certificates`)
            .set(a)
            .send({ certificate: certificatePem('organisation') }),
      },
      {
        route: 'GET /api/org-units/:id/certificates',
        inside: (a) => t.http().get(`/api/org-units/${inside.unit}/certificates`).set(a),
        outside: (a) => t.http().get(`/api/org-units/${outside.unit}/certificates`).set(a),
      },
      {
        route: 'DELETE /api/org-units/:id/certificates/:certificateId',
        inside: async (a) => {
          const added = await t
            .http()
            .post(`/api/org-units/${inside.unit}/certificates`)
            .set(a)
            .send({ certificate: certificatePem('organisation') });
          return t
            .http()
            .delete(`/api/org-units/${inside.unit}/certificates/${added.body.id}`)
            .set(a);
        },
        outside: (a) =>
          t
            .http()
            .delete(
              `/api/org-units/${outside.unit}/certificates/00000000-0000-4000-8000-000000000000`,
            )
            .set(a),
      },
      // The blank template holds no unit or user: there is no outside to refuse.
      {
        route: 'GET /api/admin/import/template',
        inside: (a) => t.http().get('/api/admin/import/template').set(a),
      },
    ];

    it('covers every route that manages users and units', () => {
      const routes = listRoutes(t.app).filter(
        (r) =>
          /^(GET|POST|PATCH|PUT|DELETE) \/api\/(users|admin|org-units\/:id|org-units$)/.test(r) &&
          r !== 'GET /api/org-units' &&
          // The job queue is the installation's, not a unit's: admins only (authorization matrix).
          r !== 'GET /api/admin/jobs',
      );
      expect(routes.filter((r) => !table.some((row) => row.route === r))).toEqual([]);
    });

    it.each(table.map((row) => [row.route, row] as const))(
      '%s: inside the subtree allowed, outside refused',
      async (_route, row) => {
        const auditBefore = await count('audit_log');
        const usersBefore = await count('app_user');
        if (row.outside) {
          const out = await row.outside(hd);
          expect([403, 404, 422]).toContain(out.status);
          if (out.status === 422)
            expect(JSON.stringify(out.body.errors)).toMatch(/ngoài phạm vi quản trị/);
          expect([await count('audit_log'), await count('app_user')]).toEqual([
            auditBefore,
            usersBefore,
          ]);
        }
        const ok = await row.inside(hd);
        expect([row.route, ok.status]).toEqual([row.route, expect.any(Number)]);
        expect(ok.status).toBeLessThan(300);
      },
    );

    it('never grants the admin role, never touches an admin, never moves its own unit, never adds a top-level unit', async () => {
      const grant = await t
        .http()
        .post('/api/users')
        .set(hd)
        .send({ username: 'hd.sieu', fullName: 'X', orgUnitId: unit.HD, roles: ['admin'] });
      expect([grant.status, grant.body.code]).toEqual([403, 'USER_OUTSIDE_SCOPE']);
      const promote = await t
        .http()
        .patch(`/api/users/${inside.user}`)
        .set(hd)
        .send({ roles: ['officer', 'admin'] });
      expect(promote.status).toBe(403);
      const moveOut = await t
        .http()
        .patch(`/api/users/${inside.user}`)
        .set(hd)
        .send({ orgUnitId: unit.MP });
      expect(moveOut.status).toBe(403);
      expect(
        (await t.http().patch(`/api/users/${user.admin}`).set(hd).send({ fullName: 'X' })).status,
      ).toBe(404);
      expect((await t.http().post(`/api/users/${user.admin}/reset-password`).set(hd)).status).toBe(
        404,
      );
      expect(
        (await t.http().patch(`/api/org-units/${unit.HD}`).set(hd).send({ parentId: unit.LS }))
          .status,
      ).toBe(403);
      expect(
        (
          await t
            .http()
            .post('/api/org-units')
            .set(hd)
            .send({ code: 'TOP', name: 'X', level: 'province', abbreviation: 'X', placeName: 'X' })
        ).status,
      ).toBe(403);
      const importAdmin = await postImport(
        t,
        hd,
        await importWorkbook([], [userRow('hd.admin2', 'HD', 'admin')]),
      );
      expect(importAdmin.status).toBe(422);
      // Installation-wide things stay the admin's.
      for (const res of [
        await t.http().get('/api/audit').set(hd),
        await t
          .http()
          .patch(`/api/periods/${await periodId(t)}`)
          .set(hd)
          .send({ closed: true }),
        await t
          .http()
          .post(`/api/periods/${await periodId(t)}/copy`)
          .set(hd)
          .send({}),
        await t.http().post('/api/forms').set(hd).send({}),
      ]) {
        expect(res.status).toBe(403);
      }
      // It is still a user of its commune: its own password is its own to change.
      expect(
        (
          await t
            .http()
            .post('/api/auth/change-password')
            .set(hd)
            .send({ currentPassword: 'sai', newPassword: STRONG_PASSWORD + '!' })
        ).body.code,
      ).toBe('CURRENT_PASSWORD_WRONG');
    });
  });
});
