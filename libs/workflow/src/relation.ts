import { Relation } from './report-workflow.rules';

/**
 * The actor's unit seen from the report's unit, from the ancestor chains of both (nearest first).
 * Pure, so the table-driven tests walk a fixed tree with it.
 */
export function relationOf(
  actorUnit: string,
  reportUnit: string,
  reportAncestors: string[],
  actorAncestors: string[],
): Relation {
  if (actorUnit === reportUnit) return 'same';
  if (reportAncestors[0] === actorUnit) return 'parent';
  if (reportAncestors.includes(actorUnit)) return 'ancestor';
  if (actorAncestors.includes(reportUnit)) return 'child';
  if (reportAncestors[0] !== undefined && reportAncestors[0] === actorAncestors[0])
    return 'sibling';
  return 'unrelated';
}
