import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

const IMPORT_LOCK = 0x1e_0001;
import { ImportJob } from './entities/import-job.entity';

/** Thin queries over import_job. */
@Injectable()
export class ImportJobsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async create(
    job: Pick<ImportJob, 'createdBy' | 'fileName' | 'status' | 'rowsTotal'>,
  ): Promise<string> {
    const saved = await this.ds
      .getRepository(ImportJob)
      .save(this.ds.getRepository(ImportJob).create(job));
    return saved.id;
  }

  async update(id: string, changes: Partial<Omit<ImportJob, 'id'>>): Promise<void> {
    await this.ds
      .getRepository(ImportJob)
      .update({ id }, { ...changes, updatedAt: new Date() } as never);
  }

  /** Jobs a stopped server left checking or writing: failed, with this message. */
  async failUnfinished(message: string): Promise<void> {
    await this.ds.query(
      `UPDATE import_job SET status = 'failed', errors = $1::jsonb, finished_at = now(), updated_at = now() WHERE status IN ('checking', 'writing')`,
      [JSON.stringify([{ sheet: '—', message }])],
    );
  }

  /** Inside an import's transaction: one import writes at a time (the lock ends with the transaction). */
  async lockImports(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
  }

  findById(id: string): Promise<ImportJob | null> {
    return this.ds.getRepository(ImportJob).findOneBy({ id });
  }

  recent(createdBy: string, limit = 10): Promise<ImportJob[]> {
    return this.ds
      .getRepository(ImportJob)
      .find({ where: { createdBy }, order: { createdAt: 'DESC' }, take: limit });
  }

  /** The encrypted passwords workbook, taken once: the row keeps only when it was taken. */
  async takePasswords(id: string): Promise<Buffer | null> {
    const rows: { passwords_encrypted: Buffer }[][] = await this.ds.query(
      `UPDATE import_job j SET passwords_encrypted = NULL, passwords_downloaded_at = now()
         FROM (SELECT id, passwords_encrypted FROM import_job WHERE id = $1 AND passwords_encrypted IS NOT NULL FOR UPDATE) old
        WHERE j.id = old.id RETURNING old.passwords_encrypted`,
      [id],
    );
    return rows[0]?.[0]?.passwords_encrypted ?? null;
  }
}
