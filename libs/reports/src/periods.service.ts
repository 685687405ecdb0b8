import { Injectable } from '@nestjs/common';
import { endOfVietnamDay, requireUuid, validationFailed } from '@app/common';
import { FormsService } from '@app/forms';
import { PeriodDeadline, ReportingPeriod } from './entities/period.entity';
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
}

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
    open: p.open,
  };
}

/** The period's deadline for a unit of the given level, if it has one. */
export function deadlineFor(deadlines: PeriodDeadline[], level: string): string | null {
  return deadlines.find((d) => d.level === level)?.date ?? null;
}

/** Submitted by the end (Vietnam time) of the deadline day; null when there is no deadline. */
export function onTime(submittedAt: Date, deadline: string | null): boolean | null {
  if (!deadline) return null;
  return submittedAt.getTime() <= endOfVietnamDay(deadline);
}

/** Reporting periods: their forms pinned to a version when created, the cut-off window, deadlines per level. */
@Injectable()
export class PeriodsService {
  constructor(
    private readonly repo: PeriodsRepository,
    private readonly forms: FormsService,
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
  async create(input: CreatePeriodInput): Promise<ReportingPeriod> {
    if (input.cutoffTo < input.cutoffFrom)
      throw validationFailed([
        { field: 'cutoffTo', message: 'Ngày kết thúc số liệu phải sau ngày bắt đầu.' },
      ]);
    const pinned = [];
    for (const code of new Set(input.forms)) {
      try {
        const def = await this.forms.get(code);
        pinned.push({ code: def.code, version: def.version });
      } catch {
        throw validationFailed([{ field: 'forms', message: `Không có biểu mẫu ${code}.` }]);
      }
    }
    const saved = await this.repo.insert({ ...input, forms: pinned, open: input.open ?? true });
    if (!saved) throw ReportErrors.PERIOD_EXISTS({ code: input.code });
    return saved;
  }
}
