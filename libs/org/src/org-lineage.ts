import { Injectable } from '@nestjs/common';
import { OrgUnit } from './entities/org-unit.entity';
import { OrgRepository } from './org.repository';
import { SuccessorsRepository } from './successors.repository';
import { isValidOn } from './unit-validity';

/**
 * A unit and the units it succeeded (at any depth): whose records it holds. Sở Y tế holds what Sở
 * LĐTBXH received and watched before the reform; a merged ward holds the archive of the communes it
 * replaced. Used wherever "the caller's unit" must reach back across a reorganisation.
 */
@Injectable()
export class OrgLineage {
  constructor(
    private readonly org: OrgRepository,
    private readonly successors: SuccessorsRepository,
  ) {}

  /** The unit itself first, then its predecessors. */
  async of(unitId: string): Promise<string[]> {
    return [unitId, ...(await this.successors.predecessorIds(unitId))];
  }

  /**
   * The lower units of `unitId` as the hierarchy stood on `date`: the children valid then of the
   * unit, or — where the unit did not exist yet — of the predecessors that stood for it then.
   */
  async lowerUnitsOn(unitId: string, date: string): Promise<OrgUnit[]> {
    const lineage = await this.org.findByIds(await this.of(unitId));
    const standing = lineage.filter((u) => isValidOn(u, date)).map((u) => u.id);
    if (standing.length === 0) return [];
    return this.org.childrenOn(standing, date);
  }

  /** Every unit below the unit or below one of its predecessors, at any depth, with the lineage itself. */
  async heldUnitIds(unitId: string): Promise<Set<string>> {
    const lineage = await this.of(unitId);
    const below = await Promise.all(lineage.map((id) => this.org.descendantIds(id)));
    return new Set([...lineage, ...below.flat()]);
  }

  /** Whether the unit holds the records of `otherId`: it is in the lineage or below a unit of it. */
  async holds(unitId: string, otherId: string): Promise<boolean> {
    const lineage = await this.of(unitId);
    if (lineage.includes(otherId)) return true;
    const ancestors = await this.org.ancestorIds(otherId);
    return ancestors.some((a) => lineage.includes(a));
  }
}
