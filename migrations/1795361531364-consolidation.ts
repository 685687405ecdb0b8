import { MigrationInterface, QueryRunner } from 'typeorm';

export class Consolidation1795361531364 implements MigrationInterface {
  name = 'Consolidation1795361531364';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "consolidation_source" ("report_id" uuid NOT NULL, "source_report_id" uuid NOT NULL, "org_unit_id" uuid NOT NULL, "source_version" integer NOT NULL, "document_id" uuid, "number_text" character varying(64), "issued_at" TIMESTAMP WITH TIME ZONE, "submitted_at" TIMESTAMP WITH TIME ZONE, "on_time" boolean, CONSTRAINT "PK_313786e2ab0af52e761d5f041f8" PRIMARY KEY ("report_id", "source_report_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "consolidation_source_source_idx" ON "consolidation_source" ("source_report_id") `,
    );
    await queryRunner.query(`ALTER TABLE "report" ADD "consolidation" jsonb`);
    await queryRunner.query(
      `CREATE INDEX "report_cell_form_idx" ON "report_cell" ("form_code", "report_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "consolidation_source" ADD CONSTRAINT "consolidation_source_report_fk" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consolidation_source" ADD CONSTRAINT "consolidation_source_source_fk" FOREIGN KEY ("source_report_id") REFERENCES "report"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "consolidation_source" DROP CONSTRAINT "consolidation_source_source_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "consolidation_source" DROP CONSTRAINT "consolidation_source_report_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."report_cell_form_idx"`);
    await queryRunner.query(`ALTER TABLE "report" DROP COLUMN "consolidation"`);
    await queryRunner.query(`DROP INDEX "public"."consolidation_source_source_idx"`);
    await queryRunner.query(`DROP TABLE "consolidation_source"`);
  }
}
