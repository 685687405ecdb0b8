import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { endOfVietnamDay, requireUuid, validationFailed } from '@app/common';
import { FormsService } from '@app/forms';
import { OrgRepository } from '@app/org';
import { PeriodDeadline, ReportingPeriod, UnitDeadline } from './entities/period.entity';
import { PeriodsRepository } from './periods.repository';
import { ReportErrors } from './reports.errors';

export interface CreatePeriodInput {
  code: string;
  label: string;
  year: number;
  cutoffFrom: string;
  cutoffTo: string;
  forms: string[];
  deadlines: PeriodDeadline[];
  open?: boolean;
  /** Days before the deadline on which units that have not submitted are reminded (default 7, 3, 1). */
  reminderOffsets?: number[];
}

export interface PeriodChanges {
  label?: string;
  deadlines?: PeriodDeadline[];
  /** Deadlines extended for single units. */
  unitDeadlines?: UnitDeadline[];
  reminderOffsets?: number[];
  /** A closed period takes no new report and no change to a report's content. */
  closed?: boolean;
}

/** A new period from an earlier one: its forms (at their latest versions), its deadlines moved by as many months as the cut-off. */
export interface CopyPeriodInput {
  code: string;
  label: string;
  year: number;
  cutoffFrom: string;
  cutoffTo: string;
}

/** Reminders 7, 3 and 1 calendar days before a unit's deadline, unless the period says otherwise. */
export const DEFAULT_REMINDER_OFFSETS = [7, 3, 1];

/** The public shape of a period (CONTRACT.md). */
export function periodView(p: ReportingPeriod) {
  return {
    id: p.id,
    code: p.code,
    label: p.label,
    year: p.year,
    cutoffFrom: p.cutoffFrom,
    cutoffTo: p.cutoffTo,
    forms: p.forms.map((f) => f.code),
    formVersions: p.forms,
    deadlines: p.deadlines,
    unitDeadlines: p.unitDeadlines,
    reminderOffsets: p.reminderOffsets,
    open: p.open,
    /** The issued công văn or plan that opened this period (a request for reports), else null. */
    requestDocumentId: p.requestDocumentId ?? null,
    request: p.request ?? null,
  };
}

/** The period's deadline for a unit: its own extension, else its level's, else none. */
export function deadlineFor(
  period: Pick<ReportingPeriod, 'deadlines' | 'unitDeadlines'>,
  unit: { id: string; level: string },
): string | null {
  return (
    period.unitDeadlines?.find((d) => d.orgUnitId === unit.id)?.date ??
    period.deadlines.find((d) => d.level === unit.level)?.date ??
    null
  );
}

/** A date moved by whole months, the day kept (or the month's last day). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const monthsBetween = (from: string, to: string) => {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm);
};

/** Submitted by the end (Vietnam time) of the deadline day; null when there is no deadline. */
export function onTime(submittedAt: Date, deadline: string | null): boolean | null {
  if (!deadline) return null;
  return submittedAt.getTime() <= endOfVietnamDay(deadline);
}

/** Reporting periods: their forms pinned to a version when created, the cut-off window, deadlines per level. */
@Injectable()
export class PeriodsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: PeriodsRepository,
    private readonly forms: FormsService,
    private readonly audit: AuditService,
    private readonly org: OrgRepository,
  ) {}

  list(): Promise<ReportingPeriod[]> {
    return this.repo.list();
  }

  byIds(ids: string[]): Promise<ReportingPeriod[]> {
    return this.repo.byIds(ids);
  }

  async get(id: string): Promise<ReportingPeriod> {
    const p = await this.repo.findById(requireUuid(id, () => ReportErrors.PERIOD_NOT_FOUND()));
    if (!p) throw ReportErrors.PERIOD_NOT_FOUND();
    return p;
  }

  /** Creates a period; its forms are pinned to their latest versions now, so later versions do not change it. */
  async create(
    input: CreatePeriodInput,
    actor?: AuditActor,
    action = 'create',
  ): Promise<ReportingPeriod> {
    if (input.cutoffTo < input.cutoffFrom)
      throw validationFailed([
        { field: 'cutoffTo', message: 'Ngày kết thúc số liệu phải sau ngày bắt đầu.' },
      ]);
    const pinned: { code: string; version: number }[] = [];
    for (const code of new Set(input.forms)) {
      try {
        const def = await this.forms.get(code);
        pinned.push({ code: def.code, version: def.version });
      } catch {
        throw validationFailed([{ field: 'forms', message: `Không có biểu mẫu ${code}.` }]);
      }
    }
    const saved = await this.ds.transaction(async (em) => {
      const period = await this.repo.insert(
        {
          ...input,
          forms: pinned,
          unitDeadlines: [],
          open: input.open ?? true,
          reminderOffsets: input.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS,
        },
        em,
      );
      if (period && actor)
        await this.audit.record(em, actor, [
          {
            action,
            entity: 'period',
            entityId: period.id,
            label: period.code,
            after: periodView(period),
          },
        ]);
      return period;
    });
    if (!saved) throw ReportErrors.PERIOD_EXISTS({ code: input.code });
    return saved;
  }

  /** A new period from an earlier one (e.g. 2025-H2 → 2026-H1). */
  async copy(
    actor: AuditActor,
    sourceId: string,
    input: CopyPeriodInput,
  ): Promise<ReportingPeriod> {
    const source = await this.get(sourceId);
    const months = monthsBetween(source.cutoffTo, input.cutoffTo);
    return this.create(
      {
        ...input,
        forms: source.forms.map((f) => f.code),
        deadlines: source.deadlines.map((d) => ({
          level: d.level,
          date: addMonths(d.date, months),
        })),
      },
      actor,
      'copy',
    );
  }

  /** Label, deadlines per level and per unit, closing and reopening; in the audit trail. */
  async update(actor: AuditActor, id: string, changes: PeriodChanges): Promise<ReportingPeriod> {
    const before = await this.get(id);
    const fields: Partial<ReportingPeriod> = {};
    if (changes.label !== undefined) fields.label = changes.label;
    if (changes.deadlines !== undefined) fields.deadlines = changes.deadlines;
    if (changes.reminderOffsets !== undefined) fields.reminderOffsets = changes.reminderOffsets;
    if (changes.unitDeadlines !== undefined) {
      const ids = [...new Set(changes.unitDeadlines.map((d) => d.orgUnitId))];
      const known = new Set((await this.org.findByIds(ids)).map((u) => u.id));
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length)
        throw validationFailed(
          unknown.map((id) => ({ field: 'unitDeadlines', message: `Không có đơn vị ${id}.` })),
        );
      // One extension per unit: the last one given wins.
      fields.unitDeadlines = [
        ...new Map(changes.unitDeadlines.map((d) => [d.orgUnitId, d])).values(),
      ];
    }
    if (changes.closed !== undefined) fields.open = !changes.closed;
    return this.ds.transaction(async (em) => {
      await this.repo.update(em, id, fields);
      const after = (await this.repo.findById(id, em))!;
      const action =
        changes.closed === true && before.open
          ? 'close'
          : changes.closed === false && !before.open
            ? 'reopen'
            : 'update';
      await this.audit.record(em, actor, [
        {
          action,
          entity: 'period',
          entityId: id,
          label: after.code,
          before: periodView(before),
          after: periodView(after),
        },
      ]);
      return after;
    });
  }
}
