import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail of notifications and deadline reminders: each person's choice (`notify_mode`), one
 * `email_delivery` per message (recorded before it is sent), the notification's link to the e-mail
 * that carried it, each period's reminder offsets, and `deadline_reminder` (once per period, unit
 * and offset). The job queue's own tables (schema `pgboss`) are installed by pg-boss itself, as the
 * owner, after the migrations (installJobQueue).
 */
export class EmailAndReminders1796181024174 implements MigrationInterface {
  name = 'EmailAndReminders1796181024174';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "email_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(200) NOT NULL, "user_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "sent_to" character varying(254), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_attempt_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "last_error" character varying(1000), CONSTRAINT "email_delivery_kind_check" CHECK ("kind" IN ('notification', 'digest')), CONSTRAINT "email_delivery_state_check" CHECK ("state" IN ('pending', 'sending', 'sent', 'skipped')), CONSTRAINT "email_delivery_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "email_delivery_key_uq" ON "email_delivery" ("key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "deadline_reminder" ("period_id" uuid NOT NULL, "org_unit_id" uuid NOT NULL, "days_before" integer NOT NULL, "deadline" date NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "deadline_reminder_pkey" PRIMARY KEY ("period_id", "org_unit_id", "days_before"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD "notify_mode" character varying(16) NOT NULL DEFAULT 'immediate'`,
    );
    await queryRunner.query(
      `ALTER TABLE "reporting_period" ADD "reminder_offsets" integer array NOT NULL DEFAULT '{7,3,1}'`,
    );
    await queryRunner.query(`ALTER TABLE "notification" ADD "email_delivery_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "notification_undelivered_idx" ON "notification" ("user_id") WHERE "email_delivery_id" IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "app_user_notify_mode_check" CHECK ("notify_mode" IN ('immediate', 'digest', 'off'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_delivery" ADD CONSTRAINT "email_delivery_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "notification_email_delivery_fk" FOREIGN KEY ("email_delivery_id") REFERENCES "email_delivery"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_reminder" ADD CONSTRAINT "deadline_reminder_period_fk" FOREIGN KEY ("period_id") REFERENCES "reporting_period"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_reminder" ADD CONSTRAINT "deadline_reminder_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_unit"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "deadline_reminder" DROP CONSTRAINT "deadline_reminder_unit_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_reminder" DROP CONSTRAINT "deadline_reminder_period_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" DROP CONSTRAINT "notification_email_delivery_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_delivery" DROP CONSTRAINT "email_delivery_user_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "app_user_notify_mode_check"`);
    await queryRunner.query(`DROP INDEX "public"."notification_undelivered_idx"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "email_delivery_id"`);
    await queryRunner.query(`ALTER TABLE "reporting_period" DROP COLUMN "reminder_offsets"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "notify_mode"`);
    await queryRunner.query(`DROP TABLE "deadline_reminder"`);
    await queryRunner.query(`DROP INDEX "public"."email_delivery_key_uq"`);
    await queryRunner.query(`DROP TABLE "email_delivery"`);
  }
}
