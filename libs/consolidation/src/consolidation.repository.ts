import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConsolidationSource } from './entities/consolidation-source.entity';

export type NewSource = Omit<ConsolidationSource, 'reportId' | 'report' | 'sourceReport'>;

/** Thin queries over consolidation_source: the lower reports a consolidated report summed at its latest refresh. */
@Injectable()
export class ConsolidationRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  sourcesOf(reportId: string, em: EntityManager = this.ds.manager): Promise<ConsolidationSource[]> {
    return em.getRepository(ConsolidationSource).find({ where: { reportId } });
  }

  /** Replaces the sources of a consolidated report, in one statement whatever their number (a province may have thousands). */
  async replaceSources(em: EntityManager, reportId: string, sources: NewSource[]): Promise<void> {
    await em.query(`DELETE FROM consolidation_source WHERE report_id = $1`, [reportId]);
    if (sources.length === 0) return;
    const col = <K extends keyof NewSource>(k: K) => sources.map((s) => s[k]);
    await em.query(
      `INSERT INTO consolidation_source (report_id, source_report_id, org_unit_id, source_version, document_id, number_text, issued_at, submitted_at, on_time)
       SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::uuid[], $6::varchar[], $7::timestamptz[], $8::timestamptz[], $9::boolean[])`,
      [
        reportId,
        col('sourceReportId'),
        col('orgUnitId'),
        col('sourceVersion'),
        col('documentId'),
        col('numberText'),
        sources.map((s) => s.issuedAt?.toISOString() ?? null),
        sources.map((s) => s.submittedAt?.toISOString() ?? null),
        col('onTime'),
      ],
    );
  }
}
