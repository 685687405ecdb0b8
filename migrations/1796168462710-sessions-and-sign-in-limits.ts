import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that really end and one sign-in limit: a session version per user (raised by signing
 * out, deactivation, a password change or reset; `kept_session` is the one session a password
 * change keeps), a notification to every API process when it (or anything else a request checks)
 * changes, and the per-account sign-in attempts.
 */
export class SessionsAndSignInLimits1796168462710 implements MigrationInterface {
  name = 'SessionsAndSignInLimits1796168462710';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "login_attempt" ("name_key" character varying(64) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL, CONSTRAINT "PK_382ac5d8e6b8fce3ee970ba391e" PRIMARY KEY ("name_key"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD "session_version" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`ALTER TABLE "app_user" ADD "kept_session" character varying(32)`);
    // Every API process forgets its cached copy of the user when this fires (UserChangesListener),
    // whichever process — or the admin command line — made the change.
    await queryRunner.query(
      `CREATE FUNCTION notify_app_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM pg_notify('app_user_changed', NEW.id::text);
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER app_user_changed AFTER UPDATE ON app_user FOR EACH ROW
         WHEN (OLD.session_version IS DISTINCT FROM NEW.session_version
            OR OLD.active IS DISTINCT FROM NEW.active
            OR OLD.roles IS DISTINCT FROM NEW.roles
            OR OLD.org_unit_id IS DISTINCT FROM NEW.org_unit_id
            OR OLD.must_change_password IS DISTINCT FROM NEW.must_change_password)
         EXECUTE FUNCTION notify_app_user_changed()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER app_user_changed ON app_user`);
    await queryRunner.query(`DROP FUNCTION notify_app_user_changed()`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "kept_session"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "session_version"`);
    await queryRunner.query(`DROP TABLE "login_attempt"`);
  }
}
