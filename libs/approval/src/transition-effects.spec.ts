import { effectsOf } from './transition-effects';
import { TRANSITION_NOTICES } from './transition-notices';

describe(effectsOf.name, () => {
  it('records a signature on SIGN and issues on the way to submitted, inside the transaction', () => {
    expect(
      effectsOf({ event: 'SIGN', from: 'awaitingSignature', to: 'signed' }, 'inTransaction'),
    ).toEqual(['recordSignature', 'notify:signed']);
    expect(
      effectsOf({ event: 'SUBMIT', from: 'signed', to: 'submitted' }, 'inTransaction'),
    ).toEqual(['issueDocument', 'openRequestedPeriod', 'notify:issued', 'notify:received']);
    expect(
      effectsOf(
        { event: 'REQUEST_SIGNATURE', from: 'editing', to: 'awaitingSignature' },
        'inTransaction',
      ),
    ).toEqual(['notify:signatureRequested']);
  });

  it('voids signatures only when a signed or sent report is returned; every return is told', () => {
    expect(
      effectsOf({ event: 'RETURN', from: 'awaitingSignature', to: 'editing' }, 'inTransaction'),
    ).toEqual(['notify:returned']);
    for (const from of ['signed', 'submitted', 'consolidated'] as const) {
      expect(effectsOf({ event: 'RETURN', from, to: 'editing' }, 'inTransaction')).toEqual([
        'voidSignatures',
        'notify:returned',
      ]);
    }
  });

  it('logs every step after commit', () => {
    expect(
      effectsOf({ event: 'SIGN', from: 'awaitingSignature', to: 'signed' }, 'afterCommit'),
    ).toEqual(['logTransition']);
  });
});

describe('TRANSITION_NOTICES', () => {
  const facts = {
    title: 'Báo cáo 6 tháng',
    unitName: 'Ủy ban nhân dân xã Hoàng Đồng',
    actorName: 'Nguyễn Văn A',
    actorUnitName: 'Ủy ban nhân dân thành phố Lạng Sơn',
    reason: 'Thiếu số liệu mục II',
    numberText: '01/BC-UBND',
  };

  it('words each notice in Vietnamese with the report, the reason and the number', () => {
    expect(TRANSITION_NOTICES.signatureRequested.title(facts)).toBe(
      'Báo cáo “Báo cáo 6 tháng” đang chờ ký',
    );
    expect(TRANSITION_NOTICES.returned.body(facts)).toContain(
      'Báo cáo bị trả lại: Thiếu số liệu mục II',
    );
    expect(TRANSITION_NOTICES.issued.body(facts)).toContain('01/BC-UBND');
    expect(TRANSITION_NOTICES.received.title(facts)).toContain('Ủy ban nhân dân xã Hoàng Đồng');
  });

  it('sends a signature request to the heads, a signature to the clerks and the drafter', () => {
    expect(TRANSITION_NOTICES.signatureRequested.audience).toEqual(['unitHeads']);
    expect(TRANSITION_NOTICES.signed.audience).toEqual(['unitClerks', 'drafters']);
    expect(TRANSITION_NOTICES.returned.audience).toEqual(['drafters']);
  });
});
