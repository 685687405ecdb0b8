import { boldSpans, escapeHtml, renderNarrative } from './narrative-markdown';

describe(renderNarrative.name, () => {
  describe('blocks', () => {
    it('makes Roman-numbered lines section headings, text kept as typed', () => {
      expect(renderNarrative('I. ĐẶC ĐIỂM TÌNH HÌNH')).toBe(
        '<h2 class="sec">I. ĐẶC ĐIỂM TÌNH HÌNH</h2>',
      );
      expect(renderNarrative('IV. Kế hoạch năm 2025')).toBe(
        '<h2 class="sec">IV. Kế hoạch năm 2025</h2>',
      );
    });

    it.each(['I', 'II', 'III', 'IV', 'V', 'IX', 'X', 'XIV', 'XIX', 'XX'])(
      'accepts the numeral %s',
      (r) => expect(renderNarrative(`${r}. MỤC`)).toBe(`<h2 class="sec">${r}. MỤC</h2>`),
    );

    it.each(['IIII. Sai', 'XXI. Quá', 'VX. Sai', 'i. thường', 'I.Không cách', 'C. Chữ'])(
      'does not take %p for a section',
      (line) => expect(renderNarrative(line)).toMatch(/^<p>/),
    );

    it('makes "1." and "2.3." lines item headings', () => {
      expect(renderNarrative('1. Mục đích')).toBe('<h3 class="item">1. Mục đích</h3>');
      expect(renderNarrative('2.3. Công tác chăm sóc')).toBe(
        '<h3 class="item">2.3. Công tác chăm sóc</h3>',
      );
      expect(renderNarrative('10. Mười')).toBe('<h3 class="item">10. Mười</h3>');
    });

    it('keeps a numbered line that is a whole paragraph as body text starting with its number', () => {
      const long =
        '1. Ủy ban nhân dân xã đã chỉ đạo các ban, ngành, đoàn thể tổ chức tốt Tháng hành động vì trẻ em năm 2024 tại 100% thôn, bản trên địa bàn';
      expect(renderNarrative(long)).toBe(`<p class="numbered">${long}</p>`);
      expect(renderNarrative('2. Tổ chức tốt Tháng hành động vì trẻ em.')).toBe(
        '<p class="numbered">2. Tổ chức tốt Tháng hành động vì trẻ em.</p>',
      );
      // Not alone: the next line continues it.
      expect(renderNarrative('3. Công tác phòng ngừa\nđược triển khai tại 100% thôn')).toBe(
        '<p class="numbered">3. Công tác phòng ngừa được triển khai tại 100% thôn</p>',
      );
      expect(renderNarrative('a) Ngắn nhưng có dấu chấm.')).toBe(
        '<p class="numbered">a) Ngắn nhưng có dấu chấm.</p>',
      );
    });

    it('takes a line marked "# " for a heading whatever its length', () => {
      const long = '1. ' + 'Một tiêu đề rất dài '.repeat(8).trim() + '.';
      expect(renderNarrative(`# ${long}\ntiếp`)).toBe(`<h3 class="item">${long}</h3>\n<p>tiếp</p>`);
      expect(renderNarrative('# II. MỤC')).toBe('<h2 class="sec">II. MỤC</h2>');
      expect(renderNarrative('# b) Mục con.')).toBe('<h4 class="sub">b) Mục con.</h4>');
    });

    it('breaks a line inside a paragraph after a "\\"', () => {
      expect(renderNarrative('Dòng một\\\nDòng **hai**\ncùng đoạn')).toBe(
        '<p>Dòng một<br>Dòng <strong>hai</strong> cùng đoạn</p>',
      );
    });

    it('keeps numbers that are not item numbers in paragraphs', () => {
      expect(renderNarrative('1.080 trẻ em được hỗ trợ')).toBe('<p>1.080 trẻ em được hỗ trợ</p>');
      expect(renderNarrative('100% trẻ em')).toBe('<p>100% trẻ em</p>');
    });

    it('makes "a)" lines sub-item headings, đ included', () => {
      expect(renderNarrative('a) Công tác phòng ngừa')).toBe(
        '<h4 class="sub">a) Công tác phòng ngừa</h4>',
      );
      expect(renderNarrative('đ) Mục đ')).toBe('<h4 class="sub">đ) Mục đ</h4>');
      expect(renderNarrative('ab) không phải')).toBe('<p>ab) không phải</p>');
    });

    it('keeps "-" and "+" items as paragraphs with the mark as typed, one per line', () => {
      expect(renderNarrative('- Một;\n- Hai;\n+ Ba.')).toBe(
        '<p class="dash">- Một;</p>\n<p class="dash">- Hai;</p>\n<p class="plus">+ Ba.</p>',
      );
    });

    it('continues a "-" item with the plain line right after it', () => {
      expect(renderNarrative('- Một dòng\ntiếp theo\n\nĐoạn mới')).toBe(
        '<p class="dash">- Một dòng tiếp theo</p>\n<p>Đoạn mới</p>',
      );
    });

    it('does not take a dash without a space for an item', () => {
      expect(renderNarrative('-5 độ')).toBe('<p>-5 độ</p>');
    });

    it('joins consecutive plain lines into one paragraph and splits paragraphs at blank lines', () => {
      expect(renderNarrative('Dòng một\n  dòng hai  \n\n\nĐoạn hai')).toBe(
        '<p>Dòng một dòng hai</p>\n<p>Đoạn hai</p>',
      );
    });

    it('ends a paragraph at a heading or an item', () => {
      expect(renderNarrative('Mở đầu\nI. MỤC\nThân\n1. Mục\n- Ý')).toBe(
        '<p>Mở đầu</p>\n<h2 class="sec">I. MỤC</h2>\n<p>Thân</p>\n<h3 class="item">1. Mục</h3>\n<p class="dash">- Ý</p>',
      );
    });

    it('accepts CRLF and CR line ends', () => {
      expect(renderNarrative('I. A\r\n\r\nB\rC')).toBe('<h2 class="sec">I. A</h2>\n<p>B C</p>');
    });

    it('gives nothing for an empty or blank narrative', () => {
      expect(renderNarrative('')).toBe('');
      expect(renderNarrative(' \n \n')).toBe('');
    });
  });

  describe('inline', () => {
    it('makes **bold** strong and *italic* / _italic_ em', () => {
      expect(renderNarrative('Đạt **100%** chỉ tiêu, *vượt* kế hoạch, _rất tốt_')).toBe(
        '<p>Đạt <strong>100%</strong> chỉ tiêu, <em>vượt</em> kế hoạch, <em>rất tốt</em></p>',
      );
    });

    it('allows italic inside bold', () => {
      expect(renderNarrative('**Tổng đài *111* miễn phí**')).toBe(
        '<p><strong>Tổng đài <em>111</em> miễn phí</strong></p>',
      );
    });

    it('applies emphasis in headings and items too', () => {
      expect(renderNarrative('1. Công tác *chăm sóc*')).toBe(
        '<h3 class="item">1. Công tác <em>chăm sóc</em></h3>',
      );
      expect(renderNarrative('- Có **2** em')).toBe(
        '<p class="dash">- Có <strong>2</strong> em</p>',
      );
    });

    it('leaves stray or spaced markers as typed', () => {
      expect(renderNarrative('5 * 3 = 15')).toBe('<p>5 * 3 = 15</p>');
      expect(renderNarrative('a ** b')).toBe('<p>a ** b</p>');
      expect(renderNarrative('**mở mà không đóng')).toBe('<p>**mở mà không đóng</p>');
      expect(renderNarrative('ten_bien_ma')).toBe('<p>ten_bien_ma</p>');
    });

    it('has no links or images', () => {
      expect(renderNarrative('[trang](http://x.vn) ![ảnh](a.png)')).toBe(
        '<p>[trang](http://x.vn) ![ảnh](a.png)</p>',
      );
    });
  });

  describe('escaping (no raw HTML, no entities)', () => {
    it('shows a script tag as text', () => {
      const html = renderNarrative('<script>alert(1)</script>');
      expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
      expect(html).not.toMatch(/<script/i);
    });

    it('shows an img with an event handler as text', () => {
      const html = renderNarrative('- <img src=x onerror=alert(1)>');
      expect(html).toBe('<p class="dash">- &lt;img src=x onerror=alert(1)&gt;</p>');
      expect(html).not.toMatch(/<img/i);
    });

    it('escapes inside emphasis and headings', () => {
      expect(renderNarrative('I. <b>X</b>')).toBe('<h2 class="sec">I. &lt;b&gt;X&lt;/b&gt;</h2>');
      expect(renderNarrative('**<i onclick="x">y</i>**')).toBe(
        '<p><strong>&lt;i onclick=&quot;x&quot;&gt;y&lt;/i&gt;</strong></p>',
      );
    });

    it('shows a typed entity as typed', () => {
      expect(renderNarrative('LĐTB&amp;XH & "quote" \'s')).toBe(
        '<p>LĐTB&amp;amp;XH &amp; &quot;quote&quot; &#39;s</p>',
      );
    });
  });
});

