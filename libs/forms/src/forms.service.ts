import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainException, notFound, projectRoot, validationFailed } from '@app/common';
import { FormDefinitionEntity } from './entities/form-definition.entity';
import { FormDefinition } from './form-definition';
import { validateDefinition } from './definition-validator';

export interface FormSummary {
  code: string;
  version: number;
  title: string;
}

/** The definitions shipped with the product (libs/forms/definitions/*.json). */
export function loadShippedDefinitions(): FormDefinition[] {
  const dir = path.join(projectRoot(), 'libs/forms/definitions');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as FormDefinition);
}

@Injectable()
export class FormsService {
  /** Definitions are immutable per version: cache them by code@version. */
  private readonly cache = new Map<string, FormDefinition>();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async listLatest(): Promise<FormSummary[]> {
    return this.ds.query(
      `SELECT DISTINCT ON (code) code, version, title FROM form_definition ORDER BY code, version DESC`,
    );
  }

  /** A version of a form, or the latest one. */
  async get(code: string, version?: number): Promise<FormDefinition> {
    const key = `${code}@${version}`;
    const cached = version !== undefined ? this.cache.get(key) : undefined;
    if (cached) return cached;
    const row = await this.ds.getRepository(FormDefinitionEntity).findOne({
      where: version !== undefined ? { code, version } : { code },
      order: { version: 'DESC' },
    });
    if (!row) throw notFound(`Không tìm thấy biểu mẫu ${code}${version !== undefined ? ` phiên bản ${version}` : ''}.`);
    const def = { ...row.definition, version: row.version };
    this.cache.set(`${code}@${row.version}`, def);
    return def;
  }

  /** Stores a new form, or the next version of an existing one, after checking the definition. */
  async create(input: unknown, userId: string | null): Promise<FormDefinition> {
    const errors = validateDefinition(input);
    if (errors.length) throw validationFailed(errors, 'Định nghĩa biểu mẫu không hợp lệ.');
    return this.ds.transaction((em) => insertDefinition(em, input as FormDefinition, userId));
  }
}

/** Inserts `def` as the next version of its code (serialised per code by a transaction lock). */
export async function insertDefinition(em: EntityManager, def: FormDefinition, userId: string | null): Promise<FormDefinition> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('form_definition:' || $1))`, [def.code]);
  const [{ max }] = await em.query(`SELECT coalesce(max(version), 0)::int AS max FROM form_definition WHERE code = $1`, [def.code]);
  const version = max + 1;
  const stored: FormDefinition = {
    code: def.code,
    version,
    title: def.title,
    ...(def.reportingNote !== undefined ? { reportingNote: def.reportingNote } : {}),
    columns: def.columns,
    rows: def.rows,
    rules: def.rules ?? [],
  };
  if (JSON.stringify(stored).length > 2_000_000) throw new DomainException('PAYLOAD_TOO_LARGE', 'Định nghĩa biểu mẫu quá lớn.');
  await em.getRepository(FormDefinitionEntity).insert({ code: def.code, version, title: def.title, definition: stored, createdBy: userId });
  return stored;
}
