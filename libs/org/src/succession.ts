import { SuccessorLink } from './successors.repository';

export interface Contributor {
  unitId: string;
  /** The part of the contributor's figure that belongs to the target: 1, or a split's share. */
  weight: number;
}

/**
 * The units of another time whose figures make up `targetId`'s, following successor links
 * backwards from it: the target itself where it was valid then; otherwise each predecessor (a merge
 * adds them all), weighted by its share when it was split between several successors. A split
 * without shares cannot be divided: the answer is then not comparable (and names no contributors).
 * `validThen` says which units were valid at that time.
 */
export function contributorsAt(
  links: readonly SuccessorLink[],
  targetId: string,
  validThen: (unitId: string) => boolean,
): { comparable: boolean; contributors: Contributor[] } {
  const predecessors = new Map<string, SuccessorLink[]>();
  const successorCount = new Map<string, number>();
  for (const l of links) {
    predecessors.set(l.successorId, [...(predecessors.get(l.successorId) ?? []), l]);
    successorCount.set(l.unitId, (successorCount.get(l.unitId) ?? 0) + 1);
  }
  const weights = new Map<string, number>();
  let comparable = true;
  const walk = (unitId: string, weight: number, depth: number) => {
    if (validThen(unitId)) {
      weights.set(unitId, (weights.get(unitId) ?? 0) + weight);
      return;
    }
    if (depth >= 16) return;
    for (const link of predecessors.get(unitId) ?? []) {
      const split = (successorCount.get(link.unitId) ?? 0) > 1;
      if (split && link.share === null) {
        comparable = false;
        continue;
      }
      walk(link.unitId, weight * (split ? link.share! : 1), depth + 1);
    }
  };
  walk(targetId, 1, 0);
  if (!comparable) return { comparable, contributors: [] };
  return {
    comparable,
    contributors: [...weights].map(([unitId, weight]) => ({ unitId, weight })),
  };
}
