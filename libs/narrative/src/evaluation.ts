import { FormDefinition } from '@app/forms';
import { NarrativeMatcher, MatcherOptions } from './matcher';
import { narrativeTargets } from './targets';

/** One sentence of the labelled set and the cells its figures state ("form|row|column"). */
export interface LabelledSentence {
  text: string;
  expect: { value: number; cells: string[] }[];
}

export interface Evaluation {
  sentences: number;
  expected: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  /** Each wrong or missed figure, for whoever tunes the matcher. */
  errors: string[];
}

/**
 * Precision and recall of the matcher on a labelled set: a match is right when its value is the
 * expected one and each of its cells is one of the expected cells of that figure.
 */
export function evaluate(
  defs: FormDefinition[],
  sentences: LabelledSentence[],
  opts?: MatcherOptions,
): Evaluation {
  const matcher = new NarrativeMatcher(narrativeTargets(defs), opts);
  let predicted = 0;
  let correct = 0;
  let expected = 0;
  const errors: string[] = [];
  for (const s of sentences) {
    const found = matcher.match(s.text);
    expected += s.expect.length;
    predicted += found.length;
    const hit = new Set<number>();
    for (const m of found) {
      const cells = m.cells.map((c) => `${c.form}|${c.row}|${c.column}`);
      const i = s.expect.findIndex(
        (e, k) =>
          !hit.has(k) &&
          Math.abs(e.value - m.value) < 1e-6 &&
          cells.every((c) => e.cells.includes(c)),
      );
      if (i >= 0) {
        hit.add(i);
        correct++;
      } else
        errors.push(`wrong: ${m.figure.raw} → ${cells.join(', ')} (${m.score}) in "${s.text}"`);
    }
    s.expect.forEach((e, k) => {
      if (!hit.has(k)) errors.push(`missed: ${e.value} → ${e.cells.join(', ')} in "${s.text}"`);
    });
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    sentences: sentences.length,
    expected,
    predicted,
    correct,
    precision: round(predicted ? correct / predicted : 1),
    recall: round(expected ? correct / expected : 1),
    errors,
  };
}
