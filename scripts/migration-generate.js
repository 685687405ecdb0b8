#!/usr/bin/env node
'use strict';
// Writes migrations/<timestamp>-<name>.ts with the SQL that brings the migrated schema in line
// with the entities (like `typeorm migration:generate`), using a throw-away embedded PostgreSQL.
// Usage: node scripts/migration-generate.js <PascalCaseName>
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { build } = require('./build');

async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))
    throw new Error('usage: migration-generate.js PascalCaseName');
  await build();
  const { startEmbeddedPostgres } = require('../dist/libs/database/src');
  const { appDataSourceOptions } = require('../dist/apps/api/src/database/schema');
  const { DataSource } = require('typeorm');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'te-miggen-'));
  // Run as root, PostgreSQL runs as the postgres user and keeps its cluster in here.
  fs.chmodSync(dir, 0o711);
  const pg = await startEmbeddedPostgres({
    dataDir: dir,
    port: 54400 + (process.pid % 500),
    database: 'gen',
  });
  try {
    const ds = new DataSource(appDataSourceOptions(pg.ownerUrl, 2));
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    await ds.destroy();
    if (sql.upQueries.length === 0) {
      console.log('entities and migrations agree: nothing to generate');
      return;
    }
    const ts = Date.now();
    const q = (s) =>
      '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const up = sql.upQueries.map((x) => `    await queryRunner.query(${q(x.query)});`).join('\n');
    const down = sql.downQueries
      .reverse()
      .map((x) => `    await queryRunner.query(${q(x.query)});`)
      .join('\n');
    const file = path.join(
      __dirname,
      '..',
      'migrations',
      `${ts}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
    );
    fs.writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${ts} implements MigrationInterface {\n  name = '${name}${ts}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    console.log(`wrote ${path.relative(process.cwd(), file)}; add it to migrations/index.ts`);
  } finally {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
