import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';
import { fire } from '../support/workflow';

/**
 * What waits for each person (issue 19): the officer's reports still to be made for open periods
 * (own or consolidated) with their deadline, and the counts per kind in every page's header.
 */
describe('Work waiting: reports to make and the header counts (e2e)', () => {
  let t: TestApp;
  let current: { id: string; label: string };

  beforeAll(async () => {
    t = await startTestApp();
    const periods = (
      await t
        .http()
        .get('/api/periods')
        .set(await t.auth('kylua.officer'))
    ).body;
    // The demo's period open on the loading day (not the test fixture's legacy one).
    current = periods.find((p: any) => p.open && /^\d{4}-(H1|CN)$/.test(p.code));
    expect(current).toBeDefined();
  });
  afterAll(() => t.close());

  const toMake = async (who: string) =>
    (
      await t
        .http()
        .get('/api/inbox/to-make')
        .set(await t.auth(who))
    ).body;

  async function signedIn(username: string) {
    const agent = request.agent(t.app.getHttpServer());
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/')).text)![1];
    const login = await agent
      .post('/login')
      .type('form')
      .send({ username, password: 'demo', _csrf: token });
    expect(login.status).toBe(303);
    return agent;
  }

  it('lists the report a ward’s officer still has to make, and the consolidation its province has to make', async () => {
    const ward = (await toMake('kylua.officer')).find((x: any) => x.periodId === current.id);
    expect(ward).toMatchObject({ kind: 'create', periodLabel: current.label, overdue: false });
    expect(ward.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const province = (await toMake('syt.officer')).find((x: any) => x.periodId === current.id);
    expect(province).toMatchObject({ kind: 'consolidate' });
    // Only officers make reports; a unit that did not exist on the cut-off date has nothing to make.
    expect(await toMake('kylua.head')).toEqual([]);
    expect((await toMake('kylua.officer')).map((x: any) => x.periodLabel)).not.toContain(
      '6 tháng đầu năm 2024',
    );
  });

  it('shows it on the inbox page and counts it in the header, until the report is made', async () => {
    const agent = await signedIn('kylua.officer');
    const before = await agent.get('/');
    expect(before.text).toContain('Báo cáo cần lập');
    expect(before.text).toContain(`data-period-id="${current.id}"`);
    const count = (html: string) =>
      Number(/class="work-count" data-count="(\d+)"/.exec(html)?.[1] ?? 0);
    const counted = count(before.text);
    expect(counted).toBeGreaterThanOrEqual(1);
    expect(before.text).toMatch(/title="[^"]*1 báo cáo cần lập/);
    const api = (
      await t
        .http()
        .get('/api/inbox/counts')
        .set(await t.auth('kylua.officer'))
    ).body;
    expect(api.total).toBe(counted);

    // Made, and sent for signing: it leaves the officer's list and waits in the head's.
    const made = await t
      .http()
      .post('/api/reports')
      .set(await t.auth('kylua.officer'))
      .send({ periodId: current.id, type: 'BC', title: 'Báo cáo của phường Kỳ Lừa' });
    expect(made.status).toBe(201);
    const after = await agent.get('/');
    expect(after.text).not.toContain(`data-period-id="${current.id}"`);
    expect(count(after.text)).toBe(counted - 1);
    expect((await fire(t, 'kylua.officer', made.body.id, 'REQUEST_SIGNATURE')).status).toBe(200);
    const head = await signedIn('kylua.head');
    const headPage = await head.get('/reports');
    expect(count(headPage.text)).toBeGreaterThanOrEqual(1);
    expect(headPage.text).toMatch(/title="[^"]*1 chờ ký/);
  });
});
