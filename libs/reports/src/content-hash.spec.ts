import { canonicalJson, contentSha256 } from './content-hash';

describe(canonicalJson.name, () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe(contentSha256.name, () => {
  const base = {
    title: 'Báo cáo',
    narrative: 'I. ĐẶC ĐIỂM',
    recipients: [{ name: 'UBND TP' }],
    data: { '01/TE': { 'I.1': { y2024: 5 } } },
  };
  it('does not depend on key order but on every value', () => {
    const reordered = {
      data: { '01/TE': { 'I.1': { y2024: 5 } } },
      recipients: [{ name: 'UBND TP' }],
      narrative: 'I. ĐẶC ĐIỂM',
      title: 'Báo cáo',
    };
    expect(contentSha256(reordered)).toBe(contentSha256(base));
    expect(contentSha256({ ...base, data: { '01/TE': { 'I.1': { y2024: 6 } } } })).not.toBe(
      contentSha256(base),
    );
    expect(contentSha256(base)).toMatch(/^[0-9a-f]{64}$/);
  });
});
