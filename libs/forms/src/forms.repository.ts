import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FormDefinitionEntity } from './entities/form-definition.entity';
import { FormDefinition } from './form-definition';

export interface FormSummary {
  code: string;
  version: number;
  title: string;
}

/** Thin queries over form_definition (versions are only ever added). */
@Injectable()
export class FormsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  latestSummaries(): Promise<FormSummary[]> {
    return this.ds.query(
      `SELECT DISTINCT ON (code) code, version, title FROM form_definition ORDER BY code, version DESC`,
    );
  }

  /** A version of a form, or its latest version. */
  find(
    code: string,
    version?: number,
    em: EntityManager = this.ds.manager,
  ): Promise<FormDefinitionEntity | null> {
    return em.getRepository(FormDefinitionEntity).findOne({
      where: version !== undefined ? { code, version } : { code },
      order: { version: 'DESC' },
    });
  }

  /** Inserts `def` as the next version of its code, inside `em`'s transaction (serialised per code). */
  async insertNextVersion(
    em: EntityManager,
    def: Omit<FormDefinition, 'version'>,
    userId: string | null,
  ): Promise<number> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('form_definition:' || $1))`, [def.code]);
    const [{ max }] = await em.query(
      `SELECT coalesce(max(version), 0)::int AS max FROM form_definition WHERE code = $1`,
      [def.code],
    );
    const version = max + 1;
    await em.getRepository(FormDefinitionEntity).insert({
      code: def.code,
      version,
      title: def.title,
      definition: { ...def, version },
      createdBy: userId,
    });
    return version;
  }
}
