import type { FormDefinition } from '@app/forms';
import type { HistoryView } from '@app/reports';
import {
  acknowledgement,
  lastReturn,
  signBlockers,
  submissionProblems,
} from './report-workflow-view';

const at = new Date('2024-06-20T03:00:00Z');
const row = (
  type: string,
  from: string,
  to: string,
  comment: string | null = null,
): HistoryView => ({
  at,
  actor: { id: 'u', fullName: 'Nguyễn Văn A' },
  type,
  from,
  to,
  comment,
});

describe('report page workflow notices', () => {
  it('shows the last return while the report is back in editing because of it', () => {
    const h = [
      row('SUBMIT', 'signed', 'submitted'),
      row('RETURN', 'submitted', 'editing', 'Sai số'),
    ];
    expect(lastReturn(h, 'editing')).toEqual({
      at,
      actorName: 'Nguyễn Văn A',
      reason: 'Sai số',
      fromUpper: true,
    });
    expect(
      lastReturn(
        [...h, row('REQUEST_SIGNATURE', 'editing', 'awaitingSignature')],
        'awaitingSignature',
      ),
    ).toBeNull();
    expect(
      lastReturn([row('RETURN', 'awaitingSignature', 'editing', 'x')], 'editing')?.fromUpper,
    ).toBe(false);
    expect(lastReturn([], 'editing')).toBeNull();
  });

  it('names who acknowledged, only while acknowledgedAt is set', () => {
    const h = [row('ACKNOWLEDGE', 'submitted', 'submitted')];
    expect(acknowledgement(h, at)).toEqual({ at, actorName: 'Nguyễn Văn A' });
    expect(acknowledgement(h, null)).toBeNull();
  });

  it('warns of blocking errors (linked to the cell), empty forms and an unwritten narrative', () => {
    const def = {
      code: '01/TE',
      rows: [{ key: 'I.3', label: 'Trẻ em' }],
      columns: [{ key: 'y2024' }],
    } as unknown as FormDefinition;
    const empty = { ...def, code: '02/TE' } as FormDefinition;
    const problems = submissionProblems({
      defs: [def, empty],
      stored: { '01/TE': { 'I.3': { y2024: 5 } } },
      violations: [
        { form: '01/TE', row: 'I.3', column: 'y2024', severity: 'error', message: 'Sai' },
        { form: '01/TE', row: 'I.3', column: 'y2024', severity: 'warning', message: 'Lạ' },
      ],
      narrative: 'I. ĐẶC ĐIỂM\n\n1. Mục',
      outline: 'I. ĐẶC ĐIỂM\n1. Mục',
    });
    expect(problems).toEqual([
      { text: 'Biểu 01/TE – Trẻ em: Sai', href: '#c-0-0-0', blocking: true },
      { text: 'Biểu 02/TE chưa có số liệu nào.', href: '#form-1', blocking: false },
      expect.objectContaining({ href: '#content', blocking: false }),
    ]);
    expect(
      submissionProblems({
        defs: [def],
        stored: { '01/TE': { 'I.3': { y2024: 5 } } },
        violations: [],
        narrative: 'I. ĐẶC ĐIỂM\nNăm nay tốt.',
        outline: 'I. ĐẶC ĐIỂM',
      }),
    ).toEqual([]);
  });

  it('lists why Ký cannot be pressed', () => {
    expect(signBlockers({ ruleRefusal: null, authorityRefusal: null })).toEqual([]);
    expect(signBlockers({ ruleRefusal: 'a', authorityRefusal: 'b' })).toEqual(['a', 'b']);
  });
});
