import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { launchBrowser, listen } from '../support/browser';
import { binary } from '../support/http';
import { freePort, spawnServer, waitForHealth } from '../support/processes';
import { createTestDatabase } from '../support/test-db';
import { startTestApp, TestApp, TEST_JWT_SECRET } from '../support/test-app';
import { draftReport } from '../support/workflow';

/**
 * Issue 14, findings 6, 8, 9, 15, 16 and deactivation: each attack as it was sent against the
 * running server, answered correctly now.
 */

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const signHs256 = (payload: object, secret = TEST_JWT_SECRET) => {
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
};
const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, any>;
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

/** The session cookie a response sets (a renewal or a sign-in), or undefined. */
function sessionCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const set = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const value = set.map((c) => /^te_session=([^;]*)/.exec(c)?.[1]).find((v) => v);
  return value || undefined;
}

/** The web sign-in form as a browser posts it (with its nonce cookie and CSRF token). */
async function webSignIn(
  t: TestApp,
  username: string,
  password = 'demo',
  headers: Record<string, string> = {},
) {
  const agent = request.agent(t.app.getHttpServer());
  const page = await agent.get('/');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  const res = await agent
    .post('/login')
    .set(headers)
    .type('form')
    .send({ username, password, _csrf: csrf });
  return { res, agent, cookie: sessionCookie(res) };
}

