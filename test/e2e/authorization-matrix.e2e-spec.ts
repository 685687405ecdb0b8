import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { listRoutes } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';
import { draftReport, fire, periodId } from '../support/workflow';

/**
 * Every route × role × relation of the actor's unit to the resource's unit (same, parent, child,
 * sibling, unrelated) on a 4-level tree: ministry BO → province LS → districts TPLS, CL → communes;
 * plus an unrelated province HT. The resources belong to TPLS. A route missing here fails the test.
 */
type Relation = 'same' | 'parent' | 'child' | 'sibling' | 'unrelated';
type Role = 'officer' | 'head' | 'clerk' | 'admin';
const RELATION_UNIT: Record<Relation, string> = {
  same: 'tpls',
  parent: 'sols',
  child: 'hoangdong',
  sibling: 'cl',
  unrelated: 'ht',
};
const ROLES: Role[] = ['officer', 'head', 'clerk'];

interface Probe {
  name: string;
  /** The request, for an actor. */
  send: (t: TestApp, auth: { Authorization: string }) => Promise<{ status: number; body: any }>;
  allowed: (role: Role, relation: Relation) => boolean;
}

describe('Authorization matrix (e2e)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let year = 0;
  const probes: Record<string, Probe[]> = {};

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_THROTTLE_LIMIT: '1000' });
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    const unit = async (code: string, name: string, level: string, parent: string | null) =>
      (
        await c.query(
          `INSERT INTO org_unit (code, name, level, parent_id, abbreviation, place_name, valid_from) VALUES ($1, $2, $3, $4, 'UBND', $2, '2000-01-01') RETURNING id`,
          [code, name, level, parent],
        )
      ).rows[0].id as string;
    const byCode = Object.fromEntries(
      (await c.query(`SELECT code, id FROM org_unit`)).rows.map((r) => [r.code, r.id]),
    );
    const bo = await unit('BO', 'Bộ Lao động - Thương binh và Xã hội', 'ministry', null);
    await c.query(`UPDATE org_unit SET parent_id = $1 WHERE code = 'LS'`, [bo]);
    const cl = await unit('CL', 'Ủy ban nhân dân huyện Cao Lộc', 'district', byCode.LS);
    const ht = await unit('HT', 'Sở Lao động - Thương binh và Xã hội tỉnh Hà Tĩnh', 'province', bo);
    const [{ password_hash: hash }] = (
      await c.query(`SELECT password_hash FROM app_user WHERE username = 'tpls.officer'`)
    ).rows;
    for (const [prefix, unitId] of [
      ['cl', cl],
      ['ht', ht],
    ] as const) {
      for (const role of ROLES) {
        await c.query(
          `INSERT INTO app_user (username, password_hash, full_name, org_unit_id, roles) VALUES ($1, $2, $3, $4, ARRAY[$5])`,
          [`${prefix}.${role}`, hash, `Người dùng ${prefix} ${role}`, unitId, role],
        );
      }
    }
    // A user only the admin's password reset touches.
    ids.spareUser = (
      await c.query(
        `INSERT INTO app_user (username, password_hash, full_name, org_unit_id, roles) VALUES ('matrix.spare', $1, 'Người dùng dự phòng', $2, ARRAY['officer']) RETURNING id`,
        [hash, byCode.TPLS],
      )
    ).rows[0].id;
    ids.tplsHead = (
      await c.query(`SELECT id FROM app_user WHERE username = 'tpls.head'`)
    ).rows[0].id;
    await c.end();
    ids.TPLS = byCode.TPLS;

    // D: TP Lạng Sơn's consolidated draft for 2024-H1 (from Hoàng Đồng's submitted report).
    const period = await periodId(t);
    ids.period = period;
    const hd = await draftReport(t, 'hoangdong.officer');
    for (const [who, ev] of [
      ['hoangdong.officer', 'REQUEST_SIGNATURE'],
      ['hoangdong.head', 'SIGN'],
      ['hoangdong.clerk', 'SUBMIT'],
    ]) {
      expect((await fire(t, who, hd.id, ev)).status).toBe(200);
    }
    const d = await t
      .http()
      .post('/api/consolidations')
      .set(await t.auth('tpls.officer'))
      .send({ periodId: period });
    expect(d.status).toBe(201);
    ids.draft = d.body.id;
    // S: a submitted (issued) report of TP Lạng Sơn in a second period.
    const p2 = await t
      .http()
      .post('/api/periods')
      .set(await t.auth('admin'))
      .send({
        code: 'M-2',
        label: 'Kỳ thử ma trận',
        year: 2024,
        cutoffFrom: '2024-01-01',
        cutoffTo: '2024-06-30',
        forms: ['01/TE'],
        deadlines: [],
      });
    const s = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('tpls.officer'))
      .send({ periodId: p2.body.id, type: 'BC', title: 'Báo cáo đã phát hành' });
    for (const [who, ev] of [
      ['tpls.officer', 'REQUEST_SIGNATURE'],
      ['tpls.head', 'SIGN'],
      ['tpls.clerk', 'SUBMIT'],
    ]) {
      expect((await fire(t, who, s.body.id, ev)).status).toBe(200);
    }
    ids.submitted = s.body.id;
    const sView = (
      await t
        .http()
        .get(`/api/reports/${s.body.id}`)
        .set(await t.auth('tpls.officer'))
    ).body;
    ids.document = sView.documentId;
    year = new Date(sView.issuedAt).getFullYear();
    ids.pdf = '';

    const any = () => true;
    const draftReaders = (_: Role, rel: Relation) => rel === 'same';
    const submittedReaders = (_: Role, rel: Relation) => rel === 'same' || rel === 'parent';
    const officerOf = (rels: Relation[]) => (role: Role, rel: Relation) =>
      role === 'officer' && rels.includes(rel);
    const get = (path: string) => (t2: TestApp, a: { Authorization: string }) =>
      t2.http().get(path).set(a);
    const staleVersion = 999999;

    const P = (route: string, ...list: Probe[]) => (probes[route] = list);
    P('GET /api/auth/me', { name: 'me', send: get('/api/auth/me'), allowed: any });
    P('GET /api/org-units', { name: 'org tree', send: get('/api/org-units'), allowed: any });
    P('GET /api/forms', { name: 'forms', send: get('/api/forms'), allowed: any });
    P('GET /api/forms/:code', { name: 'form', send: get('/api/forms/01%2FTE'), allowed: any });
    P('GET /api/forms/:code/xlsx', {
      name: 'blank workbook',
      send: get('/api/forms/01%2FTE/xlsx'),
      allowed: any,
    });
    P('POST /api/forms', {
      name: 'new form (invalid body)',
      send: (t2, a) => t2.http().post('/api/forms').set(a).send({}),
      allowed: () => false,
    });
    P('GET /api/periods', { name: 'periods', send: get('/api/periods'), allowed: any });
    P('GET /api/periods/:id', {
      name: 'period',
      send: (t2, a) => t2.http().get(`/api/periods/${ids.period}`).set(a),
      allowed: any,
    });
    P('POST /api/periods', {
      name: 'new period (invalid body)',
      send: (t2, a) => t2.http().post('/api/periods').set(a).send({}),
      allowed: () => false,
    });
    P('GET /api/periods/:id/status', {
      name: 'period status (units with lower units)',
      send: (t2, a) => t2.http().get(`/api/periods/${ids.period}/status`).set(a),
      allowed: (_, rel) => rel === 'same' || rel === 'parent',
    });
    P('GET /api/periods/:id/table', {
      name: 'indicator table of the lower units',
      send: (t2, a) =>
        t2
          .http()
          .get(`/api/periods/${ids.period}/table`)
          .query({ form: '01/TE', columns: 'I.1:y2024' })
          .set(a),
      allowed: (_, rel) => rel === 'same' || rel === 'parent',
    });
    P('GET /api/periods/:id/export', {
      name: 'long export of the lower units',
      send: (t2, a) => t2.http().get(`/api/periods/${ids.period}/export?format=csv`).set(a),
      allowed: (_, rel) => rel === 'same' || rel === 'parent',
    });
    P('POST /api/reports', {
      name: 'new report (unknown period)',
      send: (t2, a) =>
        t2
          .http()
          .post('/api/reports')
          .set(a)
          .send({ periodId: randomUUID(), type: 'BC', title: 'x' }),
      allowed: (role) => role === 'officer',
    });
    P('GET /api/reports', { name: 'list', send: get('/api/reports'), allowed: any });
    P(
      'GET /api/reports/:id',
      {
        name: 'draft',
        send: (t2, a) => t2.http().get(`/api/reports/${ids.draft}`).set(a),
        allowed: draftReaders,
      },
      {
        name: 'submitted',
        send: (t2, a) => t2.http().get(`/api/reports/${ids.submitted}`).set(a),
        allowed: submittedReaders,
      },
    );
    P('PATCH /api/reports/:id', {
      name: 'edit draft (stale version)',
      send: (t2, a) =>
        t2
          .http()
          .patch(`/api/reports/${ids.draft}`)
          .set(a)
          .send({ version: staleVersion, title: 'x' }),
      allowed: officerOf(['same']),
    });
    P('GET /api/reports/:id/validation', {
      name: 'validation',
      send: (t2, a) => t2.http().get(`/api/reports/${ids.draft}/validation`).set(a),
      allowed: draftReaders,
    });
    P(
      'GET /api/reports/:id/forms/:code/xlsx',
      {
        name: 'draft workbook',
        send: (t2, a) => t2.http().get(`/api/reports/${ids.draft}/forms/01%2FTE/xlsx`).set(a),
        allowed: draftReaders,
      },
      {
        name: 'submitted workbook',
        send: (t2, a) => t2.http().get(`/api/reports/${ids.submitted}/forms/01%2FTE/xlsx`).set(a),
        allowed: submittedReaders,
      },
    );
    P('PUT /api/reports/:id/forms/:code/xlsx', {
      name: 'import into draft',
      send: (t2, a) =>
        t2
          .http()
          .put(`/api/reports/${ids.draft}/forms/01%2FTE/xlsx?version=${staleVersion}`)
          .set(a)
          .set('Content-Type', 'application/octet-stream')
          .send(Buffer.from('not a workbook')),
      allowed: officerOf(['same']),
    });
    P(
      'POST /api/reports/:id/events',
      {
        name: 'REQUEST_SIGNATURE on the draft (stale version)',
        send: (t2, a) =>
          t2
            .http()
            .post(`/api/reports/${ids.draft}/events`)
            .set(a)
            .send({ type: 'REQUEST_SIGNATURE', version: staleVersion }),
        allowed: officerOf(['same']),
      },
      {
        name: 'RETURN of the submitted report (stale version)',
        send: (t2, a) =>
          t2
            .http()
            .post(`/api/reports/${ids.submitted}/events`)
            .set(a)
            .send({ type: 'RETURN', version: staleVersion, comment: 'Kiểm tra lại' }),
        allowed: (role, rel) => rel === 'parent' && (role === 'officer' || role === 'head'),
      },
    );
    P(
      'GET /api/reports/:id/history',
      {
        name: 'draft history',
        send: (t2, a) => t2.http().get(`/api/reports/${ids.draft}/history`).set(a),
        allowed: draftReaders,
      },
      {
        name: 'submitted history',
        send: (t2, a) => t2.http().get(`/api/reports/${ids.submitted}/history`).set(a),
        allowed: submittedReaders,
      },
    );
    P('GET /api/reports/:id/pdf', {
      name: 'issued original',
      send: (t2, a) => t2.http().get(`/api/reports/${ids.submitted}/pdf`).set(a),
      allowed: submittedReaders,
    });
    P(
      'GET /api/reports/:id/docx',
      {
        name: 'draft Word copy',
        send: (t2, a) => t2.http().get(`/api/reports/${ids.draft}/docx`).set(a),
        allowed: draftReaders,
      },
      {
        name: 'issued Word copy',
        send: (t2, a) => t2.http().get(`/api/reports/${ids.submitted}/docx`).set(a),
        allowed: submittedReaders,
      },
    );
    P('PUT /api/reports/:id/docx', {
      name: 'import a Word copy into the draft',
      send: (t2, a) =>
        t2
          .http()
          .put(`/api/reports/${ids.draft}/docx?version=${staleVersion}`)
          .set(a)
          .set('Content-Type', 'application/octet-stream')
          .send(Buffer.from('not a Word file')),
      allowed: officerOf(['same']),
    });
    P('GET /api/reports/:id/provenance', {
      name: 'provenance',
      send: (t2, a) =>
        t2
          .http()
          .get(`/api/reports/${ids.draft}/provenance?form=01%2FTE&row=I.1&column=y2024`)
          .set(a),
      allowed: draftReaders,
    });
    P('GET /api/reports/:id/compiled-narrative', {
      name: 'compiled narrative of the lower units',
      send: (t2, a) => t2.http().get(`/api/reports/${ids.draft}/compiled-narrative`).set(a),
      allowed: draftReaders,
    });
    P('GET /api/inbox', { name: 'inbox', send: get('/api/inbox'), allowed: any });
    P('GET /api/inbox/to-make', {
      name: 'reports to make',
      send: get('/api/inbox/to-make'),
      allowed: any,
    });
    P('GET /api/inbox/counts', {
      name: 'work counts',
      send: get('/api/inbox/counts'),
      allowed: any,
    });
    P('POST /api/consolidations', {
      name: 'consolidate (invalid body)',
      send: (t2, a) => t2.http().post('/api/consolidations').set(a).send({ periodId: 'x' }),
      allowed: (role) => role === 'officer',
    });
    P('GET /api/documents', { name: 'documents', send: get('/api/documents'), allowed: any });
    P('GET /api/documents/incoming', {
      name: 'incoming',
      send: get('/api/documents/incoming'),
      allowed: any,
    });
    P('GET /api/documents/register', {
      name: 'outgoing register of TP Lạng Sơn',
      send: (t2, a) =>
        t2
          .http()
          .get(`/api/documents/register?orgUnitId=${ids.TPLS}&year=${year}&format=xlsx`)
          .set(a),
      allowed: submittedReaders,
    });
    P('POST /api/documents/verify', {
      name: 'verify a file',
      send: (t2, a) =>
        t2
          .http()
          .post('/api/documents/verify')
          .set(a)
          .set('Content-Type', 'application/pdf')
          .send(Buffer.from('%PDF-1.4 thử')),
      allowed: any,
    });
    P('GET /api/signing-credentials', {
      name: 'certificates',
      send: get('/api/signing-credentials'),
      allowed: () => false,
    });
    P('POST /api/signing-credentials', {
      name: 'upload a certificate (invalid body)',
      send: (t2, a) => t2.http().post('/api/signing-credentials').set(a).send({}),
      allowed: () => false,
    });
    P('POST /api/signing-images', {
      name: 'upload a signature image (invalid body)',
      send: (t2, a) => t2.http().post('/api/signing-images').set(a).send({}),
      allowed: () => false,
    });
    // Registered certificates: a person's own, or an administrator's of their scope.
    P('GET /api/users/:id/certificates', {
      name: "the head's certificates",
      send: (t2, a) => t2.http().get(`/api/users/${ids.tplsHead}/certificates`).set(a),
      allowed: (role, rel) => role === 'head' && rel === 'same',
    });
    P('POST /api/users/:id/certificates', {
      name: 'register a certificate for the head (not a certificate)',
      send: (t2, a) =>
        t2.http().post(`/api/users/${ids.tplsHead}/certificates`).set(a).send({ certificate: 'x' }),
      allowed: (role, rel) => role === 'head' && rel === 'same',
    });
    P('DELETE /api/users/:id/certificates/:certificateId', {
      name: "remove another user's certificate",
      send: (t2, a) =>
        t2.http().delete(`/api/users/${ids.spareUser}/certificates/${randomUUID()}`).set(a),
      allowed: () => false,
    });
    P('GET /api/org-units/:id/certificates', {
      name: "the unit's certificates",
      send: get(`/api/org-units/${ids.TPLS}/certificates`),
      allowed: () => false,
    });
    P('POST /api/org-units/:id/certificates', {
      name: "register the unit's certificate (not a certificate)",
      send: (t2, a) =>
        t2.http().post(`/api/org-units/${ids.TPLS}/certificates`).set(a).send({ certificate: 'x' }),
      allowed: () => false,
    });
    P('DELETE /api/org-units/:id/certificates/:certificateId', {
      name: "remove the unit's certificate",
      send: (t2, a) =>
        t2.http().delete(`/api/org-units/${ids.TPLS}/certificates/${randomUUID()}`).set(a),
      allowed: () => false,
    });
    P('GET /api/signing-certificates/missing', {
      name: 'who must register a certificate',
      send: get('/api/signing-certificates/missing'),
      allowed: () => false,
    });
    // Deferred signing: the caller's own requests; a report's only for its signer.
    P('GET /api/signing-requests', {
      name: "the caller's signing requests",
      send: get('/api/signing-requests'),
      allowed: any,
    });
    P('GET /api/reports/:id/signing-request', {
      name: 'a signing request (none pending)',
      send: (t2, a) => t2.http().get(`/api/reports/${ids.draft}/signing-request`).set(a),
      allowed: () => false,
    });
    P('POST /api/reports/:id/signatures', {
      name: 'a signature for an unknown request (422 for those who see the draft)',
      send: (t2, a) =>
        t2
          .http()
          .post(`/api/reports/${ids.draft}/signatures`)
          .set(a)
          .send({ requestId: randomUUID(), cms: 'MAA=' }),
      allowed: (_role, rel) => rel === 'same',
    });
    P('GET /api/trust-anchors', {
      name: 'trust anchors',
      send: get('/api/trust-anchors'),
      allowed: () => false,
    });
    P('POST /api/trust-anchors', {
      name: 'add a trust anchor (invalid body)',
      send: (t2, a) => t2.http().post('/api/trust-anchors').set(a).send({}),
      allowed: () => false,
    });
    P('DELETE /api/trust-anchors/:id', {
      name: 'remove a trust anchor (none such)',
      send: (t2, a) =>
        t2.http().delete('/api/trust-anchors/00000000-0000-4000-8000-000000000000').set(a),
      allowed: () => false,
    });
    P('GET /api/trust-anchors/crls', {
      name: 'revocation lists',
      send: get('/api/trust-anchors/crls'),
      allowed: () => false,
    });
    P('POST /api/trust-anchors/crls', {
      name: 'upload a CRL (invalid body)',
      send: (t2, a) => t2.http().post('/api/trust-anchors/crls').set(a).send({}),
      allowed: () => false,
    });
    P('DELETE /api/trust-anchors/crls/:id', {
      name: 'remove a CRL (none such)',
      send: (t2, a) =>
        t2.http().delete('/api/trust-anchors/crls/00000000-0000-4000-8000-000000000000').set(a),
      allowed: () => false,
    });
    P('GET /api/documents/:id', {
      name: 'document',
      send: (t2, a) => t2.http().get(`/api/documents/${ids.document}`).set(a),
      allowed: submittedReaders,
    });
    P('GET /api/documents/:id/docx', {
      name: 'document Word copy',
      send: (t2, a) => t2.http().get(`/api/documents/${ids.document}/docx`).set(a),
      allowed: submittedReaders,
    });
    P('GET /api/documents/:id/pdf', {
      name: 'document pdf',
      send: (t2, a) => t2.http().get(`/api/documents/${ids.document}/pdf`).set(a),
      allowed: submittedReaders,
    });
    // The incoming register: only the receiving unit (S went up to Sở LĐTBXH, the parent).
    P('GET /api/documents/incoming-register', {
      name: 'incoming register of TP Lạng Sơn',
      send: (t2, a) =>
        t2.http().get(`/api/documents/incoming-register?orgUnitId=${ids.TPLS}&year=${year}`).set(a),
      allowed: (_role, rel) => rel === 'same',
    });
    P('POST /api/documents/:id/acknowledge', {
      name: 'acknowledge receipt of S (then 409)',
      send: (t2, a) => t2.http().post(`/api/documents/${ids.document}/acknowledge`).set(a),
      allowed: (_role, rel) => rel === 'parent',
    });
    P('PUT /api/documents/:id/handler', {
      name: 'clear the handler of S',
      send: (t2, a) =>
        t2.http().put(`/api/documents/${ids.document}/handler`).set(a).send({ userId: null }),
      allowed: (_role, rel) => rel === 'parent',
    });
    P('POST /api/documents/:id/withdraw', {
      name: 'withdraw S (then 409)',
      send: (t2, a) =>
        t2
          .http()
          .post(`/api/documents/${ids.document}/withdraw`)
          .set(a)
          .send({ reason: 'Thử ma trận phân quyền' }),
      allowed: (role, rel) => role === 'head' && rel === 'same',
    });

    // Notifications: everyone their own; another's (TP Lạng Sơn's head was asked to sign S) is not found.
    ids.headsNotification = (
      await get('/api/notifications')(t, await t.auth('tpls.head'))
    ).body[0].id;
    P('GET /api/notifications', {
      name: 'own notifications',
      send: get('/api/notifications'),
      allowed: any,
    });
    P('GET /api/notifications/unread-count', {
      name: 'unread count',
      send: get('/api/notifications/unread-count'),
      allowed: any,
    });
    P('POST /api/notifications/read-all', {
      name: 'mark own read',
      send: (t2, a) => t2.http().post('/api/notifications/read-all').set(a),
      allowed: any,
    });
    P('POST /api/notifications/:id/read', {
      name: "TP Lạng Sơn head's notification",
      send: (t2, a) => t2.http().post(`/api/notifications/${ids.headsNotification}/read`).set(a),
      allowed: (role, rel) => role === 'head' && rel === 'same',
    });

    // Administration: only admins (and unit administrators, tested in administration.e2e-spec.ts).
    const none = () => false;
    P('POST /api/auth/change-password', {
      name: 'change own password (invalid body)',
      send: (t2, a) => t2.http().post('/api/auth/change-password').set(a).send({}),
      allowed: any,
    });
    P('GET /api/org-units/:id', {
      name: 'a unit',
      send: (t2, a) => t2.http().get(`/api/org-units/${ids.TPLS}`).set(a),
      allowed: none,
    });
    P('POST /api/org-units', {
      name: 'new unit (invalid body)',
      send: (t2, a) => t2.http().post('/api/org-units').set(a).send({ code: '!' }),
      allowed: none,
    });
    P('PATCH /api/org-units/:id', {
      name: 'change a unit (invalid body)',
      send: (t2, a) => t2.http().patch(`/api/org-units/${ids.TPLS}`).set(a).send({ code: '!' }),
      allowed: none,
    });
    P('POST /api/org-units/:id/move-users', {
      name: 'move the users of a unit (invalid body)',
      send: (t2, a) => t2.http().post(`/api/org-units/${ids.TPLS}/move-users`).set(a).send({}),
      allowed: none,
    });
    P('GET /api/indicators', {
      name: "an indicator of the district (its own people and the province's)",
      send: (t2, a) =>
        t2
          .http()
          .get('/api/indicators')
          .query({
            form: '01/TE',
            row: 'I.1',
            column: 'y2024',
            orgUnitId: ids.TPLS,
            from: 2024,
            to: 2026,
          })
          .set(a),
      allowed: (_, rel) => rel === 'same' || rel === 'parent',
    });
    P('GET /api/users', { name: 'users', send: get('/api/users'), allowed: none });
    P('GET /api/users/:id', {
      name: 'a user',
      send: (t2, a) => t2.http().get(`/api/users/${ids.spareUser}`).set(a),
      allowed: none,
    });
    P('POST /api/users', {
      name: 'new user (invalid body)',
      send: (t2, a) => t2.http().post('/api/users').set(a).send({ username: '!' }),
      allowed: none,
    });
    P('PATCH /api/users/:id', {
      name: 'change a user (invalid body)',
      send: (t2, a) => t2.http().patch(`/api/users/${ids.spareUser}`).set(a).send({ roles: [] }),
      allowed: none,
    });
    P('POST /api/users/:id/reset-password', {
      name: 'reset a password',
      send: (t2, a) => t2.http().post(`/api/users/${ids.spareUser}/reset-password`).set(a),
      allowed: none,
    });
    P('POST /api/admin/import', {
      name: 'import (no workbook)',
      send: (t2, a) =>
        t2
          .http()
          .post('/api/admin/import')
          .set(a)
          .set('Content-Type', 'application/octet-stream')
          .send(Buffer.from('x')),
      allowed: none,
    });
    P('GET /api/admin/import/template', {
      name: 'import template',
      send: get('/api/admin/import/template'),
      allowed: none,
    });
    P('GET /api/audit', { name: 'audit trail', send: get('/api/audit'), allowed: none });
    P('GET /api/admin/jobs', { name: 'failed jobs', send: get('/api/admin/jobs'), allowed: none });
    P('GET /api/me/preferences', {
      name: 'own preferences',
      send: get('/api/me/preferences'),
      allowed: any,
    });
    P('PATCH /api/me/preferences', {
      name: 'own preferences (invalid mode)',
      send: (t2, a) => t2.http().patch('/api/me/preferences').set(a).send({ notify: 'sometimes' }),
      allowed: any,
    });
    P('POST /api/periods/:id/copy', {
      name: 'copy a period (invalid body)',
      send: (t2, a) => t2.http().post(`/api/periods/${ids.period}/copy`).set(a).send({}),
      allowed: none,
    });
    P('PATCH /api/periods/:id', {
      name: 'change a period (invalid body)',
      send: (t2, a) => t2.http().patch(`/api/periods/${ids.period}`).set(a).send({ label: '' }),
      allowed: none,
    });
  }, 180000);
  afterAll(() => t.close());

  /** Routes that need no token at all (their own tests cover them): health, sign-in, the API's own documentation. */
  const PUBLIC = ['GET /api/health', 'POST /api/auth/login'];
  /** Ends every session of the caller, which this matrix (one session per actor) cannot outlive: hostile-sessions.e2e-spec.ts covers it. */
  const ENDS_THE_SESSION = ['POST /api/auth/logout'];
  const isPublic = (route: string) =>
    PUBLIC.includes(route) || ENDS_THE_SESSION.includes(route) || /^GET \/api\/docs\b/.test(route);

  it('covers every API route of the application', () => {
    const routes = listRoutes(t.app).filter((r) => r.split(' ')[1].startsWith('/api'));
    const missing = routes.filter((r) => !probes[r] && !isPublic(r));
    expect(missing).toEqual([]);
  });

  it('answers 401 on every non-public route without a token', async () => {
    for (const [route, list] of Object.entries(probes)) {
      const res = await list[0].send(t, { Authorization: '' } as never);
      expect([route, res.status]).toEqual([route, 401]);
    }
  });

  it.each(
    ROLES.flatMap((role) =>
      (Object.keys(RELATION_UNIT) as Relation[]).map((rel) => [role, rel] as const),
    ),
  )('%s of the %s unit', async (role, relation) => {
    const auth = await t.auth(`${RELATION_UNIT[relation]}.${role}`);
    const results: string[] = [];
    for (const [route, list] of Object.entries(probes)) {
      for (const probe of list) {
        const res = await probe.send(t, auth);
        const allowed = probe.allowed(role, relation);
        const ok = allowed
          ? ![401, 403, 404].includes(res.status) && res.status < 500
          : [403, 404].includes(res.status);
        if (!ok)
          results.push(
            `${route} (${probe.name}): expected ${allowed ? 'allowed' : 'refused'}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
          );
      }
    }
    expect(results).toEqual([]);
  });

  it('admin reads everything and runs admin routes, but takes no part in the workflow', async () => {
    const auth = await t.auth('admin');
    const expectations: Record<string, (s: number) => boolean> = {
      'POST /api/forms': (s) => s === 422,
      'POST /api/auth/change-password': (s) => s === 422,
      'POST /api/org-units': (s) => s === 422,
      'PATCH /api/org-units/:id': (s) => s === 422,
      'POST /api/org-units/:id/move-users': (s) => s === 422,
      'GET /api/indicators': (s) => s === 200,
      'POST /api/users': (s) => s === 422,
      'PATCH /api/users/:id': (s) => s === 422,
      'POST /api/admin/import': (s) => s === 400,
      'POST /api/periods/:id/copy': (s) => s === 422,
      'PATCH /api/periods/:id': (s) => s === 422,
      'POST /api/periods': (s) => s === 422,
      'POST /api/signing-credentials': (s) => s === 422,
      'POST /api/users/:id/certificates': (s) => s === 422,
      'POST /api/org-units/:id/certificates': (s) => s === 422,
      'DELETE /api/users/:id/certificates/:certificateId': (s) => s === 404,
      'DELETE /api/org-units/:id/certificates/:certificateId': (s) => s === 404,
      'GET /api/reports/:id/signing-request': (s) => s === 404,
      'POST /api/reports/:id/signatures': (s) => s === 422,
      'POST /api/signing-images': (s) => s === 422,
      'POST /api/trust-anchors': (s) => s === 422,
      'DELETE /api/trust-anchors/:id': (s) => s === 404,
      'POST /api/trust-anchors/crls': (s) => s === 422,
      'DELETE /api/trust-anchors/crls/:id': (s) => s === 404,
      'POST /api/reports': (s) => s === 403,
      'PATCH /api/reports/:id': (s) => s === 403,
      'PUT /api/reports/:id/forms/:code/xlsx': (s) => s === 403,
      'PUT /api/reports/:id/docx': (s) => s === 403,
      'POST /api/reports/:id/events': (s) => s === 403,
      'POST /api/consolidations': (s) => s === 403,
      // A starting point for the unit's own narrative: only the report's unit writes it (admins read the sources).
      'GET /api/reports/:id/compiled-narrative': (s) => s === 403,
      'POST /api/notifications/:id/read': (s) => s === 404,
      'PATCH /api/me/preferences': (s) => s === 422,
      // Receiving, handling and withdrawing documents are the units' acts, not the administrator's.
      'POST /api/documents/:id/acknowledge': (s) => s === 403 || s === 404,
      'PUT /api/documents/:id/handler': (s) => s === 403 || s === 404,
      'POST /api/documents/:id/withdraw': (s) => s === 403,
    };
    const failures: string[] = [];
    for (const [route, list] of Object.entries(probes)) {
      for (const probe of list) {
        const res = await probe.send(t, auth);
        const ok = expectations[route] ? expectations[route](res.status) : res.status < 400;
        if (!ok) failures.push(`${route} (${probe.name}): got ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('filters lists by the same rules: drafts only to their unit, submitted reports to upper units', async () => {
    for (const relation of Object.keys(RELATION_UNIT) as Relation[]) {
      const auth = await t.auth(`${RELATION_UNIT[relation]}.officer`);
      const reports = (await t.http().get('/api/reports').set(auth)).body.map((r: any) => r.id);
      expect([relation, reports.includes(ids.draft)]).toEqual([relation, relation === 'same']);
      expect([relation, reports.includes(ids.submitted)]).toEqual([
        relation,
        relation === 'same' || relation === 'parent',
      ]);
      const docs = (await t.http().get('/api/documents').set(auth)).body.map((d: any) => d.id);
      expect([relation, docs.includes(ids.document)]).toEqual([
        relation,
        relation === 'same' || relation === 'parent',
      ]);
    }
  });
});
