import { Role } from '@app/auth';
import { dictOf } from '@app/common';
import { OrgLevel, UnitKind } from '@app/org';
import { ExistingUnit, ExistingUser, UnitFields, UserFields } from './import-types';

/**
 * What the cells of an import may say, and how a row compares with what the database holds.
 * Looked up by what a cell says: without a prototype, so "constructor" is no level.
 */
export const LEVELS: Record<string, OrgLevel> = dictOf({
  tỉnh: 'province',
  xã: 'commune',
  huyện: 'district',
  bộ: 'ministry',
  province: 'province',
  commune: 'commune',
  district: 'district',
  ministry: 'ministry',
});
export const KINDS: Record<string, UnitKind> = dictOf({
  'tập thể': 'collective',
  'thủ trưởng': 'head',
  collective: 'collective',
  head: 'head',
});
export const IMPORT_ROLES = ['officer', 'head', 'clerk', 'unitAdmin', 'admin'];
export const CODE = /^[A-Za-z0-9._-]{1,32}$/;
export const USERNAME = /^[a-z0-9._-]{3,64}$/;
export const EMAIL = /^[^\s@<>]{1,64}@[^\s@<>]{1,189}\.[^\s@<>]{2,}$/;

/** "2025-07-01" or "01/07/2025" → "2025-07-01", or null. */
export function parseDate(text: string): string | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  let [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m) {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (!m) return null;
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return null;
  return date.toISOString().slice(0, 10);
}

export const lc = (s: string) => s.toLocaleLowerCase('vi').trim();
export const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

export function unitDiffers(
  u: ExistingUnit,
  f: UnitFields,
  parentCode: string | null,
  codeById: Map<string, string>,
): boolean {
  const currentParent = u.parentId ? (codeById.get(u.parentId) ?? null) : null;
  return (
    currentParent !== parentCode ||
    u.name !== f.name ||
    u.level !== f.level ||
    u.abbreviation !== f.abbreviation ||
    u.placeName !== f.placeName ||
    u.kind !== f.kind ||
    (f.validFrom !== null && u.validFrom !== f.validFrom) ||
    (u.validTo ?? null) !== f.validTo ||
    (f.governingBody !== null && u.governingBody !== f.governingBody) ||
    (f.filingUnit !== null && u.filingUnit !== f.filingUnit)
  );
}

export function userDiffers(u: ExistingUser, f: UserFields, unitId: string | undefined): boolean {
  return (
    u.fullName !== f.fullName ||
    (unitId !== undefined && u.orgUnitId !== unitId) ||
    unitId === undefined ||
    [...u.roles].sort().join(',') !== f.roles.join(',') ||
    (u.positionTitle ?? null) !== f.positionTitle ||
    (u.email ?? null) !== f.email
  );
}

/** A unit row as the columns written. */
export function unitColumns(u: UnitFields) {
  return {
    code: u.code,
    name: u.name,
    level: u.level,
    abbreviation: u.abbreviation,
    placeName: u.placeName,
    kind: u.kind,
    validFrom: u.validFrom,
    validTo: u.validTo,
    governingBody: u.governingBody,
    filingUnit: u.filingUnit,
  };
}

/** A user row as the columns written (the unit code resolved to its id). */
export function userColumns(u: UserFields, idByCode: Map<string, string>) {
  return {
    username: u.username,
    fullName: u.fullName,
    orgUnitId: idByCode.get(u.unitCode)!,
    roles: u.roles as Role[],
    positionTitle: u.positionTitle,
    email: u.email,
  };
}

/** A user row as the audit trail keeps it. */
export const userAudit = (u: UserFields) => ({
  fullName: u.fullName,
  unitCode: u.unitCode,
  roles: u.roles,
  positionTitle: u.positionTitle,
  email: u.email,
});
