import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { z } from 'zod';
import { AuthUser, hasRole } from '@app/auth';
import { DomainException, FieldError, forbidden, parseInput, validationFailed } from '@app/common';
import {
  FormData,
  FormDefinition,
  FormsService,
  RuleViolation,
  cellRatio,
  cellType,
  evaluateRules,
  isValueRow,
  parseCellValue,
  withComputedCells,
} from '@app/forms';
import { OrgRepository, OrgUnit } from '@app/org';
import { REPORT_STATES, Recipient, Report } from './entities/report.entity';
import { ReportingPeriod } from './entities/period.entity';
import { ReportSignature } from './entities/report-signature.entity';
import { PeriodsService } from './periods.service';
import { ReportAccess, assertEditable } from './report-access';
import { ReportIssuerRegistry } from './report-issuer.registry';
import { CellChange, ReportCellsRepository } from './report-cells.repository';
import { reportOutline } from './report-outline';

const RecipientSchema = z
  .object({ name: z.string().trim().min(1).max(255).optional(), orgUnitId: z.string().uuid().optional() })
  .strict()
  .refine((r) => r.name !== undefined || r.orgUnitId !== undefined, 'Nơi nhận cần tên hoặc đơn vị.');

export const CreateReportSchema = z
  .object({
    periodId: z.string().uuid(),
    type: z.literal('BC'),
    title: z.string().trim().min(1).max(500),
    forms: z.array(z.string().min(1).max(32)).max(20).optional(),
  })
  .strict();

export const PatchReportSchema = z
  .object({
    version: z.number().int().min(1),
    title: z.string().trim().min(1).max(500).optional(),
    narrative: z.string().max(200_000).optional(),
    recipients: z.array(RecipientSchema).max(100).optional(),
    data: z.record(z.string().max(32), z.record(z.string().max(64), z.record(z.string().max(64), z.unknown()))).optional(),
  })
  .strict();

export const ListReportsSchema = z
  .object({
    periodId: z.string().uuid().optional(),
    state: z.enum(REPORT_STATES).optional(),
    orgUnitId: z.string().uuid().optional(),
  })
  .strict();

