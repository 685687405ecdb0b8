import { pdfInfo, pdfText } from './pdf';

/** Each page's first line of text and whether the page is landscape. */
export function pageTops(pdf: Buffer): { top: string; landscape: boolean }[] {
  const texts = pdfText(pdf).split('\f').slice(0, -1);
  const sizes = [...pdfInfo(pdf).matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map(
    (m) => Number(m[1]) > Number(m[2]),
  );
  expect(sizes).toHaveLength(texts.length);
  return texts.map((t, i) => ({
    top:
      t
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '') ?? '',
    landscape: sizes[i],
  }));
}

/**
 * Page numbers as the decree says: none on the first page of the text, then 2, 3 … centred at the
 * top; each annex (its first page starts with "Phụ lục …") counts again from 1 and shows 2 on its
 * second page. Returns the page index where each annex starts.
 */
export function expectPageNumbers(pages: { top: string }[]): number[] {
  const starts = pages.flatMap((p, i) => (/^Phụ lục\b/.test(p.top) ? [i] : []));
  const bounds = [0, ...starts, pages.length];
  for (let part = 0; part + 1 < bounds.length; part++) {
    const [from, to] = [bounds[part], bounds[part + 1]];
    expect(pages[from].top).not.toMatch(/^\d+$/);
    for (let i = from + 1; i < to; i++)
      expect({ page: i + 1, top: pages[i].top }).toEqual({
        page: i + 1,
        top: String(i - from + 1),
      });
  }
  return starts;
}
