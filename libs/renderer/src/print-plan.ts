import { DocumentHead, RenderablePart, escapeAttribute } from './renderable-document';

/** One print: the head, and the body to put under it. */
export interface Print {
  head?: DocumentHead;
  className?: string;
  body: string;
}

/**
 * The prints of a document, at most `maxPrints` of them when its head can lay out several parts in
 * one print (see DocumentHead.printParts): runs of consecutive parts balanced by the size of their
 * bodies, each part in a `<div data-part>` keeping its class. Otherwise each part is a print.
 */
export function planPrints(
  head: DocumentHead | undefined,
  parts: RenderablePart[],
  maxPrints: number,
): Print[] {
  const slots = head?.printParts ?? 0;
  if (!slots || parts.length < 2)
    return parts.map((p) => ({ head, className: p.className, body: p.body }));
  return balancedRuns(
    parts.map((p) => p.body.length),
    Math.max(1, maxPrints),
    slots,
  ).map(([from, to]) => ({
    head,
    body: parts
      .slice(from, to)
      .map(
        (p) =>
          `<div data-part${p.className ? ` class="${escapeAttribute(p.className)}"` : ''}>${p.body}</div>`,
      )
      .join(''),
  }));
}

/**
 * Splits items of these weights, in order, into runs [from, to) of at most `maxLength` items each
 * and at most `maxRuns` runs (more only when `maxLength` needs more), so that the heaviest run is as
 * light as possible, with the fewest runs that achieve that.
 */
export function balancedRuns(
  weights: number[],
  maxRuns: number,
  maxLength: number,
): [number, number][] {
  const n = weights.length;
  if (n === 0) return [];
  const runs = Math.min(n, Math.max(maxRuns, Math.ceil(n / maxLength)));
  const prefix = [0];
  for (const w of weights) prefix.push(prefix[prefix.length - 1] + w);
  // best[k][i]: the lightest heaviest run splitting the first i items into k runs; cut[k][i]: where the last one starts.
  const best = Array.from({ length: runs + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const cut = Array.from({ length: runs + 1 }, () => new Array<number>(n + 1).fill(0));
  best[0][0] = 0;
  for (let k = 1; k <= runs; k++) {
    for (let i = 1; i <= n; i++) {
      for (let j = Math.max(k - 1, i - maxLength); j < i; j++) {
        const cost = Math.max(best[k - 1][j], prefix[i] - prefix[j]);
        if (cost < best[k][i]) {
          best[k][i] = cost;
          cut[k][i] = j;
        }
      }
    }
  }
  // The fewest runs that reach the lightest heaviest run.
  let k = 1;
  while (best[k][n] > best[runs][n]) k++;
  const out: [number, number][] = [];
  for (let i = n; k > 0; k--) {
    out.unshift([cut[k][i], i]);
    i = cut[k][i];
  }
  return out;
}
