import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * In-app notifications: one row per person and event, written in the transaction of the workflow
 * step. The application's role gets rows-only rights through the owner's default privileges, as for
 * every table. Another channel (e-mail) will be another column (`emailed_at`), nothing else.
 */
export class Notifications1796170000000 implements MigrationInterface {
  name = 'Notifications1796170000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "title" character varying(1000) NOT NULL, "body" text NOT NULL, "link" character varying(500) NOT NULL, "report_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "notification_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_user_idx" ON "notification" ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_unread_idx" ON "notification" ("user_id") WHERE "read_at" IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "notification_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "notification_report_fk" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // A link is a path of the web app, never another site.
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "notification_link_check" CHECK ("link" LIKE '/%' AND "link" NOT LIKE '//%')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "notification_link_check"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "notification_report_fk"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "notification_user_fk"`);
    await queryRunner.query(`DROP INDEX "public"."notification_unread_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notification_user_idx"`);
    await queryRunner.query(`DROP TABLE "notification"`);
  }
}
