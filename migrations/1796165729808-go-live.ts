import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Going live without demo data: unit administrators, one-time passwords, e-mail addresses, units
 * collective or head-led with their printed header lines, deadlines extended per unit, the
 * append-only audit trail, background imports of units and users.
 */
export class GoLive1796165729808 implements MigrationInterface {
  name = 'GoLive1796165729808';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "import_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "file_name" character varying(255) NOT NULL, "status" character varying(16) NOT NULL, "rows_total" integer NOT NULL DEFAULT '0', "rows_checked" integer NOT NULL DEFAULT '0', "rows_written" integer NOT NULL DEFAULT '0', "result" jsonb, "errors" jsonb, "passwords_encrypted" bytea, "passwords_downloaded_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_65b4c7eccb8120972a7b8da7682" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "import_job_created_by_idx" ON "import_job" ("created_by", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_name" character varying(120) NOT NULL, "action" character varying(32) NOT NULL, "entity" character varying(16) NOT NULL, "entity_id" character varying(64), "label" character varying(255) NOT NULL, "before" jsonb, "after" jsonb, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_log_actor_idx" ON "audit_log" ("actor_id", "at") `,
    );
    await queryRunner.query(`CREATE INDEX "audit_log_entity_idx" ON "audit_log" ("entity", "at") `);
    await queryRunner.query(
      `ALTER TABLE "org_unit" ADD "kind" character varying(16) NOT NULL DEFAULT 'collective'`,
    );
    await queryRunner.query(`ALTER TABLE "org_unit" ADD "header_lines" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "reporting_period" ADD "unit_deadlines" jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(`ALTER TABLE "app_user" ADD "email" character varying(254)`);
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD "must_change_password" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit" ADD CONSTRAINT "org_unit_kind_check" CHECK ("kind" IN ('collective', 'head'))`,
    );
    // Departments and offices are led by their head; People's Committees are collective bodies.
    await queryRunner.query(
      `UPDATE "org_unit" SET "kind" = 'head' WHERE "name" ILIKE 'Sở %' OR "name" ILIKE 'Phòng %'`,
    );
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "app_user_roles_check"`);
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "app_user_roles_check" CHECK ("roles" <@ ARRAY['officer', 'head', 'clerk', 'unitAdmin', 'admin']::varchar[] AND cardinality("roles") > 0)`,
    );
    // The audit trail is append-only, like the reports' history.
    await queryRunner.query(
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "app_user_roles_check"`);
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "app_user_roles_check" CHECK ("roles" <@ ARRAY['officer', 'head', 'clerk', 'admin']::varchar[] AND cardinality("roles") > 0)`,
    );
    await queryRunner.query(`ALTER TABLE "org_unit" DROP CONSTRAINT "org_unit_kind_check"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "must_change_password"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "email"`);
    await queryRunner.query(`ALTER TABLE "reporting_period" DROP COLUMN "unit_deadlines"`);
    await queryRunner.query(`ALTER TABLE "org_unit" DROP COLUMN "header_lines"`);
    await queryRunner.query(`ALTER TABLE "org_unit" DROP COLUMN "kind"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_entity_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_actor_idx"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "public"."import_job_created_by_idx"`);
    await queryRunner.query(`DROP TABLE "import_job"`);
  }
}
