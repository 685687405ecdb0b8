import { contributorsAt } from './succession';

const link = (unitId: string, successorId: string, share: number | null = null) => ({
  unitId,
  successorId,
  share,
});

describe('contributorsAt', () => {
  it('adds the merged units of a ward, and takes a renamed unit whole', () => {
    const links = [link('A', 'W'), link('B', 'W'), link('C', 'C2')];
    const legacy = new Set(['A', 'B', 'C']);
    expect(contributorsAt(links, 'W', (u) => legacy.has(u))).toEqual({
      comparable: true,
      contributors: [
        { unitId: 'A', weight: 1 },
        { unitId: 'B', weight: 1 },
      ],
    });
    expect(contributorsAt(links, 'C2', (u) => legacy.has(u)).contributors).toEqual([
      { unitId: 'C', weight: 1 },
    ]);
  });

  it('weights a split by its shares, and refuses a split without them', () => {
    const legacy = new Set(['S']);
    expect(
      contributorsAt([link('S', 'X', 0.4), link('S', 'Y', 0.6)], 'Y', (u) => legacy.has(u)),
    ).toEqual({ comparable: true, contributors: [{ unitId: 'S', weight: 0.6 }] });
    expect(contributorsAt([link('S', 'X'), link('S', 'Y')], 'Y', (u) => legacy.has(u))).toEqual({
      comparable: false,
      contributors: [],
    });
  });

  it('takes the unit itself when it was valid then, and follows several reorganisations', () => {
    expect(contributorsAt([], 'U', () => true).contributors).toEqual([{ unitId: 'U', weight: 1 }]);
    const links = [link('A', 'M'), link('M', 'N', 0.5), link('M', 'O', 0.5)];
    expect(contributorsAt(links, 'N', (u) => u === 'A').contributors).toEqual([
      { unitId: 'A', weight: 0.5 },
    ]);
    // A unit valid in no period gives nothing, and no loop runs for ever.
    expect(contributorsAt([link('P', 'Q'), link('Q', 'P')], 'P', () => false).contributors).toEqual(
      [],
    );
  });
});
