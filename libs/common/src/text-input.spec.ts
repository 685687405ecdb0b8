import { textField, textProblem } from './text-input';

describe(textProblem.name, () => {
  it.each([
    ['NUL', '\u0000', /điều khiển \(U\+0000\)/],
    ['a bell', 'a\u0007b', /điều khiển \(U\+0007\)/],
    ['DEL', '\u007f', /điều khiển/],
    ['a C1 control', '\u0085', /điều khiển/],
    ['a right-to-left override', 'abc\u202Edef', /đảo chiều văn bản \(U\+202E\)/],
    ['an isolate', '\u2067x', /đảo chiều/],
    ['a right-to-left mark', '\u200F', /đảo chiều/],
    ['a zero-width space', 'a\u200Bb', /vô hình \(U\+200B\)/],
    ['a zero-width joiner', '\u200D', /vô hình/],
    ['a byte order mark', '\uFEFFabc', /vô hình \(U\+FEFF\)/],
    ['a lone surrogate', 'a\uD800b', /không hoàn chỉnh/],
  ])('refuses %s, naming it', (_name, text, message) => {
    expect(textProblem(text, { multiline: true })).toMatch(message);
  });

  it('accepts Vietnamese text, emoji, and line breaks only where text has several lines', () => {
    expect(textProblem('Ủy ban nhân dân xã Hoàng Đồng – “Tỷ lệ” 25,6% 👍')).toBeUndefined();
    expect(textProblem('Dòng một\n\tDòng hai\r\n', { multiline: true })).toBeUndefined();
    expect(textProblem('Dòng một\nDòng hai')).toMatch(/một dòng/);
    expect(textProblem('a\tb')).toMatch(/một dòng/);
  });
});

describe(textField.name, () => {
  it('trims, makes NFC and refuses forbidden characters', () => {
    const title = textField({ min: 1, max: 20 });
    const nfd = ' Báo cáo '.normalize('NFD');
    expect(title.parse(nfd)).toBe('Báo cáo');
    expect(title.parse(nfd)).not.toBe('Báo cáo'.normalize('NFD'));
    expect(title.safeParse('a\u202Eb').success).toBe(false);
    expect(title.safeParse('a\nb').success).toBe(false);
    expect(textField({ max: 20, multiline: true, trim: false }).parse(' a\nb ')).toBe(' a\nb ');
  });
});
