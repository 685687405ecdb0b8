import { OrgUnit } from './entities/org-unit.entity';
import { SuccessorLink } from './successors.repository';

/** The public shape of an org unit (CONTRACT.md); `links`: the successor links (of every unit, or of this one). */
export function orgUnitView(o: OrgUnit, links: readonly SuccessorLink[] = []) {
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
    signingMode: o.signingMode,
    validFrom: o.validFrom,
    validTo: o.validTo,
    successorId: o.successorId,
    successors: links
      .filter((l) => l.unitId === o.id)
      .map((l) => ({ orgUnitId: l.successorId, share: l.share })),
  };
}
