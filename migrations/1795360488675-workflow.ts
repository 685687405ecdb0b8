import { MigrationInterface, QueryRunner } from 'typeorm';

export class Workflow1795360488675 implements MigrationInterface {
  name = 'Workflow1795360488675';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "report_history" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "report_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_name" character varying(120) NOT NULL, "event" character varying(32) NOT NULL, "from_state" character varying(32) NOT NULL, "to_state" character varying(32) NOT NULL, "comment" text, "details" jsonb, CONSTRAINT "PK_0726ab3f23515cc0344e9cf551c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_history_report_idx" ON "report_history" ("report_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "report_signature" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "signer_id" uuid NOT NULL, "signer_name" character varying(120) NOT NULL, "position_title" character varying(120), "sign_authority" character varying(8), "sign_head_title" character varying(120), "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "content_sha256" character(64) NOT NULL, "report_version" integer NOT NULL, "voided_at" TIMESTAMP WITH TIME ZONE, "void_reason" text, CONSTRAINT "PK_819f22705cd05029debeb742f18" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "report_signature_report_idx" ON "report_signature" ("report_id") `,
    );
    await queryRunner.query(`ALTER TABLE "report" ADD "machine_snapshot" jsonb`);
    await queryRunner.query(`ALTER TABLE "report" ADD "machine_version" integer`);
    await queryRunner.query(`ALTER TABLE "report" ADD "submitted_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "report_history" ADD CONSTRAINT "report_history_report_fk" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_signature" ADD CONSTRAINT "report_signature_report_fk" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Append-only history: the database itself refuses to change or remove a row.
    await queryRunner.query(`CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$`);
    await queryRunner.query(
      `CREATE TRIGGER report_history_append_only BEFORE UPDATE OR DELETE ON report_history FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
    );
    // Content of a report that is not a draft cannot change, whatever code path tries.
    await queryRunner.query(`CREATE FUNCTION report_cell_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE s varchar;
      BEGIN
        SELECT state INTO s FROM report WHERE id = COALESCE(NEW.report_id, OLD.report_id);
        IF s IS DISTINCT FROM 'draft' THEN
          RAISE EXCEPTION 'report % is %: its cells cannot change', COALESCE(NEW.report_id, OLD.report_id), s USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN COALESCE(NEW, OLD);
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER report_cell_frozen BEFORE INSERT OR UPDATE OR DELETE ON report_cell FOR EACH ROW EXECUTE FUNCTION report_cell_frozen()`,
    );
    await queryRunner.query(`CREATE FUNCTION report_content_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.state <> 'draft' AND NEW.state <> 'draft' AND
           (NEW.title IS DISTINCT FROM OLD.title OR NEW.narrative IS DISTINCT FROM OLD.narrative OR NEW.recipients IS DISTINCT FROM OLD.recipients OR NEW.forms IS DISTINCT FROM OLD.forms) THEN
          RAISE EXCEPTION 'report % is %: its content cannot change', OLD.id, OLD.state USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER report_content_frozen BEFORE UPDATE ON report FOR EACH ROW EXECUTE FUNCTION report_content_frozen()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER report_content_frozen ON report`);
    await queryRunner.query(`DROP FUNCTION report_content_frozen()`);
    await queryRunner.query(`DROP TRIGGER report_cell_frozen ON report_cell`);
    await queryRunner.query(`DROP FUNCTION report_cell_frozen()`);
    await queryRunner.query(`DROP TRIGGER report_history_append_only ON report_history`);
    await queryRunner.query(`DROP FUNCTION refuse_change()`);
    await queryRunner.query(
      `ALTER TABLE "report_signature" DROP CONSTRAINT "report_signature_report_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_history" DROP CONSTRAINT "report_history_report_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "report" DROP COLUMN "submitted_at"`);
    await queryRunner.query(`ALTER TABLE "report" DROP COLUMN "machine_version"`);
    await queryRunner.query(`ALTER TABLE "report" DROP COLUMN "machine_snapshot"`);
    await queryRunner.query(`DROP INDEX "public"."report_signature_report_idx"`);
    await queryRunner.query(`DROP TABLE "report_signature"`);
    await queryRunner.query(`DROP INDEX "public"."report_history_report_idx"`);
    await queryRunner.query(`DROP TABLE "report_history"`);
  }
}
