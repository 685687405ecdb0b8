import { OrgLevel, UnitKind } from '@app/org';
import { SheetRow } from './import-sheets';

/** One problem of an import, with the sheet and Excel row it is on. */
export interface ImportProblem {
  sheet: string;
  row?: number;
  field?: string;
  message: string;
}

export interface ExistingUnit {
  id: string;
  code: string;
  parentId: string | null;
  name: string;
  level: string;
  abbreviation: string;
  placeName: string;
  kind: string;
  validFrom: string;
  validTo: string | null;
  governingBody: string | null;
  filingUnit: string | null;
}

export interface ExistingUser {
  id: string;
  username: string;
  fullName: string;
  orgUnitId: string;
  roles: string[];
  positionTitle: string | null;
  email: string | null;
}

/** A unit as the file describes it; `parentCode` is resolved to an id when written. */
export interface UnitFields {
  code: string;
  name: string;
  level: OrgLevel;
  parentCode: string | null;
  abbreviation: string;
  placeName: string;
  kind: UnitKind;
  /** Null: not given (a new unit is valid from today, an existing one keeps its date). */
  validFrom: string | null;
  validTo: string | null;
  governingBody: string | null;
  filingUnit: string | null;
}

export interface UserFields {
  username: string;
  fullName: string;
  unitCode: string;
  roles: string[];
  positionTitle: string | null;
  email: string | null;
}

export interface ImportPlan {
  /** The rows it was made from (to plan them again inside the writing transaction). */
  sheets: { units: SheetRow[]; users: SheetRow[] };
  units: {
    create: UnitFields[];
    update: { existing: ExistingUnit; fields: UnitFields }[];
    unchanged: number;
  };
  users: {
    create: UserFields[];
    update: { existing: ExistingUser; fields: UserFields }[];
    unchanged: number;
  };
  problems: ImportProblem[];
}

export interface ImportScope {
  /** Unit ids the importer may manage; null: all (an admin). */
  unitIds: Set<string> | null;
  isAdmin: boolean;
}
