import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The document model each original was printed from (narrative, annex tables, header, signature
 * block; no images), kept with the frozen original so that its Word copy is made from what was
 * issued, even after the report was returned and changed. Null for documents issued before.
 */
export class IssuedDocumentModel1796200000000 implements MigrationInterface {
  name = 'IssuedDocumentModel1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "issued_document" ADD "model" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "issued_document" DROP COLUMN "model"`);
  }
}
