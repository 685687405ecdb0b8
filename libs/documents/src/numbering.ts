import { EntityManager } from 'typeorm';

/**
 * Takes the next number of an organisation's series for a year, inside the caller's transaction.
 * The upsert locks the registry row until commit: concurrent issuers wait, and a rollback gives
 * the number back, so numbers run 01, 02, … without gap or repeat, across processes.
 */
export async function takeNextNumber(em: EntityManager, orgUnitId: string, year: number, series: string): Promise<number> {
  const rows: { last_number: number }[] = await em.query(
    `INSERT INTO document_number_registry (org_unit_id, year, series, last_number) VALUES ($1, $2, $3, 1)
     ON CONFLICT (org_unit_id, year, series) DO UPDATE SET last_number = document_number_registry.last_number + 1
     RETURNING last_number`,
    [orgUnitId, year, series],
  );
  return rows[0].last_number;
}

/** "05/BC-UBND": numbers below 10 take a leading zero. */
export function numberText(n: number, symbol: string): string {
  return `${String(n).padStart(2, '0')}/${symbol}`;
}

/** Type abbreviation + "-" + organisation abbreviation: "BC-UBND". */
export function documentSymbol(docType: string, orgAbbreviation: string): string {
  return `${docType}-${orgAbbreviation}`;
}
