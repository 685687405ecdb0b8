import { Injectable } from '@nestjs/common';
import { OrgRepository } from './org.repository';

/** How long a unit's name or its list of children is reused before it is read again. */
export const ORG_DIRECTORY_TTL_MS = 5000;

interface Entry<T> {
  value: T;
  until: number;
}

/**
 * Unit names and children, re-read at most every ORG_DIRECTORY_TTL_MS: shown on every report and
 * asked by every inbox, they change only when an administrator edits the tree, so another process
 * may show an old name, or miss a new child unit, for a few seconds (a new unit has no report to
 * show yet). Who may see what is never decided from here: access checks read the tree each time.
 */
@Injectable()
export class OrgDirectory {
  private readonly names = new Map<string, Entry<string | undefined>>();
  private readonly children = new Map<string, Entry<string[]>>();

  constructor(private readonly repo: OrgRepository) {}

  /** id → official name of these units (unknown ids left out). */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    const now = Date.now();
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.names.get(id);
      if (hit && hit.until > now) {
        if (hit.value !== undefined) out.set(id, hit.value);
      } else missing.push(id);
    }
    if (missing.length) {
      const read = await this.repo.namesByIds(missing);
      this.trim(this.names);
      for (const id of missing) {
        this.names.set(id, { value: read.get(id), until: now + ORG_DIRECTORY_TTL_MS });
        const name = read.get(id);
        if (name !== undefined) out.set(id, name);
      }
    }
    return out;
  }

  /** Ids of the unit's direct children, whatever their validity. */
  async childIds(unitId: string): Promise<string[]> {
    const now = Date.now();
    const hit = this.children.get(unitId);
    if (hit && hit.until > now) return hit.value;
    const value = await this.repo.childIds(unitId);
    this.trim(this.children);
    this.children.set(unitId, { value, until: now + ORG_DIRECTORY_TTL_MS });
    return value;
  }

  /** Forgets everything: the tree was just changed by this process. */
  invalidate(): void {
    this.names.clear();
    this.children.clear();
  }

  private trim(map: Map<string, unknown>) {
    if (map.size > 20_000) map.clear();
  }
}
