import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { AuthUser, hasRole } from '@app/auth';
import { DomainException, forbidden, parseInput, validationFailed } from '@app/common';
import { CellValue, FormDefinition, FormsService, cellRatio, cellType, isValueRow, withComputedCells } from '@app/forms';
import { OrgRepository, OrgUnit } from '@app/org';
import { ConsolidationSource } from './entities/consolidation-source.entity';
import { ConsolidationMeta, Report } from './entities/report.entity';
import { ReportHistory } from './entities/report-history.entity';
import { ReportingPeriod } from './entities/period.entity';
import { deadlineFor, onTime } from './inbox.service';
import { PeriodsService } from './periods.service';
import { ReportAccess, assertEditable } from './report-access';
import { ReportCellsRepository } from './report-cells.repository';
import { ReportIssuerRegistry } from './report-issuer.registry';
import { reportOutline } from './report-outline';
import { ReportView, ReportsService } from './reports.service';
import { ReportWorkflowService, stepOf } from './report-workflow.service';

export const ConsolidateSchema = z.object({ periodId: z.string().uuid() }).strict();
export const ProvenanceSchema = z.object({ form: z.string().min(1).max(32), row: z.string().min(1).max(64), column: z.string().min(1).max(64) }).strict();

type Mode = 'sum' | 'count';

/** Which cells of a form an upper level combines, and how (the definition decides). */
export function combinableCells(def: FormDefinition): { row: string; column: string; mode: Mode }[] {
  const out: { row: string; column: string; mode: Mode }[] = [];
  for (const row of def.rows) {
    if (!isValueRow(row) || row.consolidate === 'none') continue;
    for (const col of def.columns) {
      if (cellRatio(row, col)) continue; // ratios are recomputed from the summed parts
      const t = cellType(row, col);
      if (t === 'boolean' && row.consolidate === 'countTrue') out.push({ row: row.key, column: col.key, mode: 'count' });
      else if (t === 'integer' || t === 'decimal') out.push({ row: row.key, column: col.key, mode: 'sum' });
      // percentages typed in, yes/no without countTrue, and text are not combined
    }
  }
  return out;
}

/**
 * Consolidation (tổng hợp): an upper unit's report for a period whose data is the combination of
 * its lower units' submitted reports, computed in SQL over the stored cells (one statement per
 * form), with provenance, completeness and timeliness.
 */
@Injectable()
export class ConsolidationService {
  private readonly logger = new Logger(ConsolidationService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly org: OrgRepository,
    private readonly periods: PeriodsService,
    private readonly forms: FormsService,
    private readonly reports: ReportsService,
    private readonly workflow: ReportWorkflowService,
    private readonly access: ReportAccess,
    private readonly issuers: ReportIssuerRegistry,
  ) {}