export interface ReportView {
  id: string;
  orgUnitId: string;
  orgUnitName?: string;
  periodId: string;
  type: string;
  kind: string;
  consolidation?: unknown;
  title: string;
  state: string;
  step: string | null;
  version: number;
  narrative: string;
  recipients: Recipient[];
  forms: string[];
  data: Record<string, FormData>;
  number: string | null;
  issuedAt: string | null;
  documentId?: string | null;
  submittedAt: Date | null;
  signatures: unknown[];
  createdAt: Date;
  updatedAt: Date;
}

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly forms: FormsService,
    private readonly periods: PeriodsService,
    private readonly access: ReportAccess,
    private readonly org: OrgRepository,
    private readonly issuers: ReportIssuerRegistry,
  ) {}

  /** A new draft for the caller's own unit; one report of a type per unit and period. */
  async create(user: AuthUser, body: unknown): Promise<ReportView> {
    if (!hasRole(user, 'officer')) throw forbidden('Chỉ chuyên viên mới được lập báo cáo.');
    const input = parseInput(CreateReportSchema, body);
    const period = await this.periods.get(input.periodId).catch(() => {
      throw validationFailed([{ field: 'periodId', message: 'Không có kỳ báo cáo này.' }]);
    });
    if (!period.open) throw new DomainException('CONFLICT', `Kỳ báo cáo "${period.label}" đã đóng, không thể lập báo cáo mới.`);
    let forms = period.forms;
    if (input.forms) {
      const unknown = input.forms.filter((c) => !period.forms.some((f) => f.code === c));
      if (unknown.length) throw validationFailed(unknown.map((c) => ({ field: 'forms', message: `Biểu mẫu ${c} không thuộc kỳ báo cáo này.` })));
      forms = period.forms.filter((f) => input.forms!.includes(f.code));
    }
    const existing = await this.ds.getRepository(Report).findOneBy({ orgUnitId: user.orgUnitId, periodId: period.id, type: input.type });
    if (existing) throw this.duplicate(existing, period);
    const halfYear = /6 tháng|H1/i.test(`${period.label} ${period.code}`);
    try {
      const saved = await this.ds.getRepository(Report).save(
        this.ds.getRepository(Report).create({
          orgUnitId: user.orgUnitId,
          periodId: period.id,
          type: input.type,
          kind: 'original',
          title: input.title,
          narrative: reportOutline(period.year, halfYear),
          recipients: [],
          forms,
          state: 'draft',
          step: 'editing',
          version: 1,
          createdBy: user.id,
        }),
      );
      return this.view(saved);
    } catch (e) {
      if ((e as { code?: string }).code === '23505') {
        const first = await this.ds.getRepository(Report).findOneByOrFail({ orgUnitId: user.orgUnitId, periodId: period.id, type: input.type });
        throw this.duplicate(first, period);
      }
      throw e;
    }
  }

  private consolidatedData() {
    return new DomainException(
      'VALIDATION_FAILED',
      'Số liệu của báo cáo tổng hợp được tính từ báo cáo của các đơn vị cấp dưới, không nhập trực tiếp. Hãy tổng hợp lại nếu số liệu cấp dưới thay đổi.',
    );
  }

  private duplicate(existing: Report, period: ReportingPeriod) {
    return new DomainException('DUPLICATE', `Đơn vị đã có báo cáo "${existing.title}" cho kỳ ${period.label} (mã ${existing.id}). Mỗi đơn vị chỉ lập một báo cáo cho mỗi kỳ.`, {
      extra: { existingReportId: existing.id },
    });
  }

  async list(user: AuthUser, query: unknown): Promise<ReportView[]> {
    const q = parseInput(ListReportsSchema, query);
    const params: unknown[] = [];
    const where: string[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    if (!hasRole(user, 'admin')) {
      const descendants = await this.org.descendantIds(user.orgUnitId);
      where.push(
        `(r.org_unit_id = ${p(user.orgUnitId)} OR (r.state IN ('submitted', 'consolidated') AND (r.org_unit_id = ANY(${p(descendants)}::uuid[]) OR r.recipients @> ${p(JSON.stringify([{ orgUnitId: user.orgUnitId }]))}::jsonb)))`,
      );
    }
    if (q.periodId) where.push(`r.period_id = ${p(q.periodId)}`);
    if (q.state) where.push(`r.state = ${p(q.state)}`);
    if (q.orgUnitId) where.push(`r.org_unit_id = ${p(q.orgUnitId)}`);
    const ids: { id: string }[] = await this.ds.query(
      `SELECT r.id FROM report r ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY r.updated_at DESC LIMIT 1000`,
      params,
    );
    if (ids.length === 0) return [];
    const reports = await this.ds.getRepository(Report).findBy(ids.map((r) => ({ id: r.id })));
    const order = new Map(ids.map((r, i) => [r.id, i]));
    reports.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    const units = await this.unitNames(reports.map((r) => r.orgUnitId));
    const issued = (await this.issuers.issuer?.latest(reports.filter((r) => r.state === 'submitted' || r.state === 'consolidated').map((r) => r.id))) ?? new Map();
    return reports.map((r) => {
      const doc = issued.get(r.id);
      return { ...this.summary(r), orgUnitName: units.get(r.orgUnitId), number: doc?.numberText ?? null, issuedAt: doc?.issuedAt.toISOString() ?? null } as ReportView;
    });
  }

  async get(user: AuthUser, id: string): Promise<ReportView> {
    return this.view(await this.access.loadVisible(user, id));
  }

  /** Content changes of a draft, all or nothing, guarded by the version the client read. */
  async patch(user: AuthUser, id: string, body: unknown): Promise<ReportView> {
    const report = await this.access.loadVisible(user, id);
    this.access.assertCanEdit(user, report);
    const input = parseInput(PatchReportSchema, body);
    const recipients = input.recipients ? await this.resolveRecipients(input.recipients) : undefined;
    if (input.data && report.kind === 'consolidated') throw this.consolidatedData();
    const changes = input.data ? await this.cellChanges(report, input.data) : [];
    const { unitName, ...saved } = await this.write(report.id, input.version, { title: input.title, narrative: input.narrative, recipients }, changes);
    return this.view(Object.assign(report, saved), unitName);
  }

  /** Replaces one form's typed-in cells (the Excel import). */
  async replaceForm(user: AuthUser, id: string, formCode: string, data: FormData, expectedVersion?: number): Promise<ReportView> {
    const report = await this.access.loadVisible(user, id);
    this.access.assertCanEdit(user, report);
    if (report.kind === 'consolidated') throw this.consolidatedData();
    const def = await this.formOf(report, formCode);
    const changes: CellChange[] = [];
    for (const row of def.rows) {
      if (!isValueRow(row)) continue;
      for (const col of def.columns) {
        if (cellRatio(row, col)) continue;
        changes.push({ form: def.code, row: row.key, column: col.key, value: data[row.key]?.[col.key] ?? null });
      }
    }
    await this.write(report.id, expectedVersion ?? report.version, {}, changes);
    return this.get(user, id);
  }

  /** The form rules over every numeric column of every form, blocking errors first. */
  async validation(user: AuthUser, id: string): Promise<RuleViolation[]> {
    const report = await this.access.loadVisible(user, id);
    return this.violations(report);
  }

  async violations(report: Report): Promise<RuleViolation[]> {
    const data = await ReportCellsRepository.load(this.ds.manager, report.id);
    const out: RuleViolation[] = [];
    for (const f of report.forms) {
      const def = await this.forms.get(f.code, f.version);
      out.push(...evaluateRules(def, data[f.code] ?? {}));
    }
    return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  }

  async formOf(report: Report, code: string): Promise<FormDefinition> {
    const pinned = report.forms.find((f) => f.code === code);
    if (!pinned) throw new DomainException('NOT_FOUND', `Báo cáo không có biểu mẫu ${code}.`);
    return this.forms.get(pinned.code, pinned.version);
  }

  /** The report's full data with computed cells, per form. */
  async formData(report: Report, em: EntityManager = this.ds.manager): Promise<Record<string, FormData>> {
    const stored = await ReportCellsRepository.load(em, report.id);
    const out: Record<string, FormData> = {};
    for (const f of report.forms) {
      const def = await this.forms.get(f.code, f.version);
      out[f.code] = withComputedCells(def, stored[f.code] ?? {});
    }
    return out;
  }

  /** What the API shows of a report; `unitName` when the caller has just read it. */
  async view(report: Report, unitName?: string): Promise<ReportView> {
    const [units, data, signatures, issued] = await Promise.all([
      unitName !== undefined ? new Map([[report.orgUnitId, unitName]]) : this.unitNames([report.orgUnitId]),
      this.formData(report),
      // Signing moves a report out of draft and a return voids its signatures: a draft has none.
      report.state === 'draft'
        ? Promise.resolve([] as ReportSignature[])
        : this.ds.getRepository(ReportSignature).find({ where: { reportId: report.id, voidedAt: IsNull() }, order: { signedAt: 'ASC' } }),
      // Only a report that is out (submitted or consolidated) shows its document number.
      report.state === 'submitted' || report.state === 'consolidated' ? (this.issuers.issuer?.latest([report.id]) ?? new Map()) : new Map(),
    ]);
    const doc = issued.get(report.id);
    return {
      ...this.summary(report),
      number: doc?.numberText ?? null,
      issuedAt: doc?.issuedAt.toISOString() ?? null,
      documentId: doc?.documentId ?? null,
      orgUnitName: units.get(report.orgUnitId),
      data,
      signatures: signatures.map((s) => ({
        signerId: s.signerId,
        signerName: s.signerName,
        positionTitle: s.positionTitle,
        signAuthority: s.signAuthority,
        signHeadTitle: s.signHeadTitle,
        signedAt: s.signedAt,
        sha256: s.contentSha256,
        reportVersion: s.reportVersion,
      })),
    };
  }

  private summary(r: Report): Omit<ReportView, 'data'> & { data: Record<string, FormData> } {
    return {
      id: r.id,
      orgUnitId: r.orgUnitId,
      periodId: r.periodId,
      type: r.type,
      kind: r.kind,
      consolidation: r.consolidation,
      title: r.title,
      state: r.state,
      step: r.state === 'draft' ? r.step : null,
      version: r.version,
      narrative: r.narrative,
      recipients: r.recipients,
      forms: r.forms.map((f) => f.code),
      data: {},
      number: null,
      issuedAt: null,
      submittedAt: r.submittedAt,
      signatures: [],
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }

  private async unitNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const units = await this.ds.getRepository(OrgUnit).findBy(unique.map((id) => ({ id })));
    return new Map(units.map((u) => [u.id, u.name]));
  }

  private async resolveRecipients(input: { name?: string; orgUnitId?: string }[]): Promise<Recipient[]> {
    const ids = input.map((r) => r.orgUnitId).filter((x): x is string => !!x);
    const units = await this.unitNames(ids);
    const errors: FieldError[] = [];
    const out = input.map((r, i) => {
      if (r.orgUnitId && !units.has(r.orgUnitId)) errors.push({ field: `recipients.${i}.orgUnitId`, message: 'Không có đơn vị này.' });
      return r.orgUnitId ? { name: r.name ?? units.get(r.orgUnitId) ?? '', orgUnitId: r.orgUnitId } : { name: r.name! };
    });
    if (errors.length) throw validationFailed(errors);
    return out;
  }

  /** Checks every cell of a patch against the definitions; any problem → 422 listing each cell, nothing written. */
  private async cellChanges(report: Report, data: Record<string, Record<string, Record<string, unknown>>>): Promise<CellChange[]> {
    const errors: FieldError[] = [];
    const changes: CellChange[] = [];
    for (const [formCode, rows] of Object.entries(data)) {
      const pinned = report.forms.find((f) => f.code === formCode);
      if (!pinned) {
        errors.push({ form: formCode, message: `Báo cáo không có biểu mẫu ${formCode}.` });
        continue;
      }
      const def = await this.forms.get(pinned.code, pinned.version);
      const rowsByKey = new Map(def.rows.map((r) => [r.key, r]));
      const colsByKey = new Map(def.columns.map((c) => [c.key, c]));
      for (const [rowKey, cols] of Object.entries(rows)) {
        const row = rowsByKey.get(rowKey);
        if (!row) {
          errors.push({ form: formCode, row: rowKey, message: `Biểu mẫu ${formCode} không có dòng "${rowKey}".` });
          continue;
        }
        for (const [colKey, raw] of Object.entries(cols ?? {})) {
          const col = colsByKey.get(colKey);
          const at = { form: formCode, row: rowKey, column: colKey };
          if (!col) errors.push({ ...at, message: `Biểu mẫu ${formCode} không có cột "${colKey}".` });
          else if (!isValueRow(row)) errors.push({ ...at, message: 'Dòng tiêu đề không nhận số liệu.' });
          else if (cellRatio(row, col)) errors.push({ ...at, message: 'Ô này được tính tự động (tỷ lệ), không nhập.' });
          else if (raw === null || raw === '') changes.push({ ...at, value: null });
          else {
            const parsed = parseCellValue(cellType(row, col), raw);
            if (parsed.ok) changes.push({ ...at, value: parsed.value });
            else errors.push({ ...at, message: parsed.message });
          }
        }
      }
    }
    if (errors.length) throw validationFailed(errors, 'Có ô số liệu không hợp lệ; chưa lưu thay đổi nào.');
    return changes;
  }

  /**
   * One statement: bump the version only if it is still the one the client read (and the report is
   * still being edited) and, only then, write the content and the cell changes. Stale → 409,
   * nothing written. Answers what the row now holds and its unit's name.
   */
  private async write(
    id: string,
    expectedVersion: number,
    fields: { title?: string; narrative?: string; recipients?: Recipient[] },
    changes: CellChange[],
  ): Promise<Pick<Report, 'version' | 'updatedAt' | 'title' | 'narrative' | 'recipients'> & { unitName: string }> {
    const cells = ReportCellsRepository.changesAsCtes('$1', changes, 6);
    const rows: { version: number; updated_at: Date; title: string; narrative: string; recipients: Recipient[]; unit_name: string }[] = await this.ds.query(
      `WITH guard AS (
         UPDATE report SET version = version + 1, updated_at = now(),
           title = coalesce($3, title), narrative = coalesce($4, narrative), recipients = coalesce($5::jsonb, recipients)
         WHERE id = $1 AND version = $2 AND state = 'draft' AND step = 'editing'
         RETURNING version, updated_at, title, narrative, recipients, org_unit_id)${cells.ctes.map((c) => `,\n       ${c}`).join('')}
       SELECT g.version, g.updated_at, g.title, g.narrative, g.recipients, u.name AS unit_name
         FROM guard g JOIN org_unit u ON u.id = g.org_unit_id`,
      [id, expectedVersion, fields.title ?? null, fields.narrative ?? null, fields.recipients ? JSON.stringify(fields.recipients) : null, ...cells.params],
    );
    const row = rows[0];
    if (!row) {
      const current = await this.ds.getRepository(Report).findOneByOrFail({ id });
      if (current.version !== expectedVersion) {
        throw new DomainException(
          'STALE_VERSION',
          `Báo cáo đã được người khác lưu sau khi bạn mở (phiên bản hiện tại ${current.version}, bạn đang sửa phiên bản ${expectedVersion}). Vui lòng tải lại trước khi lưu.`,
          { extra: { currentVersion: current.version } },
        );
      }
      assertEditable(current);
      throw new DomainException('CONFLICT', 'Không lưu được báo cáo.');
    }
    return { version: row.version, updatedAt: new Date(row.updated_at), title: row.title, narrative: row.narrative, recipients: row.recipients, unitName: row.unit_name };
  }
}

