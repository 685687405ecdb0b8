import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { projectRoot } from '@app/common';
import { FormDefinition, withYear } from './form-definition';
import { validateDefinition } from './definition-validator';
import { FormErrors } from './forms.errors';
import { FormSummary, FormsRepository } from './forms.repository';

/** The definitions shipped with the product (libs/forms/definitions/*.json). */
export function loadShippedDefinitions(): FormDefinition[] {
  const dir = path.join(projectRoot(), 'libs/forms/definitions');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as FormDefinition);
}

/** Form definitions: versioned, immutable per version, checked before they are stored. */
@Injectable()
export class FormsService {
  /** Definitions are immutable per version: cache them by code@version. */
  private readonly cache = new Map<string, FormDefinition>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: FormsRepository,
    @Optional() private readonly audit?: AuditService,
  ) {}

  listLatest(): Promise<FormSummary[]> {
    return this.repo.latestSummaries();
  }

  /**
   * A version of a form, or the latest one (read inside the caller's transaction when given); with
   * `year`, as used in a period of that year (year parameters of labels filled in).
   */
  async get(
    code: string,
    version?: number,
    em?: EntityManager,
    year?: number,
  ): Promise<FormDefinition> {
    const key = `${code}@${version}${year !== undefined ? `/${year}` : ''}`;
    const cached = version !== undefined ? this.cache.get(key) : undefined;
    if (cached) return cached;
    const row = await this.repo.find(code, version, em);
    if (!row) throw FormErrors.FORM_NOT_FOUND({ code, version });
    const def = { ...row.definition, version: row.version };
    this.cache.set(`${code}@${row.version}`, def);
    if (year === undefined) return def;
    const used = withYear(def, year);
    this.cache.set(`${code}@${row.version}/${year}`, used);
    return used;
  }

  /** Publishes a new form, or the next version of an existing one, after checking the definition; in the audit trail. */
  async create(input: unknown, actor: AuditActor): Promise<FormDefinition> {
    const errors = validateDefinition(input);
    if (errors.length) throw FormErrors.FORM_DEFINITION_INVALID({ errors });
    return this.ds.transaction(async (em) => {
      const previous = await this.repo.find((input as FormDefinition).code, undefined, em);
      const stored = await this.insert(em, input as FormDefinition, actor.id);
      await this.audit?.record(em, actor, [
        {
          action: 'publish',
          entity: 'form',
          entityId: `${stored.code}@${stored.version}`,
          label: `${stored.code} phiên bản ${stored.version}`,
          before: previous ? previous.definition : null,
          after: stored,
        },
      ]);
      return stored;
    });
  }

  /** The shipped forms (01/TE, 02/TE, 03/TE) that the database does not hold yet: part of the product, also without demo data. */
  async installShipped(em: EntityManager): Promise<FormDefinition[]> {
    const out: FormDefinition[] = [];
    for (const def of loadShippedDefinitions()) {
      const existing = await this.repo.find(def.code, undefined, em);
      out.push(
        existing
          ? { ...existing.definition, version: existing.version }
          : await this.insert(em, def, null),
      );
    }
    return out;
  }

  /** Inserts `def` as the next version of its code inside `em`'s transaction (the definition is trusted). */
  async insert(
    em: EntityManager,
    def: FormDefinition,
    userId: string | null,
  ): Promise<FormDefinition> {
    const stored: Omit<FormDefinition, 'version'> = {
      code: def.code,
      title: def.title,
      ...(def.reportingNote !== undefined ? { reportingNote: def.reportingNote } : {}),
      ...(def.labelWidth !== undefined ? { labelWidth: def.labelWidth } : {}),
      ...(def.headers !== undefined ? { headers: def.headers } : {}),
      ...(def.numberingRow !== undefined ? { numberingRow: def.numberingRow } : {}),
      ...(def.annex !== undefined ? { annex: def.annex } : {}),
      columns: def.columns,
      // A row without a label is stored with an empty one.
      rows: def.rows.map((r) => (r.label === undefined ? { ...r, label: '' } : r)),
      rules: def.rules ?? [],
    };
    if (JSON.stringify(stored).length > 2_000_000) throw FormErrors.FORM_DEFINITION_TOO_LARGE();
    const version = await this.repo.insertNextVersion(em, stored, userId);
    return { ...stored, version } as FormDefinition;
  }
}
