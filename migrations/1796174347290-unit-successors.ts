import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Successor links as a table of their own (a merge has several predecessors, a split several
 * successors with their shares); the single successor_id of a unit becomes its one link.
 */
export class UnitSuccessors1796174347290 implements MigrationInterface {
  name = 'UnitSuccessors1796174347290';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "org_unit_successor" ("unit_id" uuid NOT NULL, "successor_id" uuid NOT NULL, "share" numeric(7,6), CONSTRAINT "org_unit_successor_not_self_check" CHECK ("unit_id" <> "successor_id"), CONSTRAINT "org_unit_successor_share_check" CHECK ("share" IS NULL OR ("share" > 0 AND "share" <= 1)), CONSTRAINT "PK_cf58c2611b347e6094301164568" PRIMARY KEY ("unit_id", "successor_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit_successor" ADD CONSTRAINT "org_unit_successor_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit_successor" ADD CONSTRAINT "org_unit_successor_successor_fk" FOREIGN KEY ("successor_id") REFERENCES "org_unit"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "org_unit_successor" ("unit_id", "successor_id") SELECT "id", "successor_id" FROM "org_unit" WHERE "successor_id" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "org_unit_successor" DROP CONSTRAINT "org_unit_successor_successor_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit_successor" DROP CONSTRAINT "org_unit_successor_unit_fk"`,
    );
    await queryRunner.query(`DROP TABLE "org_unit_successor"`);
  }
}
