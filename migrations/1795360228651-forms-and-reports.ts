import { MigrationInterface, QueryRunner } from 'typeorm';

export class FormsAndReports1795360228651 implements MigrationInterface {
  name = 'FormsAndReports1795360228651';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "form_definition" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "version" integer NOT NULL, "title" character varying(500) NOT NULL, "definition" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b61b2a107bed3674fc0613a67bf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "form_definition_code_version_uq" ON "form_definition" ("code", "version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reporting_period" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "label" character varying(255) NOT NULL, "year" integer NOT NULL, "cutoff_from" date NOT NULL, "cutoff_to" date NOT NULL, "forms" jsonb NOT NULL, "deadlines" jsonb NOT NULL, "is_open" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_273d2b68dc1854618ec53e144d0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "reporting_period_code_uq" ON "reporting_period" ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_unit_id" uuid NOT NULL, "period_id" uuid NOT NULL, "type" character varying(8) NOT NULL, "kind" character varying(16) NOT NULL DEFAULT 'original', "title" character varying(500) NOT NULL, "narrative" text NOT NULL DEFAULT '', "recipients" jsonb NOT NULL, "forms" jsonb NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'draft', "step" character varying(24) DEFAULT 'editing', "version" integer NOT NULL DEFAULT '1', "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "report_step_check" CHECK ("step" IS NULL OR "step" IN ('editing', 'awaitingSignature')), CONSTRAINT "report_state_check" CHECK ("state" IN ('draft', 'signed', 'submitted', 'consolidated')), CONSTRAINT "PK_99e4d0bea58cba73c57f935a546" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_period_state_idx" ON "report" ("period_id", "state") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "report_unit_period_type_uq" ON "report" ("org_unit_id", "period_id", "type") `,
    );
    await queryRunner.query(
      `CREATE TABLE "report_cell" ("report_id" uuid NOT NULL, "form_code" character varying(32) NOT NULL, "row_key" character varying(64) NOT NULL, "column_key" character varying(64) NOT NULL, "num" numeric, "text" text, "bool" boolean, CONSTRAINT "report_cell_one_value_check" CHECK (num_nonnulls("num", "text", "bool") = 1), CONSTRAINT "PK_4ce7352712c590403dffa26cf6c" PRIMARY KEY ("report_id", "form_code", "row_key", "column_key"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "report" ADD CONSTRAINT "report_org_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report" ADD CONSTRAINT "report_period_fk" FOREIGN KEY ("period_id") REFERENCES "reporting_period"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_cell" ADD CONSTRAINT "report_cell_report_fk" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_cell" DROP CONSTRAINT "report_cell_report_fk"`);
    await queryRunner.query(`ALTER TABLE "report" DROP CONSTRAINT "report_period_fk"`);
    await queryRunner.query(`ALTER TABLE "report" DROP CONSTRAINT "report_org_unit_fk"`);
    await queryRunner.query(`DROP TABLE "report_cell"`);
    await queryRunner.query(`DROP INDEX "public"."report_unit_period_type_uq"`);
    await queryRunner.query(`DROP INDEX "public"."report_period_state_idx"`);
    await queryRunner.query(`DROP TABLE "report"`);
    await queryRunner.query(`DROP INDEX "public"."reporting_period_code_uq"`);
    await queryRunner.query(`DROP TABLE "reporting_period"`);
    await queryRunner.query(`DROP INDEX "public"."form_definition_code_version_uq"`);
    await queryRunner.query(`DROP TABLE "form_definition"`);
  }
}
