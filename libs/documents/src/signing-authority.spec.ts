import { allowedAuthorities, authorityLines, resolveSigning } from './signing-authority';

const ubnd = { unitKind: 'collective' as const, collectiveName: 'Ủy ban nhân dân' };
const so = { unitKind: 'head' as const, collectiveName: 'Sở Lao động - Thương binh và Xã hội' };

describe(resolveSigning.name, () => {
  it('gives a collective body’s chair TM., its deputy KT. (or Q.), a department head TL. (or TUQ.)', () => {
    const chair = { ...ubnd, positionTitle: 'Chủ tịch', headTitle: null, defaultAuthority: null };
    expect(allowedAuthorities(chair)).toEqual(['TM.']);
    expect(resolveSigning(chair)).toMatchObject({ authority: 'TM.', headTitle: 'CHỦ TỊCH' });
    const deputy = {
      ...ubnd,
      positionTitle: 'PHÓ CHỦ TỊCH',
      headTitle: null,
      defaultAuthority: null,
    };
    expect(allowedAuthorities(deputy)).toEqual(['KT.', 'Q.']);
    expect(resolveSigning(deputy, 'Q.')).toMatchObject({ authority: 'Q.', headTitle: 'CHỦ TỊCH' });
    const office = {
      ...so,
      positionTitle: 'CHÁNH VĂN PHÒNG',
      headTitle: 'GIÁM ĐỐC',
      defaultAuthority: 'TUQ.',
    };
    expect(resolveSigning(office)).toMatchObject({ authority: 'TUQ.', headTitle: 'GIÁM ĐỐC' });
    const director = { ...so, positionTitle: 'GIÁM ĐỐC', headTitle: null, defaultAuthority: null };
    expect(resolveSigning(director)).toMatchObject({ authority: null, headTitle: 'GIÁM ĐỐC' });
  });

  it('refuses an authority the position does not allow, naming those it does', () => {
    const chair = {
      ...ubnd,
      positionTitle: 'CHỦ TỊCH',
      headTitle: 'ỦY BAN NHÂN DÂN', // an older record: the collective body as head title
      defaultAuthority: 'TM.',
    };
    expect(resolveSigning(chair, 'KT.')).toEqual({ refused: expect.stringContaining('TM.') });
    const deputy = {
      ...so,
      positionTitle: 'Phó Giám đốc',
      headTitle: null,
      defaultAuthority: 'KT.',
    };
    expect(resolveSigning(deputy, 'TL.')).toEqual({ refused: expect.stringContaining('KT., Q.') });
  });
});

describe(authorityLines.name, () => {
  it('prints the decree’s lines', () => {
    const c = 'Ủy ban nhân dân';
    expect(
      authorityLines({
        authority: 'KT.',
        headTitle: 'CHỦ TỊCH',
        positionTitle: 'PHÓ CHỦ TỊCH',
        collective: c,
      }),
    ).toEqual(['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
    expect(
      authorityLines({
        authority: 'TM.',
        headTitle: 'CHỦ TỊCH',
        positionTitle: 'CHỦ TỊCH',
        collective: c,
      }),
    ).toEqual(['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']);
    expect(
      authorityLines({
        authority: 'KT.',
        headTitle: 'GIÁM ĐỐC',
        positionTitle: 'PHÓ GIÁM ĐỐC',
        collective: null,
      }),
    ).toEqual(['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']);
    expect(
      authorityLines({
        authority: 'Q.',
        headTitle: 'GIÁM ĐỐC',
        positionTitle: 'PHÓ GIÁM ĐỐC',
        collective: null,
      }),
    ).toEqual(['Q. GIÁM ĐỐC']);
    expect(
      authorityLines({
        authority: 'TL.',
        headTitle: 'CHỦ TỊCH',
        positionTitle: 'CHÁNH VĂN PHÒNG',
        collective: c,
      }),
    ).toEqual(['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG']);
    expect(
      authorityLines({
        authority: null,
        headTitle: 'GIÁM ĐỐC',
        positionTitle: 'GIÁM ĐỐC',
        collective: null,
      }),
    ).toEqual(['GIÁM ĐỐC']);
  });
});
