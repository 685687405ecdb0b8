import { OrgUnit } from './entities/org-unit.entity';

/** The public shape of an org unit (CONTRACT.md). */
export function orgUnitView(o: OrgUnit) {
  return {
    id: o.id,
    code: o.code,
    name: o.name,
    level: o.level,
    parentId: o.parentId,
    governingBody: o.governingBody,
    abbreviation: o.abbreviation,
    placeName: o.placeName,
    kind: o.kind,
    headerLines: o.headerLines,
    filingUnit: o.filingUnit,
    validFrom: o.validFrom,
    validTo: o.validTo,
    successorId: o.successorId,
  };
}
