import { createHash } from 'node:crypto';
import { IncomingRegisterService, IssuedDocumentsRepository, NUMBERING_SERIES } from '@app/archive';
import { OrgRepository } from '@app/org';
import { startMediumApp, MediumApp } from '../support/medium-app';

/**
 * Delivery into the incoming registers against real PostgreSQL: the delivery function itself, run
 * by 20 transactions at once to one unit, gives incoming numbers 1..20 with no gap and no repeat,
 * and a rolled-back delivery gives its number back.
 */
describe(IncomingRegisterService.name, () => {
  let m: MediumApp;
  let incoming: IncomingRegisterService;
  let issuerId: string;
  let receiverId: string;
  let reportId: string;
  let serial = 0;

  beforeAll(async () => {
    m = await startMediumApp();
    incoming = m.get(IncomingRegisterService);
    const org = m.get(OrgRepository);
    issuerId = (await org.findByCode('HD'))!.id;
    // A receiving unit of its own: its register starts empty.
    receiverId = await org.insert(m.ds.manager, {
      code: 'NHAN',
      name: 'Văn phòng nhận thử',
      level: 'province',
      parentId: null,
      governingBody: 'Ủy ban nhân dân tỉnh Lạng Sơn',
      abbreviation: 'VP',
      placeName: 'Lạng Sơn',
      filingUnit: null,
      validFrom: '2000-01-01',
      validTo: null,
      successorId: null,
    });
    // The originals delivered below belong to a report issued by the demo history.
    [{ id: reportId }] = await m.ds.query(
      `SELECT report_id AS id FROM issued_document WHERE org_unit_id = $1 LIMIT 1`,
      [issuerId],
    );
  }, 120_000);
  afterAll(() => m?.close());

  /** An archived original of Hoàng Đồng in 2031 (bytes of its own; delivery never reads them). */
  const original = async (): Promise<string> => {
    const n = ++serial;
    const pdf = Buffer.from(`%PDF-1.7 thử giao văn bản ${n}`);
    return m.get(IssuedDocumentsRepository).insert(m.ds.manager, {
      reportId,
      orgUnitId: issuerId,
      year: 2031,
      series: NUMBERING_SERIES,
      number: n,
      model: null,
      symbol: 'BC-UBND',
      numberText: `${String(n).padStart(2, '0')}/BC-UBND`,
      docType: 'BC',
      issuedAt: new Date('2031-03-02T02:00:00Z'),
      issueDate: '2031-03-02',
      issuer: { name: 'Ủy ban nhân dân xã Hoàng Đồng', code: 'HD', level: 'commune' } as never,
      title: `Văn bản thử ${n}`,
      signer: { signerId: null, signedAt: null, contentSha256: null } as never,
      recipients: [],
      issuedBy: (await m.user('hoangdong.clerk')).id,
      pdf,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      pdfSize: pdf.length,
    });
  };

  it('20 concurrent deliveries to one unit take 1..20: no gap, no duplicate', async () => {
    const docs: string[] = [];
    for (let i = 0; i < 20; i++) docs.push(await original());
    const receivedAt = new Date('2031-03-02T03:00:00Z');
    const taken = await Promise.all(
      docs.map((id) =>
        m.ds.transaction(async (em) => {
          const numbers = await incoming.deliver(em, id, [receiverId], receivedAt, issuerId);
          return numbers.get(receiverId)!;
        }),
      ),
    );
    expect([...taken].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const rows: { incoming_number: number; document_id: string }[] = await m.ds.query(
      `SELECT incoming_number, document_id FROM incoming_document WHERE org_unit_id = $1 AND year = 2031 ORDER BY incoming_number`,
      [receiverId],
    );
    expect(rows.map((r) => r.incoming_number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.document_id)).size).toBe(20);
    // Each document got the number its own transaction took.
    for (const [i, id] of docs.entries())
      expect(rows.find((r) => r.document_id === id)?.incoming_number).toBe(taken[i]);
    const admin = await m.user('admin');
    const { lines } = await incoming.lines(admin, receiverId, 2031);
    expect(lines.map((l) => l.incomingNumber)).toEqual(rows.map((r) => r.incoming_number));
  });

  it('a rolled-back delivery gives its number back; a document is entered once per unit', async () => {
    const failed = await original();
    await expect(
      m.ds.transaction(async (em) => {
        await incoming.deliver(em, failed, [receiverId], new Date('2031-03-03T03:00:00Z'));
        throw new Error('issuing failed after the delivery');
      }),
    ).rejects.toThrow('issuing failed');
    const next = await original();
    const again = await m.ds.transaction((em) =>
      incoming.deliver(em, next, [receiverId, receiverId], new Date('2031-03-03T04:00:00Z')),
    );
    expect(again.get(receiverId)).toBe(21);
    const twice = await m.ds.transaction((em) =>
      incoming.deliver(em, next, [receiverId], new Date('2031-03-03T05:00:00Z')),
    );
    expect(twice.size).toBe(0);
    // The issuer's own unit is never delivered to; another year starts again at 1.
    const own = await m.ds.transaction((em) =>
      incoming.deliver(em, next, [issuerId], new Date('2031-03-03T05:00:00Z'), issuerId),
    );
    expect(own.size).toBe(0);
    const later = await m.ds.transaction((em) =>
      incoming.deliver(em, failed, [receiverId], new Date('2032-01-02T03:00:00Z')),
    );
    expect(later.get(receiverId)).toBe(1);
  });
});
