import { OrgUnit, isValidOn } from '@app/org';

export interface TreeUnit {
  id: string;
  code: string;
  name: string;
  level: string;
  kind: string;
  depth: number;
  /** "— — Xã Tân Thành": the name indented by depth, for selects. */
  indented: string;
  active: boolean;
}

/** Units in tree order (each followed by the units below it, by code), with their depth. */
export function unitTree(units: OrgUnit[], today: string): TreeUnit[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, OrgUnit[]>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: TreeUnit[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const u of (children.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      out.push({
        id: u.id,
        code: u.code,
        name: u.name,
        level: u.level,
        kind: u.kind,
        depth,
        indented: `${'— '.repeat(depth)}${u.name}`,
        active: isValidOn(u, today),
      });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
