import { Injectable } from '@nestjs/common';
import { OrgRepository } from './org.repository';

/** Who administers: an admin the whole installation, a unit administrator its own unit and every unit below it. */
export interface Administrator {
  orgUnitId: string;
  roles: readonly string[];
}

/** The units an administrator may manage. */
@Injectable()
export class OrgScope {
  constructor(private readonly repo: OrgRepository) {}

  /** Every unit id the administrator may manage, or null for all of them (an admin). */
  async unitIds(actor: Administrator): Promise<Set<string> | null> {
    if (actor.roles.includes('admin')) return null;
    if (!actor.roles.includes('unitAdmin')) return new Set();
    return new Set([actor.orgUnitId, ...(await this.repo.descendantIds(actor.orgUnitId))]);
  }

  /** Whether the administrator may manage this unit (and the people in it). */
  async covers(actor: Administrator, unitId: string): Promise<boolean> {
    const ids = await this.unitIds(actor);
    return ids === null || ids.has(unitId);
  }
}
