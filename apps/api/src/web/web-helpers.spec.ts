import { formatCell } from '@app/forms';
import { webHelpers as h } from './web-helpers';

const stateName = (state: string, step?: string) => h.stateName(state, step);

describe('web page helpers', () => {
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
    expect(['sign', 'issue', 'revise', 'review'].map((a) => h.actionName(a))).toEqual([
      'Ký',
      'Phát hành',
      'Sửa theo yêu cầu',
      'Xem xét',
    ]);
    expect(['REQUEST_SIGNATURE', 'SIGN', 'SUBMIT', 'RETURN'].map((e) => h.eventName(e))).toEqual([
      'Trình ký',
      'Ký',
      'Phát hành',
      'Trả lại',
    ]);
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

  it('shows a narrative as the documents lay it out, everything typed escaped', () => {
    const html = h.narrativeHtml('I. KẾT QUẢ\n\nCó **12 buổi** <b>x</b>').toString();
    expect(html).toBe(
      '<h2 class="sec">I. KẾT QUẢ</h2>\n<p>Có <strong>12 buổi</strong> &lt;b&gt;x&lt;/b&gt;</p>',
    );
    expect(h.narrativeHtml(undefined).toString()).toBe('');
  });
});