  /** Creates, or refreshes while it is still being edited, the caller's unit's consolidated report. */
  async consolidate(user: AuthUser, body: unknown): Promise<ReportView> {
    if (!hasRole(user, 'officer')) throw forbidden('Chỉ chuyên viên của đơn vị mới được tổng hợp báo cáo.');
    const { periodId } = parseInput(ConsolidateSchema, body);
    const period = await this.periods.get(periodId);
    const lower = await this.org.childrenOn(user.orgUnitId, period.cutoffTo);
    if (lower.length === 0) throw forbidden('Đơn vị của bạn không có đơn vị cấp dưới trong kỳ báo cáo này, không có gì để tổng hợp.');
    const targetId = await this.ds.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('consolidation:' || $1::text || ':' || $2::text))`, [user.orgUnitId, period.id]);
      let target = await em
        .getRepository(Report)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.org_unit_id = :u AND r.period_id = :p AND r.type = :t', { u: user.orgUnitId, p: period.id, t: 'BC' })
        .getOne();
      if (target) assertEditable(target);
      const created = !target;
      if (!target) target = await this.create(em, user, period);
      await this.refresh(em, user, period, target, lower, created);
      return target.id;
    });
    return this.reports.view(await this.ds.getRepository(Report).findOneByOrFail({ id: targetId }));
  }

  private async create(em: EntityManager, user: AuthUser, period: ReportingPeriod): Promise<Report> {
    const halfYear = /6 tháng|H1/i.test(`${period.label} ${period.code}`);
    const repo = em.getRepository(Report);
    return repo.save(
      repo.create({
        orgUnitId: user.orgUnitId,
        periodId: period.id,
        type: 'BC',
        kind: 'consolidated',
        title: `Tổng hợp kết quả công tác trẻ em ${period.label}`,
        narrative: reportOutline(period.year, halfYear),
        recipients: [],
        forms: period.forms,
        state: 'draft',
        step: 'editing',
        version: 1,
        createdBy: user.id,
        consolidation: null,
      }),
    );
  }

  private async refresh(em: EntityManager, user: AuthUser, period: ReportingPeriod, target: Report, lower: OrgUnit[], created: boolean) {
    const lowerIds = lower.map((u) => u.id);
    const sources: { id: string; org_unit_id: string; version: number; state: string; submitted_at: Date; level: string }[] = await em.query(
      `SELECT r.id, r.org_unit_id, r.version, r.state, r.submitted_at, u.level
         FROM report r JOIN org_unit u ON u.id = r.org_unit_id
        WHERE r.period_id = $1 AND r.type = 'BC' AND r.org_unit_id = ANY($2::uuid[]) AND r.state IN ('submitted', 'consolidated')`,
      [period.id, lowerIds],
    );
    const sourceIds = sources.map((s) => s.id);
    const before = await ReportCellsRepository.load(em, target.id);

    // The combination itself: one aggregate per form over the stored cells of every source, in SQL.
    // The definition then says which aggregate each cell takes (a sum, or the number of "Có").
    await em.query(`DELETE FROM report_cell WHERE report_id = $1`, [target.id]);
    const timings: Record<string, number> = {};
    let t = Date.now();
    for (const pinned of target.forms) {
      const def = await this.forms.get(pinned.code, pinned.version);
      const cells = combinableCells(def);
      if (cells.length === 0 || sourceIds.length === 0) continue;
      const sums: { row_key: string; column_key: string; total: string | null; yes: string; nums: string; bools: string }[] = await em.query(
        `SELECT row_key, column_key, sum(num) AS total, count(*) FILTER (WHERE bool) AS yes, count(num) AS nums, count(bool) AS bools
           FROM report_cell WHERE form_code = $1::varchar AND report_id = ANY($2::uuid[])
          GROUP BY row_key, column_key`,
        [def.code, sourceIds],
      );
      const byCell = new Map(sums.map((r) => [`${r.row_key}\u0000${r.column_key}`, r]));
      const values: { row: string; column: string; num: string }[] = [];
      for (const cell of cells) {
        const agg = byCell.get(`${cell.row}\u0000${cell.column}`);
        if (!agg || (Number(agg.nums) === 0 && Number(agg.bools) === 0)) continue;
        // A lower consolidated report holds counts as numbers; an original one holds Có/không.
        const num = cell.mode === 'count' ? String(Number(agg.yes) + Number(agg.total ?? 0)) : agg.total;
        if (num !== null) values.push({ row: cell.row, column: cell.column, num });
      }
      if (values.length) {
        await em.query(
          `INSERT INTO report_cell (report_id, form_code, row_key, column_key, num)
           SELECT $1::uuid, $2::varchar, r, c, n::numeric FROM unnest($3::text[], $4::text[], $5::text[]) AS x(r, c, n)`,
          [target.id, def.code, values.map((v) => v.row), values.map((v) => v.column), values.map((v) => v.num)],
        );
      }
      timings[`combine ${def.code}`] = Date.now() - t;
      t = Date.now();
    }
    const after = await ReportCellsRepository.load(em, target.id);

    // Provenance: which reports were summed, with their numbers and timeliness.
    t = Date.now();
    const issued = (await this.issuers.issuer?.latest(sourceIds)) ?? new Map();
    const previous = await em.getRepository(ConsolidationSource).findBy({ reportId: target.id });
    await em.query(`DELETE FROM consolidation_source WHERE report_id = $1`, [target.id]);
    if (sources.length) {
      const rows = sources.map((s) => {
        const doc = issued.get(s.id);
        const submittedAt = s.submitted_at ? new Date(s.submitted_at) : null;
        return {
          sourceReportId: s.id,
          orgUnitId: s.org_unit_id,
          sourceVersion: s.version + (s.state === 'submitted' ? 1 : 0),
          documentId: doc?.documentId ?? null,
          numberText: doc?.numberText ?? null,
          issuedAt: doc?.issuedAt?.toISOString() ?? null,
          submittedAt: submittedAt?.toISOString() ?? null,
          onTime: submittedAt ? onTime(submittedAt, deadlineFor(period.deadlines, s.level)) : null,
        };
      });
      // One statement whatever the number of sources (a province may have thousands).
      await em.query(
        `INSERT INTO consolidation_source (report_id, source_report_id, org_unit_id, source_version, document_id, number_text, issued_at, submitted_at, on_time)
         SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::uuid[], $6::varchar[], $7::timestamptz[], $8::timestamptz[], $9::boolean[])`,
        [
          target.id,
          rows.map((r) => r.sourceReportId),
          rows.map((r) => r.orgUnitId),
          rows.map((r) => r.sourceVersion),
          rows.map((r) => r.documentId),
          rows.map((r) => r.numberText),
          rows.map((r) => r.issuedAt),
          rows.map((r) => r.submittedAt),
          rows.map((r) => r.onTime),
        ],
      );
    }
    timings.provenance = Date.now() - t;
    t = Date.now();
    // The reports included are now consolidated (a history row on each).
    // Every source is a direct lower unit of the caller's unit: the caller is their 'parent'.
    const toMove = sources.filter((x) => x.state === 'submitted').map((x) => x.id);
    await this.workflow.recordSystemTransitions(em, toMove, 'submitted', user, 'parent', 'CONSOLIDATE', { consolidatedInto: target.id });

    timings.transitions = Date.now() - t;
    t = Date.now();
    // Completeness, in the narrative and in the metadata.
    const names = new Map(lower.map((u) => [u.id, u.name]));
    const reported = new Set(sources.map((s) => s.org_unit_id));
    const missing = lowerIds.filter((id) => !reported.has(id));
    const rows = await em.getRepository(ConsolidationSource).findBy({ reportId: target.id });
    const late = rows.filter((r) => r.onTime === false).length;
    const completeness =
      `Báo cáo này tổng hợp số liệu từ báo cáo của ${sources.length}/${lower.length} đơn vị cấp dưới` +
      (sources.length ? ` (${sources.length - late} đơn vị gửi đúng hạn, ${late} đơn vị gửi muộn)` : '') +
      (missing.length ? `; ${missing.length} đơn vị chưa gửi báo cáo: ${missing.map((id) => names.get(id)).join(', ')}.` : '; tất cả các đơn vị đã gửi báo cáo.') +
      ' Số liệu chi tiết tại các phụ lục kèm theo.';
    let narrative = target.narrative;
    const oldCompleteness = target.consolidation?.completeness;
    if (created) narrative = narrative.replace(/^(I\. [^\n]*\n)/, `$1\n${completeness}\n`);
    else if (oldCompleteness && narrative.includes(oldCompleteness)) narrative = narrative.replace(oldCompleteness, completeness);
    const meta: ConsolidationMeta = { lowerUnitIds: lowerIds, missingUnitIds: missing, refreshedAt: new Date().toISOString(), completeness };
    await em.query(
      `UPDATE report SET kind = 'consolidated', consolidation = $2::jsonb, narrative = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [target.id, JSON.stringify(meta), narrative],
    );

    // What changed, for the history.
    const changed: { form: string; row: string; column: string; before: CellValue | null; after: CellValue | null }[] = [];
    for (const form of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const keys = new Set<string>();
      for (const [r, cols] of Object.entries(before[form] ?? {})) for (const c of Object.keys(cols)) keys.add(`${r}\u0000${c}`);
      for (const [r, cols] of Object.entries(after[form] ?? {})) for (const c of Object.keys(cols)) keys.add(`${r}\u0000${c}`);
      for (const k of keys) {
        const [r, c] = k.split('\u0000');
        const b = before[form]?.[r]?.[c] ?? null;
        const a = after[form]?.[r]?.[c] ?? null;
        if (b !== a) changed.push({ form, row: r, column: c, before: b, after: a });
      }
    }
    const prevUnits = new Set(previous.map((p) => p.orgUnitId));
    const added = sources.filter((s) => !prevUnits.has(s.org_unit_id)).map((s) => s.org_unit_id);
    const removed = previous.filter((p) => !reported.has(p.orgUnitId)).map((p) => p.orgUnitId);
    const summary = created
      ? `Lập báo cáo tổng hợp từ ${sources.length}/${lower.length} đơn vị cấp dưới.`
      : `Tổng hợp lại: ${changed.length} ô số liệu thay đổi` +
        (added.length ? `; thêm báo cáo của ${added.map((id) => names.get(id)).join(', ')}` : '') +
        (removed.length ? `; bỏ báo cáo của ${removed.map((id) => names.get(id) ?? id).join(', ')}` : '') +
        '.';
    await em.getRepository(ReportHistory).insert({
      reportId: target.id,
      actorId: user.id,
      actorName: user.fullName,
      event: 'CONSOLIDATION',
      fromState: stepOf(target),
      toState: stepOf(target),
      comment: summary,
      details: { added, removed, missing, changedCells: changed.length, changes: changed.slice(0, 500) } as never,
    });
    timings.rest = Date.now() - t;
    this.logger.debug({ msg: 'consolidation timings', reportId: target.id, sources: sources.length, ...timings });
  }

  /** Where a consolidated cell comes from: each lower report's value, and the units missing. */
  async provenance(user: AuthUser, id: string, query: unknown) {
    const q = parseInput(ProvenanceSchema, query);
    const report = await this.access.loadVisible(user, id);
    if (report.kind !== 'consolidated') throw new DomainException('VALIDATION_FAILED', 'Báo cáo này không phải báo cáo tổng hợp.');
    const def = await this.reports.formOf(report, q.form);
    const row = def.rows.find((r) => r.key === q.row);
    const col = def.columns.find((c) => c.key === q.column);
    if (!row || !col || !isValueRow(row)) throw validationFailed([{ form: q.form, row: q.row, column: q.column, message: 'Biểu mẫu không có ô này.' }]);
    const value = (await this.reports.formData(report))[def.code]?.[row.key]?.[col.key] ?? null;
    const sources: (ConsolidationSource & { name: string })[] = await this.ds.query(
      `SELECT s.source_report_id AS "sourceReportId", s.org_unit_id AS "orgUnitId", s.number_text AS "numberText", s.issued_at AS "issuedAt",
              s.on_time AS "onTime", s.source_version AS "sourceVersion", u.name
         FROM consolidation_source s JOIN org_unit u ON u.id = s.org_unit_id WHERE s.report_id = $1 ORDER BY u.code`,
      [report.id],
    );
    // Each source's value of that cell (ratios recomputed from the source's own cells).
    const cells: { report_id: string; row_key: string; column_key: string; num: string | null; bool: boolean | null; text: string | null }[] = sources.length
      ? await this.ds.query(`SELECT report_id, row_key, column_key, num, bool, text FROM report_cell WHERE form_code = $1 AND report_id = ANY($2::uuid[])`, [
          def.code,
          sources.map((s) => s.sourceReportId),
        ])
      : [];
    const bySource = new Map<string, Record<string, Record<string, CellValue>>>();
    for (const c of cells) {
      const data = bySource.get(c.report_id) ?? {};
      (data[c.row_key] ??= {})[c.column_key] = c.num !== null ? Number(c.num) : c.bool !== null ? c.bool : (c.text ?? '');
      bySource.set(c.report_id, data);
    }
    const missingIds = report.consolidation?.missingUnitIds ?? [];
    const missingUnits = missingIds.length ? await this.ds.getRepository(OrgUnit).findBy(missingIds.map((x) => ({ id: x }))) : [];
    return {
      form: def.code,
      row: row.key,
      column: col.key,
      value,
      sources: sources.map((s) => ({
        orgUnitId: s.orgUnitId,
        orgUnitName: s.name,
        reportId: s.sourceReportId,
        reportVersion: s.sourceVersion,
        number: s.numberText,
        issuedAt: s.issuedAt,
        onTime: s.onTime,
        value: withComputedCells(def, bySource.get(s.sourceReportId) ?? {})[row.key]?.[col.key] ?? null,
      })),
      missing: missingIds,
      missingUnits: missingUnits.map((u) => ({ id: u.id, code: u.code, name: u.name })),
      refreshedAt: report.consolidation?.refreshedAt ?? null,
    };
  }

}
