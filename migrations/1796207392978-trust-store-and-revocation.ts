import { MigrationInterface, QueryRunner } from 'typeorm';

export class TrustStoreAndRevocation1796207392978 implements MigrationInterface {
  name = 'TrustStoreAndRevocation1796207392978';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."trusted_root_pem_uq"`);
    await queryRunner.query(
      `CREATE TABLE "revocation_list" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "issuer_key" character varying(64) NOT NULL, "issuer" character varying(500) NOT NULL, "source" character varying(16) NOT NULL, "url" character varying(1000), "der" bytea NOT NULL, "this_update" TIMESTAMP WITH TIME ZONE NOT NULL, "next_update" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3a553aba6eee4d7df726769cb07" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "revocation_list_url_uq" ON "revocation_list" ("url") `,
    );
    await queryRunner.query(
      `CREATE INDEX "revocation_list_issuer_idx" ON "revocation_list" ("issuer_key", "this_update") `,
    );
    await queryRunner.query(
      `CREATE TABLE "ocsp_answer" ("certificate_sha256" character varying(64) NOT NULL, "status" character varying(16) NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revocation_reason" smallint, "this_update" TIMESTAMP WITH TIME ZONE NOT NULL, "reuse_until" TIMESTAMP WITH TIME ZONE NOT NULL, "fetched_at" TIMESTAMP WITH TIME ZONE NOT NULL, "der" bytea NOT NULL, CONSTRAINT "PK_413da5b27595be4997b300c19c0" PRIMARY KEY ("certificate_sha256"))`,
    );
    // The roots already trusted (the demo CA) get the SHA-256 of their DER (the PEM's first block).
    await queryRunner.query(`ALTER TABLE "trusted_root" ADD "sha256" character varying(64)`);
    await queryRunner.query(
      `UPDATE "trusted_root" SET "sha256" = encode(sha256(decode(regexp_replace(substring("certificate_pem" from '-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----'), '\\s', '', 'g'), 'base64')), 'hex')`,
    );
    await queryRunner.query(`ALTER TABLE "trusted_root" ALTER COLUMN "sha256" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "trusted_root" ADD "added_by" uuid`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "trusted_root_sha256_uq" ON "trusted_root" ("sha256") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."trusted_root_sha256_uq"`);
    await queryRunner.query(`ALTER TABLE "trusted_root" DROP COLUMN "added_by"`);
    await queryRunner.query(`ALTER TABLE "trusted_root" DROP COLUMN "sha256"`);
    await queryRunner.query(`DROP TABLE "ocsp_answer"`);
    await queryRunner.query(`DROP INDEX "public"."revocation_list_issuer_idx"`);
    await queryRunner.query(`DROP INDEX "public"."revocation_list_url_uq"`);
    await queryRunner.query(`DROP TABLE "revocation_list"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "trusted_root_pem_uq" ON "trusted_root" ("certificate_pem") `,
    );
  }
}
