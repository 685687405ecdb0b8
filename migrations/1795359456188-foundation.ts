import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795359456188 implements MigrationInterface {
  name = 'Foundation1795359456188';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "org_unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(255) NOT NULL, "level" character varying(16) NOT NULL, "parent_id" uuid, "governing_body" character varying(255), "abbreviation" character varying(32) NOT NULL, "place_name" character varying(120) NOT NULL, "filing_unit" character varying(32), "valid_from" date NOT NULL, "valid_to" date, "successor_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "org_unit_validity_check" CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from"), CONSTRAINT "org_unit_level_check" CHECK ("level" IN ('ministry', 'province', 'district', 'commune')), CONSTRAINT "PK_ba1c59043dc14bb66023c1d07c7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "org_unit_code_uq" ON "org_unit" ("code") `);
    await queryRunner.query(`CREATE INDEX "org_unit_parent_idx" ON "org_unit" ("parent_id") `);
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "password_hash" character varying(255) NOT NULL, "full_name" character varying(120) NOT NULL, "org_unit_id" uuid NOT NULL, "roles" character varying array NOT NULL, "position_title" character varying(120), "sign_authority" character varying(8), "sign_head_title" character varying(120), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "app_user_roles_check" CHECK ("roles" <@ ARRAY['officer', 'head', 'clerk', 'admin']::varchar[] AND cardinality("roles") > 0), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "app_user_username_uq" ON "app_user" ("username") `,
    );
    await queryRunner.query(`CREATE INDEX "app_user_org_unit_idx" ON "app_user" ("org_unit_id") `);
    await queryRunner.query(
      `ALTER TABLE "org_unit" ADD CONSTRAINT "org_unit_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit" ADD CONSTRAINT "org_unit_successor_fk" FOREIGN KEY ("successor_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "app_user_org_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "app_user_org_unit_fk"`);
    await queryRunner.query(`ALTER TABLE "org_unit" DROP CONSTRAINT "org_unit_successor_fk"`);
    await queryRunner.query(`ALTER TABLE "org_unit" DROP CONSTRAINT "org_unit_parent_fk"`);
    await queryRunner.query(`DROP INDEX "public"."app_user_org_unit_idx"`);
    await queryRunner.query(`DROP INDEX "public"."app_user_username_uq"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP INDEX "public"."org_unit_parent_idx"`);
    await queryRunner.query(`DROP INDEX "public"."org_unit_code_uq"`);
    await queryRunner.query(`DROP TABLE "org_unit"`);
  }
}
