import { demoSignerFor, returnSignature } from './signer-client';
import { HttpTestApp } from './test-app';
import { TEST_PERIOD_CODE } from './test-period';

/**
 * Reads the report as the actor (or as `reader`) and sends a workflow event with the version read.
 * A SIGN or SUBMIT that leaves a pending signature (a unit in token mode) is signed as the
 * signer's client would, with the demo key the signer holds: the answer is then the signature's.
 */
export async function fire(
  t: HttpTestApp,
  actor: string,
  reportId: string,
  type: string,
  comment?: string,
  reader = actor,
) {
  const cur = await t
    .http()
    .get(`/api/reports/${reportId}`)
    .set(await t.auth(reader));
  if (cur.status !== 200) throw new Error(`${reader} cannot read ${reportId}: ${cur.status}`);
  const res = await t
    .http()
    .post(`/api/reports/${reportId}/events`)
    .set(await t.auth(actor))
    .send({ type, version: cur.body.version, ...(comment !== undefined ? { comment } : {}) });
  if (res.status !== 200 || !res.body.pendingSignature || !['SIGN', 'SUBMIT'].includes(type))
    return res;
  return returnSignature(t, actor, reportId, await demoSignerFor(t, actor, res.body));
}

export async function periodId(t: HttpTestApp, code = TEST_PERIOD_CODE): Promise<string> {
  const res = await t
    .http()
    .get('/api/periods')
    .set(await t.auth('admin'));
  return res.body.find((p: any) => p.code === code).id;
}

/** A new draft of the officer's unit with a little valid data. */
export async function draftReport(
  t: HttpTestApp,
  officer: string,
  title = 'Báo cáo kết quả công tác trẻ em 6 tháng đầu năm 2024',
  data?: Record<string, unknown>,
  /** The period's code: the tests' legacy period by default. */
  periodCode = TEST_PERIOD_CODE,
) {
  const res = await t
    .http()
    .post('/api/reports')
    .set(await t.auth(officer))
    .send({ periodId: await periodId(t, periodCode), type: 'BC', title });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  const patch = await t
    .http()
    .patch(`/api/reports/${res.body.id}`)
    .set(await t.auth(officer))
    .send({
      version: res.body.version,
      data: data ?? {
        '01/TE': {
          POP: { y2024: 8000 },
          'I.1': { y2024: 2050 },
          'I.3': { y2024: 600 },
          'I.3.a': { y2024: 450 },
        },
      },
    });
  if (patch.status !== 200) throw new Error(`patch: ${patch.status} ${JSON.stringify(patch.body)}`);
  return patch.body;
}
