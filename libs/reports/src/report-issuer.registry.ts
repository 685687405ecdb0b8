import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '@app/auth';
import { Report } from './entities/report.entity';

/** Work done inside the transaction of SUBMIT (numbering, rendering, archiving: the documents module). */
export interface ReportIssuer {
  issue(em: EntityManager, report: Report, actor: AuthUser): Promise<Record<string, unknown>>;
  /** The latest issued document of each report. */
  latest(reportIds: string[]): Promise<Map<string, { documentId: string; numberText: string; issuedAt: Date }>>;
}

/** Where the documents module plugs its issuer in (it depends on this module, not the reverse). */
@Injectable()
export class ReportIssuerRegistry {
  issuer?: ReportIssuer;
}