const withCookie = (cookie: string) => ({ Cookie: `te_session=${cookie}` });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('Hostile sessions (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_THROTTLE_LIMIT: '3', LOGIN_ACCOUNT_LIMIT: '50' });
  });
  afterAll(() => t?.close());

  describe('finding 6: one login throttle', () => {
    it('counts a padded, upper-cased user name with the plain one, the web form with the API, and ignores X-Forwarded-For', async () => {
      const api = (username: string, password: string, headers: Record<string, string> = {}) =>
        t.http().post('/api/auth/login').set(headers).send({ username, password });
      expect((await api('quanglac.head', 'guess-1')).status).toBe(401);
      expect((await api('QuangLac.Head   ', 'guess-2')).status).toBe(401);
      expect((await webSignIn(t, ' quanglac.head\t', 'guess-3')).res.status).toBe(401);
      // The bucket of (address, quanglac.head) is spent: the right password, padded or not,
      // through either door, from a made-up forwarded address — all refused.
      const padded = await api('quanglac.head   ', 'demo');
      expect(padded.status).toBe(429);
      expect(Number(padded.headers['retry-after'])).toBeGreaterThan(0);
      expect(
        (await api('quanglac.head', 'demo', { 'X-Forwarded-For': '203.0.113.9' })).status,
      ).toBe(429);
      const web = await webSignIn(t, 'quanglac.head  ', 'demo');
      expect(web.res.status).toBe(429);
      expect(web.cookie).toBeUndefined();
      // Another account from the same address is not locked out.
      expect((await api('quanglac.clerk', 'demo')).status).toBe(200);
    });

    it('compares the password exactly as typed: a padded right password is a wrong one', async () => {
      const padded = await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'maipha.clerk', password: 'demo ' });
      expect(padded.status).toBe(401);
      expect((await webSignIn(t, 'maipha.clerk', ' demo')).res.status).toBe(401);
      // The user name alone is folded: a padded user name with the exact password signs in.
      expect(
        (
          await t
            .http()
            .post('/api/auth/login')
            .send({ username: ' MaiPha.Clerk ', password: 'demo' })
        ).status,
      ).toBe(200);
    });
  });

  describe('finding 8: signing out ends the token', () => {
    it('POST /api/auth/logout ends the Bearer token and the web session of the user at once', async () => {
      const { accessToken } = await t.login('hoangdong.officer');
      const web = await webSignIn(t, 'hoangdong.officer');
      expect(web.res.status).toBe(303);
      expect((await t.http().get('/api/auth/me').set(bearer(accessToken))).status).toBe(200);
      expect((await t.http().get('/api/auth/me').set(withCookie(web.cookie!))).status).toBe(200);

      const out = await t.http().post('/api/auth/logout').set(bearer(accessToken));
      expect(out.status).toBe(200);
      expect(out.body).toEqual({ signedOut: true });
      for (const headers of [bearer(accessToken), withCookie(web.cookie!), bearer(web.cookie!)]) {
        const res = await t.http().get('/api/auth/me').set(headers);
        expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      }
      const page = await t.http().get('/reports').set(withCookie(web.cookie!));
      expect([page.status, page.headers.location]).toEqual([303, '/?next=%2Freports']);
      // Signing in again works.
      expect(
        (
          await t
            .http()
            .get('/api/auth/me')
            .set(await freshBearer('hoangdong.officer'))
        ).status,
      ).toBe(200);
    });

    it('the web sign-out ends the cookie even when replayed, and the API tokens of the user', async () => {
      const { accessToken } = await t.login('maipha.officer');
      const web = await webSignIn(t, 'maipha.officer');
      const home = await web.agent.get('/');
      const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(home.text)![1];
      const out = await web.agent.post('/logout').type('form').send({ _csrf: csrf });
      expect([out.status, out.headers.location]).toEqual([303, '/?ok=signedout']);
      // An attacker kept a copy of the cookie: replayed as a cookie or as a Bearer token, it is dead.
      for (const headers of [withCookie(web.cookie!), bearer(web.cookie!), bearer(accessToken)]) {
        expect((await t.http().get('/api/auth/me').set(headers)).status).toBe(401);
      }
    });

    it('a password change ends every other session, a reset by an administrator all of them', async () => {
      const mine = (await t.login('quanglac.officer')).accessToken;
      const other = (await t.login('quanglac.officer')).accessToken;
      const changed = await t
        .http()
        .post('/api/auth/change-password')
        .set(bearer(mine))
        .send({ currentPassword: 'demo', newPassword: 'Quảng Lạc bảo vệ trẻ em 2026' });
      expect(changed.status).toBe(200);
      expect((await t.http().get('/api/auth/me').set(bearer(mine))).status).toBe(200);
      expect((await t.http().get('/api/auth/me').set(bearer(other))).status).toBe(401);

      const victim = (await t.login('tpls.officer')).accessToken;
      const id = (await t.http().get('/api/auth/me').set(bearer(victim))).body.id;
      const reset = await t
        .http()
        .post(`/api/users/${id}/reset-password`)
        .set(await t.auth('admin'));
      expect(reset.status).toBe(200);
      expect((await t.http().get('/api/auth/me').set(bearer(victim))).status).toBe(401);
    });
  });

  /** A token of a fresh sign-in (t.auth's cached one may belong to a session a test ended). */
  async function freshBearer(username: string) {
    return bearer((await t.login(username)).accessToken);
  }

  describe('finding 9: CSRF whenever the cookie authenticated', () => {
    it('refuses a cookie-authenticated /api change that carries a Basic (or empty Bearer) Authorization header without the token', async () => {
      const web = await webSignIn(t, 'sols.clerk');
      const home = await web.agent.get('/');
      const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(home.text)![1];
      for (const authorization of ['Basic Zm9vOmJhcg==', 'Bearer', 'Negotiate abc']) {
        const res = await t
          .http()
          .post('/api/auth/logout')
          .set({ ...withCookie(web.cookie!), Authorization: authorization });
        expect([authorization, res.status, res.body.code]).toEqual([
          authorization,
          403,
          'CSRF_TOKEN_INVALID',
        ]);
      }
      expect((await t.http().get('/api/auth/me').set(withCookie(web.cookie!))).status).toBe(200);
      // With the session's token the same call goes through (and clears the cookie).
      const ok = await t
        .http()
        .post('/api/auth/logout')
        .set({
          ...withCookie(web.cookie!),
          Authorization: 'Basic Zm9vOmJhcg==',
          'x-csrf-token': csrf,
        });
      expect(ok.status).toBe(200);
      expect((ok.headers['set-cookie'] as unknown as string[]).join()).toMatch(/te_session=;/);
      expect((await t.http().get('/api/auth/me').set(withCookie(web.cookie!))).status).toBe(401);
    });
  });

  describe('deactivation', () => {
    it('refuses the very next request of a deactivated user, even with requests in flight', async () => {
      const token = (await t.login('tpls.clerk')).accessToken;
      const web = await webSignIn(t, 'tpls.clerk');
      const me = await t.http().get('/api/auth/me').set(bearer(token));
      expect(me.status).toBe(200);
      // The user keeps calling while an administrator deactivates them (a read under way must not
      // put the old user back in the cache).
      let patched = false;
      const busy = (async () => {
        while (!patched) await t.http().get('/api/inbox').set(bearer(token));
      })();
      const patch = await t
        .http()
        .patch(`/api/users/${me.body.id}`)
        .set(await t.auth('admin'))
        .send({ active: false });
      patched = true;
      expect(patch.status).toBe(200);
      for (const headers of [bearer(token), withCookie(web.cookie!)]) {
        expect((await t.http().get('/api/inbox').set(headers)).status).toBe(401);
      }
      await busy;
      // Reactivated, the user signs in again; the old tokens stay dead.
      await t
        .http()
        .patch(`/api/users/${me.body.id}`)
        .set(await t.auth('admin'))
        .send({ active: true });
      expect((await t.http().get('/api/inbox').set(bearer(token))).status).toBe(401);
      expect(
        (
          await t
            .http()
            .get('/api/inbox')
            .set(await freshBearer('tpls.clerk'))
        ).status,
      ).toBe(200);
    });
  });

  describe('finding 16: security headers, tokens with an expiry', () => {
    it('sends nosniff and no-store on JSON answers, keeps the pages’ policy, and no policy on documents', async () => {
      const auth = await t.auth('maipha.officer');
      for (const res of [
        await t.http().get('/api/health'),
        await t.http().get('/api/org-units').set(auth),
        await t.http().get('/api/org-units'), // 401
      ]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['content-security-policy']).toBe(
          "default-src 'none'; frame-ancestors 'none'",
        );
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
      const page = await t.http().get('/');
      expect(page.headers['content-security-policy']).toMatch(
        /^default-src 'self'; script-src 'self';/,
      );
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      // Documents: nosniff and no-store, no policy that would stop Chrome's PDF viewer.
      const xlsx = await t
        .http()
        .get('/api/forms/01%2FTE/xlsx')
        .set(auth)
        .buffer(true)
        .parse(binary);
      const { id } = await draftReport(t, 'maipha.officer');
      const pdf = await t.http().get(`/api/reports/${id}/pdf`).set(auth).buffer(true).parse(binary);
      for (const res of [xlsx, pdf]) {
        expect(res.status).toBe(200);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['content-security-policy']).toBeUndefined();
      }
    });

    it('serves the API pages under their own policy, and they still work in Chromium', async () => {
      const base = await listen(t.app);
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        const violations: string[] = [];
        page.on('console', (m) => {
          if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
        });
        const res = await page.goto(`${base}/api/docs`, { waitUntil: 'networkidle0' });
        expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
        expect(res!.headers()['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
        await page.waitForSelector('.swagger-ui .info .title');
        expect(await page.$eval('.swagger-ui .info .title', (e) => e.textContent)).toMatch(
          /Báo cáo công tác trẻ em/,
        );
        expect(await page.$$eval('.opblock', (e) => e.length)).toBeGreaterThan(25);
        expect(violations).toEqual([]);
      } finally {
        await browser.close();
      }
    });

    it('refuses a token without exp (and one without a session id or version)', async () => {
      const { accessToken } = await t.login('hoangdong.head');
      const good = claims(accessToken);
      expect(good.exp - good.iat).toBe(8 * 3600);
      const { exp: _exp, ...noExp } = good;
      const { sid: _sid, sv: _sv, jti: _jti, ...oldStyle } = good;
      expect(
        (
          await t
            .http()
            .get('/api/auth/me')
            .set(bearer(signHs256(good)))
        ).status,
      ).toBe(200);
      for (const payload of [noExp, oldStyle]) {
        const res = await t
          .http()
          .get('/api/auth/me')
          .set(bearer(signHs256(payload)));
        expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      }
    });
  });
});

