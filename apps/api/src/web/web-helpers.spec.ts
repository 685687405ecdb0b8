import { formatCell, formatDate, formatDateTime, stateName, webHelpers as h } from './web-helpers';

describe('web page helpers', () => {
  it('formats dates as dd/mm/yyyy in Vietnam time, whatever the server time zone', () => {
    expect(formatDate('2024-05-05')).toBe('05/05/2024'); // a calendar date stays as it is
    expect(formatDate(new Date('2024-06-14T18:30:00Z'))).toBe('15/06/2024'); // 01:30 on the 15th in Hà Nội
    expect(formatDate('2024-06-14T16:59:00.000Z')).toBe('14/06/2024');
    expect(formatDateTime(new Date('2024-06-14T18:30:00Z'))).toBe('15/06/2024 01:30');
    expect(formatDate(null)).toBe('');
    expect(formatDate('not a date')).toBe('');
  });

  it('shows cell values the Vietnamese way', () => {
    expect(formatCell(1080)).toBe('1.080');
    expect(formatCell(25.6)).toBe('25,6');
    expect(formatCell(332600.1234)).toBe('332.600,1234');
    expect(formatCell(true)).toBe('Có');
    expect(formatCell(false)).toBe('Không');
    expect(formatCell('Ghi chú')).toBe('Ghi chú');
    expect(formatCell(undefined)).toBe('');
    expect(h.num(25.625)).toBe('25,63');
  });

  it('names states, steps, inbox actions, events and roles in Vietnamese', () => {
    expect(stateName('draft', 'editing')).toBe('Đang soạn thảo');
    expect(stateName('draft', 'awaitingSignature')).toBe('Chờ lãnh đạo ký');
    expect(stateName('awaitingSignature')).toBe('Chờ lãnh đạo ký');
    expect(stateName('signed')).toBe('Đã ký, chờ phát hành');
    expect(stateName('submitted')).toBe('Đã phát hành, đã gửi');
    expect(stateName('consolidated')).toBe('Đã tổng hợp');
    expect(['sign', 'issue', 'revise', 'review'].map((a) => h.actionName(a))).toEqual(['Ký', 'Phát hành', 'Sửa theo yêu cầu', 'Xem xét']);
    expect(['REQUEST_SIGNATURE', 'SIGN', 'SUBMIT', 'RETURN'].map((e) => h.eventName(e))).toEqual(['Trình ký', 'Ký', 'Phát hành', 'Trả lại']);
    expect(h.roleNames(['officer', 'clerk'])).toBe('Chuyên viên, Văn thư');
  });

  it('ignores the Handlebars options object passed last', () => {
    const options = { hash: {}, data: {} };
    expect(h.stateName('draft', options)).toBe('Đang soạn thảo');
    expect(h.and(true, 'x', options)).toBe(true);
    expect(h.or(false, 0, options)).toBe(false);
    expect(h.enc('01/TE')).toBe('01%2FTE');
    expect(h.enc(options)).toBe('');
  });
});
