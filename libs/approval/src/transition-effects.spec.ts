import { effectsOf } from './transition-effects';

describe(effectsOf.name, () => {
  it('records a signature on SIGN and issues on the way to submitted, inside the transaction', () => {
    expect(
      effectsOf({ event: 'SIGN', from: 'awaitingSignature', to: 'signed' }, 'inTransaction'),
    ).toEqual(['recordSignature']);
    expect(
      effectsOf({ event: 'SUBMIT', from: 'signed', to: 'submitted' }, 'inTransaction'),
    ).toEqual(['issueDocument']);
    expect(
      effectsOf(
        { event: 'REQUEST_SIGNATURE', from: 'editing', to: 'awaitingSignature' },
        'inTransaction',
      ),
    ).toEqual([]);
  });

  it('voids signatures only when a signed or sent report is returned', () => {
    expect(
      effectsOf({ event: 'RETURN', from: 'awaitingSignature', to: 'editing' }, 'inTransaction'),
    ).toEqual([]);
    for (const from of ['signed', 'submitted', 'consolidated'] as const) {
      expect(effectsOf({ event: 'RETURN', from, to: 'editing' }, 'inTransaction')).toEqual([
        'voidSignatures',
      ]);
    }
  });

  it('logs every step after commit', () => {
    expect(
      effectsOf({ event: 'SIGN', from: 'awaitingSignature', to: 'signed' }, 'afterCommit'),
    ).toEqual(['logTransition']);
  });
});
