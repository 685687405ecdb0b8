import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accent-insensitive search (archive, reports): PostgreSQL's `unaccent` extension (contrib, shipped
 * with the embedded server; trusted, so the database's owner role may create it) and
 * `search_fold(text)`, the form both sides of a search are compared in: NFC, accents removed
 * (Vietnamese letters included: "Hoàng Đồng" → "Hoang Dong", đ → d), lower case, runs of blanks as
 * one space. The dictionary is named with its schema so the function does not depend on the
 * caller's search_path (and may be declared IMMUTABLE).
 */
export class AccentInsensitiveSearch1796193175118 implements MigrationInterface {
  name = 'AccentInsensitiveSearch1796193175118';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public`);
    await queryRunner.query(
      `CREATE FUNCTION search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
       AS $$ SELECT regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, normalize($1, NFC))), '\\s+', ' ', 'g') $$`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION search_fold(text)`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS unaccent`);
  }
}
