import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const IMPORT_STATUSES = ['checking', 'writing', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One import of units and users from a workbook, run in the background so that a large one can be
 * followed (rows checked, rows written) and left and come back to. The one-time passwords of the
 * people it created are kept encrypted until they are downloaded, once.
 */
@Entity('import_job')
@Index('import_job_created_by_idx', ['createdBy', 'createdAt'])
export class ImportJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 16 })
  status: ImportStatus;

  @Column({ name: 'rows_total', type: 'int', default: 0 })
  rowsTotal: number;

  @Column({ name: 'rows_checked', type: 'int', default: 0 })
  rowsChecked: number;

  @Column({ name: 'rows_written', type: 'int', default: 0 })
  rowsWritten: number;

  /** {units: {created, updated, unchanged}, users: {created, updated, unchanged}} once done. */
  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  /** Every problem found, with its sheet and row; nothing was written when there is one. */
  @Column({ type: 'jsonb', nullable: true })
  errors: { sheet: string; row?: number; field?: string; message: string }[] | null;

  /** The workbook of one-time passwords, encrypted; emptied once downloaded. */
  @Column({ name: 'passwords_encrypted', type: 'bytea', nullable: true, select: false })
  passwordsEncrypted: Buffer | null;

  @Column({ name: 'passwords_downloaded_at', type: 'timestamptz', nullable: true })
  passwordsDownloadedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