describe(escapeHtml.name, () => {
  it('escapes the characters that start markup, attributes or entities', () => {
    expect(escapeHtml('<a href="x" title=\'y\'>&`</a>')).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
  });
});

describe(boldSpans.name, () => {
  const byRegex = (s: string) =>
    [...s.matchAll(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g)].map((m) => [m.index, m.index + m[0].length - 2]);

  it('finds exactly the spans of the regular expression it replaced, on random text', () => {
    // A fixed pseudo-random sequence: the same strings on every run.
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['*', '*', '*', 'x', ' ', '\u2028', '_', 'ế'];
    for (let k = 0; k < 20000; k++) {
      const s = Array.from(
        { length: 1 + Math.floor(next() * 14) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join('');
      expect([s, boldSpans(s)]).toEqual([s, byRegex(s)]);
    }
  });

  it('renders 200,000 characters of " **x" (quadratic for the regular expression) in linear time', () => {
    const hostile = ' **x'.repeat(50_000);
    const started = Date.now();
    const html = renderNarrative(hostile);
    // The expression took 30 s on this input; a linear scan takes a few milliseconds.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(html).toBe(`<p>${hostile.trim()}</p>`);
    expect(renderNarrative('**a** và ' + '**b '.repeat(30_000))).toMatch(
      /^<p><strong>a<\/strong> và \*\*b/,
    );
  });
});

describe('small tables and footnotes', () => {
  it('lays "|" lines out as a table, the row above a dashed line as its header, typed text escaped', () => {
    const html = renderNarrative(
      'Kết quả:\n| Chỉ tiêu | Năm 2025 |\n|---|---:|\n| Trẻ em **được** hỗ trợ | 1.234 |\n| <b>x</b> \\| y | |\nSau bảng.',
    );
    expect(html).toBe(
      [
        '<p>Kết quả:</p>',
        '<table class="narrative-table"><thead><tr><th>Chỉ tiêu</th><th>Năm 2025</th></tr></thead>' +
          '<tbody><tr><td>Trẻ em <strong>được</strong> hỗ trợ</td><td class="num">1.234</td></tr>' +
          '<tr><td>&lt;b&gt;x&lt;/b&gt; | y</td><td></td></tr></tbody></table>',
        '<p>Sau bảng.</p>',
      ].join('\n'),
    );
  });

  it('has no header without a dashed line, and pads short rows', () => {
    expect(renderNarrative('| a | b | c |\n| d |')).toBe(
      '<table class="narrative-table"><tbody><tr><td>a</td><td>b</td><td>c</td></tr>' +
        '<tr><td>d</td><td></td><td></td></tr></tbody></table>',
    );
  });

  it('takes "[n]: …" lines out as footnotes printed after the text, "[n]" as superscripts', () => {
    const html = renderNarrative(
      'Tỷ lệ đạt 95%[1], theo Công văn [3].\n[1]: Số liệu của *Công an tỉnh*.\n\nII. KẾT QUẢ',
    );
    expect(html).toBe(
      [
        '<p>Tỷ lệ đạt 95%<sup class="fnref">1</sup>, theo Công văn [3].</p>',
        '<h2 class="sec">II. KẾT QUẢ</h2>',
        '<div class="footnotes"><p id="fn-1"><sup>1</sup> Số liệu của <em>Công an tỉnh</em>.</p></div>',
      ].join('\n'),
    );
  });
});
