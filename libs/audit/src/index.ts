import { AuditEntry } from './entities/audit-entry.entity';

export * from './entities/audit-entry.entity';
export * from './audit.repository';
export * from './audit.service';
export * from './audit.module';

/** The tables this context owns. */
export const AUDIT_ENTITIES = [AuditEntry];
