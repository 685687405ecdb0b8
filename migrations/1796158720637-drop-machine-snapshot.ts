import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stored XState snapshot was written at every transition but never read: the machine's state is
 * the report's state and step (its context is empty). The machine version that wrote it stays.
 */
export class DropMachineSnapshot1796158720637 implements MigrationInterface {
  name = 'DropMachineSnapshot1796158720637';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report" DROP COLUMN "machine_snapshot"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report" ADD "machine_snapshot" jsonb`);
  }
}
