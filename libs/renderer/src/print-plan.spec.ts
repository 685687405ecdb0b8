import { balancedRuns, planPrints } from './print-plan';
import { DocumentHead, RenderablePart } from './renderable-document';

describe(balancedRuns.name, () => {
  it('splits in order so that the heaviest run is as light as possible', () => {
    // The text and two annexes against one long annex: [0, 3) and [3, 4).
    expect(balancedRuns([27, 34, 28, 63], 2, 12)).toEqual([
      [0, 3],
      [3, 4],
    ]);
    expect(balancedRuns([60, 10, 10, 10, 10], 2, 12)).toEqual([
      [0, 1],
      [1, 5],
    ]);
  });

  it('makes one run when one is asked for, and no run of nothing', () => {
    expect(balancedRuns([27, 34, 28, 63], 1, 12)).toEqual([[0, 4]]);
    expect(balancedRuns([5], 4, 12)).toEqual([[0, 1]]);
    expect(balancedRuns([], 2, 12)).toEqual([]);
  });

  it('never puts more than maxLength items in a run, even past maxRuns', () => {
    const runs = balancedRuns([1, 1, 1, 1, 1], 1, 2);
    expect(runs).toEqual([
      [0, 1],
      [1, 3],
      [3, 5],
    ]);
  });

  it('makes no more runs than lighten the heaviest one', () => {
    // A fourth run cannot make anything lighter than the 100 alone.
    expect(balancedRuns([100, 1, 1, 1], 4, 12)).toEqual([
      [0, 1],
      [1, 4],
    ]);
  });
});

const SLOTS = 12;
const head: DocumentHead = {
  key: 'doc',
  html: '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head>',
  printParts: SLOTS,
};
/** A document's text and two annexes, the last one wide. */
const parts: RenderablePart[] = [
  { body: '<p>BÁO CÁO</p><p>Xã có 2.104 trẻ em.</p>' },
  { body: '<div class="annex-heading">Phụ lục I</div><table><tr><td>2.104</td></tr></table>' },
  {
    className: 'landscape',
    body: '<div class="annex-heading">Phụ lục II</div><table><tr><td>25,6</td></tr></table>',
  },
];

describe(planPrints.name, () => {
  it('prints the parts of a document together, each in its own <div data-part> with its class', () => {
    const [print, ...rest] = planPrints(head, parts, 1);
    expect(rest).toEqual([]);
    expect(print.head).toBe(head);
    const divs = [...print.body.matchAll(/<div data-part([^>]*)>/g)].map((m) => m[1]);
    expect(divs).toEqual(['', '', ' class="landscape"']);
    // In order, nothing lost.
    const at = (s: string) => print.body.indexOf(s);
    expect(at('Xã có 2.104 trẻ em.')).toBeGreaterThan(-1);
    expect(at('Xã có 2.104 trẻ em.')).toBeLessThan(at('Phụ lục I<'));
    expect(at('Phụ lục I<')).toBeLessThan(at('Phụ lục II<'));
  });

  it('splits into runs of consecutive parts when more prints are allowed', () => {
    const prints = planPrints(head, parts, 2);
    expect(prints).toHaveLength(2);
    const counts = prints.map((p) => (p.body.match(/<div data-part/g) ?? []).length);
    expect(counts.reduce((a, b) => a + b)).toBe(3);
    expect(prints[0].body).toContain('Xã có 2.104 trẻ em.');
  });

  it('prints each part alone when the head cannot lay out several, when there is no head, or when there is one part', () => {
    const single = { ...head, printParts: 0 };
    expect(planPrints(single, parts, 1)).toEqual(
      parts.map((p) => ({ head: single, className: p.className, body: p.body })),
    );
    expect(planPrints(undefined, parts, 1)).toEqual(
      parts.map((p) => ({ head: undefined, className: p.className, body: p.body })),
    );
    expect(planPrints(head, [parts[2]], 1)).toEqual([
      { head, className: 'landscape', body: parts[2].body },
    ]);
  });

  it('never puts more parts in one print than the head has page rules for', () => {
    const many = Array.from({ length: SLOTS + 1 }, (_, i) => parts[1 + (i % 2)]);
    const prints = planPrints(head, many, 1);
    expect(prints).toHaveLength(2);
    for (const p of prints)
      expect((p.body.match(/<div data-part/g) ?? []).length).toBeLessThanOrEqual(SLOTS);
  });

  it("escapes a part's class in its <div data-part>", () => {
    const [print] = planPrints(head, [parts[0], { className: '"><script>', body: 'x' }], 1);
    expect(print.body).toContain('<div data-part class="&#34;&#62;&#60;script&#62;">x</div>');
  });
});
