import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportAcknowledgement1796193130159 implements MigrationInterface {
  name = 'ReportAcknowledgement1796193130159';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report" ADD "acknowledged_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report" DROP COLUMN "acknowledged_at"`);
  }
}
