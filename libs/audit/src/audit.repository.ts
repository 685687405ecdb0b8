import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqlConditions } from '@app/database';
import { AuditEntry } from './entities/audit-entry.entity';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

export interface AuditFilter {
  actorId?: string;
  entity?: string;
  entityId?: string;
  from?: string;
  to?: string;
  limit: number;
}

/** The append-only audit trail (the database refuses to change or remove a row). */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Appends entries inside the caller's transaction, in one statement however many. */
  async append(em: EntityManager, entries: NewAuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const col = <K extends keyof NewAuditEntry>(k: K) => entries.map((e) => e[k]);
    await em.query(
      `INSERT INTO audit_log (actor_id, actor_name, action, entity, entity_id, label, before, after)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::jsonb[], $8::jsonb[])`,
      [
        col('actorId'),
        col('actorName'),
        col('action'),
        col('entity'),
        col('entityId'),
        col('label'),
        entries.map((e) => (e.before ? JSON.stringify(e.before) : null)),
        entries.map((e) => (e.after ? JSON.stringify(e.after) : null)),
      ],
    );
  }

  /** The newest entries matching the filter. */
  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const w = new SqlConditions();
    if (filter.actorId) w.and(`actor_id = ${w.param(filter.actorId)}`);
    if (filter.entity) w.and(`entity = ${w.param(filter.entity)}`);
    if (filter.entityId) w.and(`entity_id = ${w.param(filter.entityId)}`);
    if (filter.from) w.and(`at >= ${w.param(filter.from)}::date`);
    if (filter.to) w.and(`at < ${w.param(filter.to)}::date + 1`);
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT id, at, actor_id, actor_name, action, entity, entity_id, label, before, after FROM audit_log ${w}
        ORDER BY at DESC, id DESC LIMIT ${w.param(filter.limit)}`,
      w.params,
    );
    return rows.map((r) => ({
      id: String(r.id),
      at: new Date(r.at as string),
      actorId: r.actor_id as string | null,
      actorName: r.actor_name as string,
      action: r.action as string,
      entity: r.entity as AuditEntry['entity'],
      entityId: r.entity_id as string | null,
      label: r.label as string,
      before: r.before as Record<string, unknown> | null,
      after: r.after as Record<string, unknown> | null,
    }));
  }
}
