import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incoming registers (incoming_document, numbered through incoming_number_registry), the
 * withdrawal and replacement marks of issued documents (append-only, like the archive), and the
 * replacement of a report: one current report per unit, period and type — a superseded one steps
 * aside from the unique index.
 */
const APPEND_ONLY = ['document_withdrawal', 'document_replacement'];
const NO_TRUNCATE = [...APPEND_ONLY, 'incoming_document', 'incoming_number_registry'];

export class IncomingRegisterAndMarks1796207071086 implements MigrationInterface {
  name = 'IncomingRegisterAndMarks1796207071086';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "incoming_document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_unit_id" uuid NOT NULL, "year" integer NOT NULL, "incoming_number" integer NOT NULL, "document_id" uuid NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "handled_by_id" uuid, "handled_by_name" character varying(200), "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by_id" uuid, "acknowledged_by_name" character varying(200), CONSTRAINT "PK_66cf6a6a866f45bba25a479793a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "incoming_document_document_idx" ON "incoming_document" ("document_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "incoming_document_unit_document_uq" ON "incoming_document" ("org_unit_id", "document_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "incoming_document_number_uq" ON "incoming_document" ("org_unit_id", "year", "incoming_number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "incoming_number_registry" ("org_unit_id" uuid NOT NULL, "year" integer NOT NULL, "last_number" integer NOT NULL, CONSTRAINT "PK_63bdacd5b492a8e530f1b43be2b" PRIMARY KEY ("org_unit_id", "year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "document_withdrawal" ("document_id" uuid NOT NULL, "withdrawn_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text NOT NULL, "withdrawn_by" uuid NOT NULL, CONSTRAINT "PK_a8484ea276d76dc671642a68a51" PRIMARY KEY ("document_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "document_replacement" ("document_id" uuid NOT NULL, "replaced_by_id" uuid NOT NULL, "replaced_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c5e128434ad0f596f78d89ffd9e" PRIMARY KEY ("document_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "document_replacement_by_uq" ON "document_replacement" ("replaced_by_id") `,
    );
    await queryRunner.query(`ALTER TABLE "report" ADD "replaces_document_id" uuid`);
    await queryRunner.query(`ALTER TABLE "report" ADD "superseded_by_report_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "incoming_document" ADD CONSTRAINT "incoming_document_org_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incoming_document" ADD CONSTRAINT "incoming_document_document_fk" FOREIGN KEY ("document_id") REFERENCES "issued_document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incoming_number_registry" ADD CONSTRAINT "incoming_number_registry_org_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_withdrawal" ADD CONSTRAINT "document_withdrawal_document_fk" FOREIGN KEY ("document_id") REFERENCES "issued_document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_replacement" ADD CONSTRAINT "document_replacement_document_fk" FOREIGN KEY ("document_id") REFERENCES "issued_document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_replacement" ADD CONSTRAINT "document_replacement_replaced_by_fk" FOREIGN KEY ("replaced_by_id") REFERENCES "issued_document"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`DROP INDEX "public"."report_unit_period_type_uq"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "report_unit_period_type_uq" ON "report" ("org_unit_id", "period_id", "type") WHERE "type" = 'BC' AND "superseded_by_report_id" IS NULL`,
    );
    for (const table of APPEND_ONLY)
      await queryRunner.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
      );
    for (const table of NO_TRUNCATE)
      await queryRunner.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`,
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of NO_TRUNCATE)
      await queryRunner.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
    for (const table of APPEND_ONLY)
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
    await queryRunner.query(`DROP INDEX "public"."report_unit_period_type_uq"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "report_unit_period_type_uq" ON "report" ("org_unit_id", "period_id", "type") WHERE "type" = 'BC'`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_replacement" DROP CONSTRAINT "document_replacement_replaced_by_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_replacement" DROP CONSTRAINT "document_replacement_document_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_withdrawal" DROP CONSTRAINT "document_withdrawal_document_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "incoming_number_registry" DROP CONSTRAINT "incoming_number_registry_org_unit_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "incoming_document" DROP CONSTRAINT "incoming_document_document_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "incoming_document" DROP CONSTRAINT "incoming_document_org_unit_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "report" DROP COLUMN "superseded_by_report_id"`);
    await queryRunner.query(`ALTER TABLE "report" DROP COLUMN "replaces_document_id"`);
    await queryRunner.query(`DROP INDEX "public"."document_replacement_by_uq"`);
    await queryRunner.query(`DROP TABLE "document_replacement"`);
    await queryRunner.query(`DROP TABLE "document_withdrawal"`);
    await queryRunner.query(`DROP TABLE "incoming_number_registry"`);
    await queryRunner.query(`DROP INDEX "public"."incoming_document_number_uq"`);
    await queryRunner.query(`DROP INDEX "public"."incoming_document_unit_document_uq"`);
    await queryRunner.query(`DROP INDEX "public"."incoming_document_document_idx"`);
    await queryRunner.query(`DROP TABLE "incoming_document"`);
  }
}
