import { MigrationInterface, QueryRunner } from 'typeorm';

export class SigningImages1795365038275 implements MigrationInterface {
  name = 'SigningImages1795365038275';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "signing_image" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_kind" character varying(16) NOT NULL, "owner_id" uuid NOT NULL, "mime_type" character varying(32) NOT NULL, "data" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_17dcbb47914beebc3670895f836" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "signing_image_owner_idx" ON "signing_image" ("owner_kind", "owner_id", "created_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."signing_image_owner_idx"`);
    await queryRunner.query(`DROP TABLE "signing_image"`);
  }
}
