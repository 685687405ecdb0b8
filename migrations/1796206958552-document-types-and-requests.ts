import { MigrationInterface, QueryRunner } from 'typeorm';

export class DocumentTypesAndRequests1796206958552 implements MigrationInterface {
  name = 'DocumentTypesAndRequests1796206958552';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reporting_period" ADD "request_document_id" uuid`);
    await queryRunner.query(`ALTER TABLE "reporting_period" ADD "request" jsonb`);
    await queryRunner.query(`ALTER TABLE "report" ADD "request" jsonb`);
    // One period report (BC) per unit and period; letters and plans are as many as a unit issues.
    await queryRunner.query(`DROP INDEX "public"."report_unit_period_type_uq"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "report_unit_period_type_uq" ON "report" ("org_unit_id", "period_id", "type") WHERE "type" = 'BC'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."report_unit_period_type_uq"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "report_unit_period_type_uq" ON "report" ("org_unit_id", "period_id", "type") `,
    );
    await queryRunner.query(`ALTER TABLE "report" DROP COLUMN "request"`);
    await queryRunner.query(`ALTER TABLE "reporting_period" DROP COLUMN "request"`);
    await queryRunner.query(`ALTER TABLE "reporting_period" DROP COLUMN "request_document_id"`);
  }
}
