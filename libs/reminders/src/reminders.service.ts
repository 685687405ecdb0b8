import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, formatDate, vietnamDate } from '@app/common';
import { JobQueue } from '@app/jobs';
import { NotificationsService } from '@app/notifications';
import { isValidOn, OrgRepository, OrgUnit } from '@app/org';
import { PERIOD_REPORT_TYPE } from '@app/documents';
import {
  deadlineFor,
  PeriodsService,
  ReportingPeriod,
  ReportsRepository,
  reportsIn,
} from '@app/reports';
import { isOut } from '@app/workflow';
import { ESCALATION_OFFSET } from './entities/deadline-reminder.entity';
import { daysUntil, dueOffset } from './reminder-schedule';
import { RemindersRepository } from './reminders.repository';

export interface ReminderPassResult {
  /** Units reminded by this pass. */
  reminded: number;
  /** Late units reported to their upper unit by this pass. */
  escalated: number;
}

interface Due {
  unit: OrgUnit;
  deadline: string;
  daysLeft: number;
}

/**
 * Deadlines, told before and after: for every open period, each unit that must report and has not
 * submitted is reminded on the days of the period's offsets (7, 3 and 1 calendar days before its
 * deadline, Vietnam time, unless the period says otherwise); from the day after, its upper unit is
 * told of it, in one notification listing every unit newly late. Each (period, unit, offset) is
 * told once: the pass records it in the transaction of the notification, so passes run twice, by
 * hand or by several processes at once, tell nothing twice.
 */
@Injectable()
export class RemindersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: RemindersRepository,
    private readonly periods: PeriodsService,
    private readonly org: OrgRepository,
    private readonly reports: ReportsRepository,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('reminders', async () => void (await this.pass()));
  }

  async pass(now: Date = this.clock.now()): Promise<ReminderPassResult> {
    const today = vietnamDate(now);
    const units = await this.org.findAll();
    const result: ReminderPassResult = { reminded: 0, escalated: 0 };
    for (const period of await this.periods.list()) {
      if (!period.open) continue;
      const { reminders, late } = await this.dueIn(period, units, today);
      for (const [offset, due] of reminders)
        for (const d of due) result.reminded += await this.remind(period, offset, d, now);
      for (const [parentId, due] of late)
        result.escalated += await this.escalate(period, parentId, due, now);
    }
    return result;
  }

  /** Who is due a reminder (by offset) and who is late (by upper unit), not yet told of it. */
  private async dueIn(period: ReportingPeriod, units: OrgUnit[], today: string) {
    const levels = new Set(period.deadlines.map((d) => d.level));
    const extended = new Set(period.unitDeadlines.map((d) => d.orgUnitId));
    // A requested period: only the units asked report (reportsIn).
    const reporting = units.filter(
      (u) =>
        u.parentId &&
        isValidOn(u, period.cutoffTo) &&
        reportsIn(period, u.id) &&
        (levels.has(u.level) || extended.has(u.id)),
    );
    const submitted = new Set(
      (
        await this.reports.ofUnits(
          period.id,
          PERIOD_REPORT_TYPE,
          reporting.map((u) => u.id),
        )
      )
        .filter((r) => isOut(r.state))
        .map((r) => r.orgUnitId),
    );
    const told = await this.repo.told(period.id);
    const reminders = new Map<number, Due[]>();
    const late = new Map<string, Due[]>();
    for (const unit of reporting) {
      if (submitted.has(unit.id)) continue;
      const deadline = deadlineFor(period, unit);
      if (!deadline) continue;
      const daysLeft = daysUntil(today, deadline);
      if (daysLeft < 0) {
        if (told.has(`${unit.id}:${ESCALATION_OFFSET}`)) continue;
        late.set(unit.parentId!, [
          ...(late.get(unit.parentId!) ?? []),
          { unit, deadline, daysLeft },
        ]);
        continue;
      }
      const offset = dueOffset(daysLeft, period.reminderOffsets ?? []);
      if (offset === null || told.has(`${unit.id}:${offset}`)) continue;
      reminders.set(offset, [...(reminders.get(offset) ?? []), { unit, deadline, daysLeft }]);
    }
    return { reminders, late };
  }

  /** One unit's reminder: its officers and heads; 1 when told now, 0 when told before. */
  private async remind(period: ReportingPeriod, offset: number, d: Due, now: Date) {
    return this.ds.transaction(async (em) => {
      const recorded = await this.repo.record(
        em,
        period.id,
        offset,
        [{ orgUnitId: d.unit.id, deadline: d.deadline }],
        now,
      );
      if (!recorded.length) return 0;
      const when = d.daysLeft === 0 ? 'Hôm nay là hạn' : `Còn ${d.daysLeft} ngày đến hạn`;
      await this.notifications.notify(
        em,
        null,
        {
          kind: 'reminder',
          title: `${when} gửi báo cáo kỳ “${period.label}”`,
          body: `${d.unit.name} chưa gửi báo cáo kỳ ${period.label}. Hạn gửi: ${formatDate(d.deadline)}.`,
          link: '/reports',
          reportId: null,
        },
        {
          unitRoles: [
            { unitIds: [d.unit.id], role: 'officer' },
            { unitIds: [d.unit.id], role: 'head' },
          ],
        },
      );
      return 1;
    });
  }

  /** The upper unit told of its late units (those not told of before); how many were listed. */
  private async escalate(period: ReportingPeriod, parentId: string, due: Due[], now: Date) {
    return this.ds.transaction(async (em) => {
      const recorded = new Set(
        await this.repo.record(
          em,
          period.id,
          ESCALATION_OFFSET,
          due.map((d) => ({ orgUnitId: d.unit.id, deadline: d.deadline })),
          now,
        ),
      );
      const listed = due.filter((d) => recorded.has(d.unit.id));
      if (!listed.length) return 0;
      await this.notifications.notify(
        em,
        null,
        {
          kind: 'escalation',
          title: `${listed.length} đơn vị chưa gửi báo cáo kỳ “${period.label}” đã quá hạn`,
          body:
            `Các đơn vị sau đã quá hạn mà chưa gửi báo cáo kỳ ${period.label}:\n` +
            listed.map((d) => `- ${d.unit.name} (hạn ${formatDate(d.deadline)})`).join('\n'),
          link: `/periods/${period.id}/dashboard`,
          reportId: null,
        },
        {
          unitRoles: [
            { unitIds: [parentId], role: 'officer' },
            { unitIds: [parentId], role: 'head' },
          ],
        },
      );
      return listed.length;
    });
  }
}
