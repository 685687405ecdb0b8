import { MigrationInterface, QueryRunner } from 'typeorm';

export class SigningCredentials1795363027779 implements MigrationInterface {
  name = 'SigningCredentials1795363027779';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "signing_credential" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_kind" character varying(16) NOT NULL, "owner_id" uuid NOT NULL, "subject" character varying(500) NOT NULL, "not_after" TIMESTAMP WITH TIME ZONE NOT NULL, "certificate_pem" text NOT NULL, "p12_encrypted" bytea NOT NULL, "password_encrypted" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_32b5f24c327d4c0f8b68f228f39" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "signing_credential_owner_idx" ON "signing_credential" ("owner_kind", "owner_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "trusted_root" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(500) NOT NULL, "certificate_pem" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_639fa1d9cd71a5797349a438635" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "trusted_root_pem_uq" ON "trusted_root" ("certificate_pem") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."trusted_root_pem_uq"`);
    await queryRunner.query(`DROP TABLE "trusted_root"`);
    await queryRunner.query(`DROP INDEX "public"."signing_credential_owner_idx"`);
    await queryRunner.query(`DROP TABLE "signing_credential"`);
  }
}
