import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ReportSignature } from './entities/report-signature.entity';

export type NewSignature = Omit<ReportSignature, 'id' | 'report' | 'voidedAt' | 'voidReason'>;

/** The heads' signatures of reports; a return voids them, nothing is deleted. */
@Injectable()
export class ReportSignaturesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(em: EntityManager, signature: NewSignature): Promise<void> {
    await em
      .getRepository(ReportSignature)
      .insert(signature as QueryDeepPartialEntity<ReportSignature>);
  }

  async voidActive(em: EntityManager, reportId: string, reason: string | null): Promise<void> {
    await em.query(
      `UPDATE report_signature SET voided_at = now(), void_reason = $2 WHERE report_id = $1 AND voided_at IS NULL`,
      [reportId, reason],
    );
  }

  /** The signatures that stand, oldest first. */
  active(reportId: string, em: EntityManager = this.ds.manager): Promise<ReportSignature[]> {
    return em
      .getRepository(ReportSignature)
      .find({ where: { reportId, voidedAt: IsNull() }, order: { signedAt: 'ASC' } });
  }

  /** The PDF the head signed (token mode), or null. */
  async signedPdf(id: string, em: EntityManager = this.ds.manager): Promise<Buffer | null> {
    const rows: { signed_pdf: Buffer | null }[] = await em.query(
      `SELECT signed_pdf FROM report_signature WHERE id = $1`,
      [id],
    );
    return rows[0]?.signed_pdf ?? null;
  }

  /** The newest signature that stands, or null. */
  latestActive(
    reportId: string,
    em: EntityManager = this.ds.manager,
  ): Promise<ReportSignature | null> {
    return em
      .getRepository(ReportSignature)
      .findOne({ where: { reportId, voidedAt: IsNull() }, order: { signedAt: 'DESC' } });
  }
}