/** Separate apps: one process cannot close a second Nest app while another stays open on this driver. */
describe('finding 6 (e2e): per-account back-off behind a trusted proxy', () => {
  it('pauses an account tried from many addresses (per-account back-off, whatever the address)', async () => {
    const proxied = await startTestApp({
      TRUST_PROXY: 'loopback',
      LOGIN_THROTTLE_LIMIT: '3',
      LOGIN_ACCOUNT_LIMIT: '5',
      LOGIN_ACCOUNT_WINDOW: '600',
    });
    try {
      const from = (ip: string, password: string, username = 'tpls.head') =>
        proxied
          .http()
          .post('/api/auth/login')
          .set('X-Forwarded-For', ip)
          .send({ username, password });
      // Five addresses, one guess each: the per-address throttle (3) never trips…
      for (let i = 1; i <= 5; i++)
        expect((await from(`198.51.100.${i}`, `guess-${i}`)).status).toBe(401);
      // …but the account does: the right password from a sixth address is refused for a while.
      const paused = await from('198.51.100.6', 'demo');
      expect(paused.status).toBe(429);
      expect(paused.body.code).toBe('LOGIN_PAUSED');
      expect(paused.body.message).toMatch(/thử lại sau \d+ phút/);
      const retryAfter = Number(paused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(500);
      expect(retryAfter).toBeLessThanOrEqual(600);
      const web = await webSignIn(proxied, 'TPLS.head', 'demo', {
        'X-Forwarded-For': '198.51.100.7',
      });
      expect(web.res.status).toBe(429);
      expect(Number(web.res.headers['retry-after'])).toBeGreaterThan(0);
      // Other accounts sign in as usual.
      expect((await from('198.51.100.6', 'demo', 'tpls.clerk')).status).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});

describe('finding 8 (e2e): web session lifetime', () => {
  it('a web session lives WEB_SESSION_IDLE without a request, is renewed on activity, and ends JWT_EXPIRES_IN after signing in', async () => {
    // Times are counted from each token's own issue time (iat), not from when the test asked to
    // sign in: a slow sign-in on a busy machine must not move the test's clock.
    const short = await startTestApp({ WEB_SESSION_IDLE: '6', JWT_EXPIRES_IN: '11' });
    try {
      const me = (cookie: string) => short.http().get('/api/auth/me').set(withCookie(cookie));
      const [a, idle] = await Promise.all([
        webSignIn(short, 'sols.officer'),
        webSignIn(short, 'sols.head'),
      ]);
      const c0 = claims(a.cookie!);
      expect(c0.exp - c0.iat).toBe(6);
      expect(c0.auth_time).toBe(c0.iat);
      expect(c0).toEqual(
        expect.objectContaining({ sid: expect.any(String), jti: expect.any(String), sv: 0 }),
      );
      const signedIn = c0.iat * 1000;
      const idleSignedIn = claims(idle.cookie!).iat * 1000;

      // Renewed once half the idle time (3 s) has passed since the token was issued.
      await sleepUntil(signedIn + 3100);
      const first = await me(a.cookie!);
      expect(first.status).toBe(200);
      const c1 = sessionCookie(first)!;
      expect(claims(c1)).toMatchObject({ sid: c0.sid, auth_time: c0.auth_time });
      expect(claims(c1).jti).not.toBe(c0.jti);
      expect(claims(c1).exp).toBeGreaterThan(c0.exp);

      await sleepUntil(Math.max(signedIn, idleSignedIn) + 6200);
      expect((await me(a.cookie!)).status).toBe(401); // the token before the renewal lived 6 s
      expect((await me(idle.cookie!)).status).toBe(401); // no request for 6 s: the session ended
      await sleepUntil(claims(c1).iat * 1000 + 3100);
      const second = await me(c1);
      expect(second.status).toBe(200);
      const c2 = sessionCookie(second)!;
      expect(claims(c2).exp).toBe(c0.auth_time + 11); // never past sign-in + JWT_EXPIRES_IN

      await sleepUntil((c0.auth_time + 11) * 1000 + 100);
      expect((await me(c2)).status).toBe(401);
    } finally {
      await short.close();
    }
  }, 40_000);
});

describe('Separate processes (e2e): production start, sessions across processes', () => {
  const SECRETS = {
    JWT_SECRET: 'hostile-sessions-jwt-secret-0123456789abcdef',
    CREDENTIAL_SECRET: 'hostile-sessions-credential-secret-0123456789',
  };

  async function run(env: Record<string, string>) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-hostile-'));
    const srv = spawnServer({
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      ...SECRETS,
      ...env,
    });
    return { srv, dataDir };
  }

  it('finding 15: production loads no demo data, and refuses to start on a database that holds any', async () => {
    // A fresh production database: no demo accounts, no demo CA.
    const empty = await createTestDatabase({ empty: true });
    const fresh = await run({ NODE_ENV: 'production', DATABASE_URL: empty.url });
    try {
      await waitForHealth(fresh.srv.url);
      const c = new Client({ connectionString: empty.url });
      await c.connect();
      const counts = await c.query(
        `SELECT (SELECT count(*) FROM app_user)::int AS users, (SELECT count(*) FROM trusted_root)::int AS roots`,
      );
      await c.end();
      expect(counts.rows[0]).toEqual({ users: 0, roots: 0 });
      const login = await fetch(`${fresh.srv.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'demo' }),
      });
      expect(login.status).toBe(401);
    } finally {
      fresh.srv.child.kill('SIGTERM');
      expect(await fresh.srv.exited).toBe(0);
      await empty.drop();
    }

    // A database with the demo data (its users and the trusted demo CA).
    const demo = await createTestDatabase();
    try {
      const refused = await run({ NODE_ENV: 'production', DATABASE_URL: demo.url });
      expect(await refused.srv.exited).toBe(1);
      const out = refused.srv.output().trim();
      expect(out).toMatch(
        /^Refusing to start with NODE_ENV=production: the database holds demo data \(25 demo account\(s\) with the password "demo" \(admin, .*\) and the demo certificate authority as a trusted root\); remove it, or set ALLOW_DEMO_DATA=true to start anyway\.$/,
      );
      expect(out.split('\n')).toHaveLength(1);

      // The demo passwords changed, the demo CA still trusted: still refused, naming the CA.
      const c = new Client({ connectionString: demo.url });
      await c.connect();
      await c.query(`UPDATE app_user SET password_hash = 'scrypt$invalid'`);
      await c.end();
      const caOnly = await run({ NODE_ENV: 'production', DATABASE_URL: demo.url });
      expect(await caOnly.srv.exited).toBe(1);
      expect(caOnly.srv.output()).toMatch(
        /demo data \(the demo certificate authority as a trusted root\)/,
      );

      // Asking for demo data in production needs the explicit allowance.
      const seed = await run({ NODE_ENV: 'production', DATABASE_URL: demo.url, SEED_DEMO: 'true' });
      expect(await seed.srv.exited).toBe(1);
      expect(seed.srv.output()).toMatch(
        /SEED_DEMO=true with NODE_ENV=production also needs ALLOW_DEMO_DATA=true/,
      );

      const allowed = await run({
        NODE_ENV: 'production',
        DATABASE_URL: demo.url,
        ALLOW_DEMO_DATA: 'true',
      });
      try {
        await waitForHealth(allowed.srv.url);
      } finally {
        allowed.srv.child.kill('SIGTERM');
        expect(await allowed.srv.exited).toBe(0);
      }
    } finally {
      await demo.drop();
    }
  }, 120_000);

  it('finding 8 across processes: a sign-out on one process ends the token on another at once', async () => {
    const db = await createTestDatabase();
    const a = await run({ DATABASE_URL: db.url });
    const b = await run({ DATABASE_URL: db.url });
    try {
      await Promise.all([waitForHealth(a.srv.url), waitForHealth(b.srv.url)]);
      const login = await fetch(`${a.srv.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'hoangdong.clerk', password: 'demo' }),
      });
      const { accessToken } = await login.json();
      const me = (url: string) => fetch(`${url}/api/auth/me`, { headers: bearer(accessToken) });
      expect((await me(a.srv.url)).status).toBe(200); // A now holds the user in its 5-second cache
      const out = await fetch(`${b.srv.url}/api/auth/logout`, {
        method: 'POST',
        headers: bearer(accessToken),
      });
      expect(out.status).toBe(200);
      // A hears of it from PostgreSQL well before its cache would expire.
      const started = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - started < 3000) {
        status = (await me(a.srv.url)).status;
        if (status === 200) await new Promise((r) => setTimeout(r, 25));
      }
      expect(status).toBe(401);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      for (const p of [a, b]) p.srv.child.kill('SIGTERM');
      expect([await a.srv.exited, await b.srv.exited]).toEqual([0, 0]);
      await db.drop();
    }
  }, 90_000);
});
