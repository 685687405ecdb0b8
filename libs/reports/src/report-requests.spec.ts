import { followedIn, reportsIn } from './report-requests.service';

describe('who takes part in a requested period', () => {
  const regular = { request: null };
  const requested = {
    request: {
      reportId: 'r',
      requestingUnitId: 'SYT',
      orgUnitIds: ['LVT'],
      docType: 'CV',
      numberText: '01/SYT-DSTE',
      issueDate: '2026-12-02',
      issuerName: 'Sở Y tế tỉnh Lạng Sơn',
      subject: 'Báo cáo',
    },
  };
  const lower = [{ id: 'LVT' }, { id: 'KL' }];

  it('lets every unit report in a regular period, only the units asked in a requested one', () => {
    expect(reportsIn(regular, 'KL')).toBe(true);
    expect(reportsIn(requested, 'LVT')).toBe(true);
    expect(reportsIn(requested, 'KL')).toBe(false);
  });

  it('has the asking unit alone follow the units it asked', () => {
    expect(followedIn(regular, 'SYT', lower)).toEqual(lower);
    expect(followedIn(requested, 'SYT', lower)).toEqual([{ id: 'LVT' }]);
    expect(followedIn(requested, 'OTHER', lower)).toEqual([]);
  });
});
