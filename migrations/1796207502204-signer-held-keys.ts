import { createHash, X509Certificate } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signer-held keys: certificates registered in profiles (no keys), the signing mode of each unit,
 * deferred signing requests. No private key stays in the database: every PKCS#12 credential is
 * deleted, its certificate kept as a registered certificate (a person signs with the same file
 * through the sign client, or registers their token's certificate; an organisation's key goes to
 * the server-side PKCS#11 slot, ORG_PKCS11_*), and the heads who must still register one are
 * logged. Existing units sign in `approval` mode (no personal signature, the organisation's
 * server-side signature); new units sign with tokens.
 */

export class SignerHeldKeys1796207502204 implements MigrationInterface {
  name = 'SignerHeldKeys1796207502204';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "signing_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "signer_kind" character varying(16) NOT NULL, "signer_id" uuid NOT NULL, "requested_by" uuid NOT NULL, "report_version" integer NOT NULL, "prepared_pdf" bytea NOT NULL, "byte_range" jsonb NOT NULL, "digest" bytea NOT NULL, "pdf_sha256" character(64) NOT NULL, "details" jsonb NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "signing_request_status_check" CHECK ("status" IN ('pending', 'completed', 'cancelled')), CONSTRAINT "signing_request_role_check" CHECK ("role" IN ('head', 'organisation')), CONSTRAINT "PK_c215ca76e2b0c01f1216c8e1f0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "signing_request_pending_uq" ON "signing_request" ("report_id") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(
      `CREATE TABLE "registered_certificate" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_kind" character varying(16) NOT NULL, "owner_id" uuid NOT NULL, "certificate_der" bytea NOT NULL, "sha256" character(64) NOT NULL, "subject" character varying(1000) NOT NULL, "issuer" character varying(1000) NOT NULL, "serial" character varying(128) NOT NULL, "not_before" TIMESTAMP WITH TIME ZONE NOT NULL, "not_after" TIMESTAMP WITH TIME ZONE NOT NULL, "registered_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c5cbac7e5d5ea5cf9f2e249a19c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "registered_certificate_owner_uq" ON "registered_certificate" ("owner_kind", "owner_id", "sha256") `,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit" ADD "signing_mode" character varying(16) NOT NULL DEFAULT 'approval'`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit" ALTER COLUMN "signing_mode" SET DEFAULT 'token'`,
    );
    await queryRunner.query(`ALTER TABLE "report_signature" ADD "signed_pdf" bytea`);
    await queryRunner.query(`ALTER TABLE "report_signature" ADD "issue_places" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "report_signature" ADD "certificate_sha256" character(64)`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit" ADD CONSTRAINT "org_unit_signing_mode_check" CHECK ("signing_mode" IN ('token', 'approval'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "signing_request" ADD CONSTRAINT "signing_request_report_fk" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await moveServerHeldKeys(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "signing_request" DROP CONSTRAINT "signing_request_report_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "org_unit" DROP CONSTRAINT "org_unit_signing_mode_check"`);
    await queryRunner.query(`ALTER TABLE "report_signature" DROP COLUMN "certificate_sha256"`);
    await queryRunner.query(`ALTER TABLE "report_signature" DROP COLUMN "issue_places"`);
    await queryRunner.query(`ALTER TABLE "report_signature" DROP COLUMN "signed_pdf"`);
    await queryRunner.query(`ALTER TABLE "org_unit" DROP COLUMN "signing_mode"`);
    await queryRunner.query(`DROP INDEX "public"."registered_certificate_owner_uq"`);
    await queryRunner.query(`DROP TABLE "registered_certificate"`);
    await queryRunner.query(`DROP INDEX "public"."signing_request_pending_uq"`);
    await queryRunner.query(`DROP TABLE "signing_request"`);
  }
}

/** PKCS#12 credentials → their certificates registered; the keys deleted; who must register logged. */
async function moveServerHeldKeys(q: QueryRunner): Promise<void> {
  const rows: { owner_kind: string; owner_id: string; certificate_pem: string }[] = await q.query(
    `SELECT owner_kind, owner_id, certificate_pem FROM signing_credential`,
  );
  for (const r of rows) {
    const cert = new X509Certificate(r.certificate_pem);
    const der = cert.raw;
    await q.query(
      `INSERT INTO registered_certificate (owner_kind, owner_id, certificate_der, sha256, subject, issuer, serial, not_before, not_after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [
        r.owner_kind,
        r.owner_id,
        der,
        createHash('sha256').update(der).digest('hex'),
        cert.subject.replace(/\n/g, ', '),
        cert.issuer.replace(/\n/g, ', '),
        cert.serialNumber.toLowerCase(),
        new Date(cert.validFrom),
        new Date(cert.validTo),
      ],
    );
  }
  await q.query(`DELETE FROM signing_credential`);
  const heads: { username: string }[] = await q.query(
    `SELECT u.username FROM app_user u
      WHERE 'head' = ANY(u.roles) AND NOT EXISTS (
        SELECT 1 FROM registered_certificate c
         WHERE c.owner_kind = 'user' AND c.owner_id = u.id AND c.not_after > now())
      ORDER BY u.username`,
  );
  if (rows.length || heads.length)
    console.log(
      `signer-held keys: ${rows.length} server-held key(s) deleted (their certificates kept as registered certificates; organisations sign from the PKCS#11 slot ORG_PKCS11_*)` +
        (heads.length
          ? `; heads who must register a signing certificate: ${heads.map((h) => h.username).join(', ')}`
          : ''),
    );
}
