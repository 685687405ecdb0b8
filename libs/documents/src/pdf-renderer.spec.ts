import { balancedRuns, planPrints, splitHtml } from './pdf-renderer';
import { PRINT_PART_SLOTS, renderAnnexHtml, renderMainHtml } from './document-templates';
import { sampleDocument } from '../../../test/support/sample-document';

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

const model = sampleDocument();

describe(planPrints.name, () => {
  const parts = [renderMainHtml(model), renderAnnexHtml(model, 0), renderAnnexHtml(model, 1)];

  it('prints the parts of a document together, each in its own <div data-part> with its body attributes', () => {
    const [print, ...rest] = planPrints(parts, 1);
    expect(rest).toEqual([]);
    const split = splitHtml(print)!;
    expect(split.head).toBe(splitHtml(parts[0])!.head);
    expect(split.head).toContain(`<meta name="print-parts" content="${PRINT_PART_SLOTS}">`);
    const divs = [...split.bodyInner.matchAll(/<div data-part([^>]*)>/g)].map((m) => m[1]);
    expect(divs).toEqual(['', '', ' class="landscape"']);
    // In order, nothing lost.
    const at = (s: string) => split.bodyInner.indexOf(s);
    expect(at('Xã có 2.104 trẻ em.')).toBeGreaterThan(-1);
    expect(at('Xã có 2.104 trẻ em.')).toBeLessThan(at('Phụ lục I<'));
    expect(at('Phụ lục I<')).toBeLessThan(at('Phụ lục II<'));
  });

  it('splits into runs of consecutive parts when more prints are allowed', () => {
    const prints = planPrints(parts, 2);
    expect(prints).toHaveLength(2);
    const counts = prints.map((p) => (p.match(/<div data-part/g) ?? []).length);
    expect(counts.reduce((a, b) => a + b)).toBe(3);
    expect(prints[0]).toContain('Xã có 2.104 trẻ em.');
  });

  it('prints separately what does not share a head declaring print-parts', () => {
    const plain = (body: string) => `<!DOCTYPE html><html><head><style>p{}</style></head><body>${body}</body></html>`;
    expect(planPrints([plain('a'), plain('b')], 1)).toEqual([plain('a'), plain('b')]);
    const otherHead = parts[1].replace('font-size: 14pt', 'font-size: 13pt');
    expect(planPrints([parts[0], otherHead], 1)).toEqual([parts[0], otherHead]);
    expect(planPrints(['<p>no head</p>', parts[0]], 1)).toEqual(['<p>no head</p>', parts[0]]);
    expect(planPrints([parts[0]], 1)).toEqual([parts[0]]);
  });

  it('never puts more parts in one print than the head has page rules for', () => {
    const many = Array.from({ length: PRINT_PART_SLOTS + 1 }, (_, i) => renderAnnexHtml(model, i % 2));
    const prints = planPrints(many, 1);
    expect(prints).toHaveLength(2);
    for (const p of prints) expect((p.match(/<div data-part/g) ?? []).length).toBeLessThanOrEqual(PRINT_PART_SLOTS);
  });
});
