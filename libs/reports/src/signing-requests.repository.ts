import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { SigningRequest } from './entities/signing-request.entity';

export type NewSigningRequest = Omit<
  SigningRequest,
  'id' | 'report' | 'status' | 'createdAt' | 'completedAt'
>;

/** What a signer's client lists: a pending request and its report's title. */
export interface PendingRequestRow {
  id: string;
  reportId: string;
  title: string;
  role: SigningRequest['role'];
  expiresAt: Date;
}

/** Thin queries over signing_request. */
@Injectable()
export class SigningRequestsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** A new pending request; the report's previous pending one (if any) is cancelled. */
  async replace(em: EntityManager, request: NewSigningRequest): Promise<string> {
    await this.cancelPending(em, request.reportId);
    const inserted = await em
      .getRepository(SigningRequest)
      .insert(request as QueryDeepPartialEntity<SigningRequest>);
    return inserted.identifiers[0].id as string;
  }

  async cancelPending(em: EntityManager, reportId: string): Promise<void> {
    await em.query(
      `UPDATE signing_request SET status = 'cancelled' WHERE report_id = $1 AND status = 'pending'`,
      [reportId],
    );
  }

  /** The report's pending request (expired ones too: the caller decides), without its PDF. */
  pendingOf(
    reportId: string,
    em: EntityManager = this.ds.manager,
  ): Promise<Omit<SigningRequest, 'preparedPdf'> | null> {
    return em.getRepository(SigningRequest).findOne({
      where: { reportId, status: 'pending' },
      select: [
        'id',
        'reportId',
        'role',
        'signerKind',
        'signerId',
        'requestedBy',
        'reportVersion',
        'byteRange',
        'digest',
        'pdfSha256',
        'details',
        'status',
        'expiresAt',
        'createdAt',
        'completedAt',
      ],
    });
  }

  /** A pending request with its prepared PDF, locked for the completing transaction. */
  async lockPending(em: EntityManager, id: string): Promise<SigningRequest | null> {
    return em
      .getRepository(SigningRequest)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id AND r.status = :status', { id, status: 'pending' })
      .getOne();
  }

  async complete(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query(
      `UPDATE signing_request SET status = 'completed', completed_at = $2 WHERE id = $1`,
      [id, at],
    );
  }

  /**
   * Pending, not expired requests a person may sign: the head's own, and the organisation's of
   * the units where they are a clerk.
   */
  async pendingFor(
    user: { id: string; orgUnitId: string; roles: readonly string[] },
    now: Date,
  ): Promise<PendingRequestRow[]> {
    const rows: {
      id: string;
      report_id: string;
      title: string;
      role: SigningRequest['role'];
      expires_at: Date;
    }[] = await this.ds.query(
      `SELECT s.id, s.report_id, r.title, s.role, s.expires_at
         FROM signing_request s JOIN report r ON r.id = s.report_id
        WHERE s.status = 'pending' AND s.expires_at > $1
          AND ((s.signer_kind = 'user' AND s.signer_id = $2)
            OR (s.signer_kind = 'orgUnit' AND s.signer_id = $3 AND $4))
        ORDER BY s.created_at`,
      [now, user.id, user.orgUnitId, user.roles.includes('clerk')],
    );
    return rows.map((r) => ({
      id: r.id,
      reportId: r.report_id,
      title: r.title,
      role: r.role,
      expiresAt: r.expires_at,
    }));
  }
}
