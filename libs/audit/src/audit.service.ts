import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditRepository, AuditFilter } from './audit.repository';
import { AuditEntry, AuditedEntity } from './entities/audit-entry.entity';

/** Who did it: a signed-in person, or the command line (null id). */
export interface AuditActor {
  id: string | null;
  fullName: string;
}

export interface AuditRecord {
  action: string;
  entity: AuditedEntity;
  entityId: string | null;
  label: string;
  before?: object | null;
  after?: object | null;
}

/** The administrative audit trail: every change of users, units, periods and forms, with before and after. */
@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  /** Records actions inside the transaction that makes them, so an action and its entry commit together. */
  record(em: EntityManager, actor: AuditActor, records: AuditRecord[]): Promise<void> {
    return this.repo.append(
      em,
      records.map((r) => ({
        actorId: actor.id,
        actorName: actor.fullName,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        label: r.label.slice(0, 255),
        before: (r.before ?? null) as Record<string, unknown> | null,
        after: (r.after ?? null) as Record<string, unknown> | null,
      })),
    );
  }

  list(filter: Partial<AuditFilter>): Promise<AuditEntry[]> {
    return this.repo.list({ ...filter, limit: Math.min(filter.limit ?? 500, 5000) });
  }
}
