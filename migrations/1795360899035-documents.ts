import { MigrationInterface, QueryRunner } from 'typeorm';

export class Documents1795360899035 implements MigrationInterface {
  name = 'Documents1795360899035';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "document_access_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "document_id" uuid NOT NULL, "user_id" uuid, "action" character varying(32) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c57f6049f2e96a3e405a6813d5f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "document_access_log_document_idx" ON "document_access_log" ("document_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "document_number_registry" ("org_unit_id" uuid NOT NULL, "year" integer NOT NULL, "series" character varying(16) NOT NULL, "last_number" integer NOT NULL, CONSTRAINT "PK_34274788363d551e50aac9b0737" PRIMARY KEY ("org_unit_id", "year", "series"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "issued_document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "org_unit_id" uuid NOT NULL, "year" integer NOT NULL, "series" character varying(16) NOT NULL, "number" integer NOT NULL, "symbol" character varying(48) NOT NULL, "number_text" character varying(64) NOT NULL, "doc_type" character varying(8) NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "issue_date" date NOT NULL, "issuer" jsonb NOT NULL, "title" character varying(500) NOT NULL, "signer" jsonb NOT NULL, "recipients" jsonb NOT NULL, "issued_by" uuid NOT NULL, "pdf" bytea NOT NULL, "sha256" character(64) NOT NULL, "pdf_size" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1a9f2dc02e78fca4081931cd71e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "issued_document_report_idx" ON "issued_document" ("report_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "issued_document_sha256_idx" ON "issued_document" ("sha256") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "issued_document_number_text_uq" ON "issued_document" ("org_unit_id", "year", "number_text") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "issued_document_number_uq" ON "issued_document" ("org_unit_id", "year", "series", "number") `,
    );
    await queryRunner.query(
      `ALTER TABLE "document_number_registry" ADD CONSTRAINT "document_number_registry_org_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "issued_document" ADD CONSTRAINT "issued_document_report_fk" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "issued_document" ADD CONSTRAINT "issued_document_org_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The archive never changes: issued originals cannot be updated or deleted.
    await queryRunner.query(
      `CREATE TRIGGER issued_document_immutable BEFORE UPDATE OR DELETE ON issued_document FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER document_access_log_append_only BEFORE UPDATE OR DELETE ON document_access_log FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER document_access_log_append_only ON document_access_log`);
    await queryRunner.query(`DROP TRIGGER issued_document_immutable ON issued_document`);
    await queryRunner.query(
      `ALTER TABLE "issued_document" DROP CONSTRAINT "issued_document_org_unit_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "issued_document" DROP CONSTRAINT "issued_document_report_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_number_registry" DROP CONSTRAINT "document_number_registry_org_unit_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."issued_document_number_uq"`);
    await queryRunner.query(`DROP INDEX "public"."issued_document_number_text_uq"`);
    await queryRunner.query(`DROP INDEX "public"."issued_document_sha256_idx"`);
    await queryRunner.query(`DROP INDEX "public"."issued_document_report_idx"`);
    await queryRunner.query(`DROP TABLE "issued_document"`);
    await queryRunner.query(`DROP TABLE "document_number_registry"`);
    await queryRunner.query(`DROP INDEX "public"."document_access_log_document_idx"`);
    await queryRunner.query(`DROP TABLE "document_access_log"`);
  }
}
