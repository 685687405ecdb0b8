import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only tables refuse TRUNCATE too: their row triggers refuse UPDATE and DELETE, but
 * TRUNCATE fires no row trigger. A statement-level trigger per table calls the same refusal. The
 * numbering registry joins them (emptying it would hand out numbers again).
 */
const TABLES = [
  'issued_document',
  'document_access_log',
  'report_history',
  'audit_log',
  'document_number_registry',
];

export class RefuseTruncate1796168083419 implements MigrationInterface {
  name = 'RefuseTruncate1796168083419';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      await queryRunner.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
    }
  }
}
