import { OrgUnit } from './entities/org-unit.entity';

/** Whether a unit was in existence on `date` (YYYY-MM-DD): from its validFrom to its validTo, both included. */
export const isValidOn = (unit: Pick<OrgUnit, 'validFrom' | 'validTo'>, date: string): boolean =>
  unit.validFrom <= date && (unit.validTo === null || unit.validTo >= date);
