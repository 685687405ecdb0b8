import { createHmac } from 'node:crypto';
import { DEMO_USERS } from '@app/demo';
import { startTestApp, TestApp, TEST_JWT_SECRET } from '../support/test-app';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function signHs256(payload: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }) {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('Sign-in and access tokens (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers /api/health without a token', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('signs in every demo user with the password "demo"', async () => {
    expect(DEMO_USERS).toHaveLength(25);
    for (const u of DEMO_USERS) {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ username: u.username, password: 'demo' });
      expect(res.status).toBe(200);
      expect(res.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(res.body.user).toMatchObject({
        username: u.username,
        fullName: u.fullName,
        roles: u.roles,
      });
      expect(res.body.user.orgUnitId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.user).not.toHaveProperty('passwordHash');
    }
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'hoangdong.head', password: 'wrong' });
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'nobody', password: 'demo' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({
      statusCode: 401,
      code: 'INVALID_CREDENTIALS',
      message: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    });
  });

  it('asks for both fields when they are missing', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'password', message: 'Chưa nhập mật khẩu.' }]);
  });

  it('lets a valid token through and refuses a missing, tampered, foreign, unsigned or expired one', async () => {
    const { accessToken } = await t.login('hoangdong.officer');
    expect(
      (await t.http().get('/api/org-units').set('Authorization', `Bearer ${accessToken}`)).status,
    ).toBe(200);

    const [h, p, s] = accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const tampered = `${h}.${b64({ ...payload, roles: ['admin'] })}.${s}`;
    const foreign = signHs256(payload, 'another-secret-of-someone-else-0123456789');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`;
    const expired = signHs256({ ...payload, iat: 1000, exp: 2000 }, TEST_JWT_SECRET);
    const ghost = signHs256(
      { ...payload, sub: '00000000-0000-4000-8000-000000000000' },
      TEST_JWT_SECRET,
    );

    const noToken = await t.http().get('/api/org-units');
    expect(noToken.status).toBe(401);
    expect(noToken.body.code).toBe('UNAUTHENTICATED');
    for (const token of [tampered, foreign, unsigned, expired, ghost, 'garbage']) {
      const res = await t.http().get('/api/org-units').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(/đăng nhập/),
      });
    }
  });

  it('lists the dated org tree with parent links', async () => {
    const res = await t
      .http()
      .get('/api/org-units')
      .set(await t.auth('maipha.officer'));
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.map((o: any) => [o.code, o]));
    expect(Object.keys(byCode).sort()).toEqual([
      'HD',
      'KL',
      'LS',
      'LVT',
      'MP',
      'QL',
      'SYT',
      'TPLS',
    ]);
    expect(byCode.LS).toMatchObject({
      level: 'province',
      parentId: null,
      name: 'Sở Lao động - Thương binh và Xã hội tỉnh Lạng Sơn',
      abbreviation: 'LĐTBXH',
    });
    expect(byCode.TPLS).toMatchObject({
      level: 'district',
      parentId: byCode.LS.id,
      abbreviation: 'UBND',
      placeName: 'Lạng Sơn',
    });
    for (const c of ['HD', 'MP', 'QL']) {
      expect(byCode[c]).toMatchObject({
        level: 'commune',
        parentId: byCode.TPLS.id,
        validFrom: '2000-01-01',
        validTo: '2025-06-30',
      });
    }
    expect(byCode.HD.placeName).toBe('Hoàng Đồng');
    // Since the reform: Sở Y tế (after Sở LĐTBXH) and the wards directly under it.
    expect(byCode.LS.validTo).toBe('2025-02-28');
    expect(byCode.SYT).toMatchObject({
      level: 'province',
      parentId: null,
      validFrom: '2025-03-01',
      validTo: null,
    });
    for (const c of ['LVT', 'KL'])
      expect(byCode[c]).toMatchObject({
        level: 'commune',
        parentId: byCode.SYT.id,
        validFrom: '2025-07-01',
        validTo: null,
      });
    expect(byCode.HD.successors).toEqual([{ orgUnitId: byCode.LVT.id, share: null }]);
  });

  it('answers malformed JSON with 400 and an oversized body with 413, without a stack trace', async () => {
    const bad = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": "a",');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      statusCode: 400,
      code: 'MALFORMED_JSON',
      message: expect.any(String),
    });
    const huge = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'demo' }));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(JSON.stringify(huge.body)).not.toMatch(/at .*\.js/);
  });

  it('answers an unknown route with a Vietnamese 404', async () => {
    const res = await t
      .http()
      .get('/api/does-not-exist')
      .set(await t.auth('maipha.officer'));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});

describe('Login throttle (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_THROTTLE_LIMIT: '3', LOGIN_THROTTLE_TTL: '60' });
  });
  afterAll(() => t.close());

  it('refuses attempts past the limit with 429, even with the right password', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'quanglac.head', password: `guess-${i}` });
      expect(res.status).toBe(401);
    }
    const blocked = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'quanglac.head', password: 'demo' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_REQUESTS');
    expect(blocked.body.message).toMatch(/thử lại/);
    // Another user from the same address is not locked out by someone guessing this one.
    const other = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'quanglac.clerk', password: 'demo' });
    expect(other.status).toBe(200);
  });
});
