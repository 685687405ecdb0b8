import { Injectable, Logger } from '@nestjs/common';
import { WorkflowService } from '@app/approval';
import { AuthUser, UsersRepository, toAuthUser } from '@app/auth';
import { Clock, SettableClock } from '@app/common';
import { PERIOD_REPORT_TYPE } from '@app/documents';
import { ConsolidationService } from '@app/consolidation';
import { NotificationsService } from '@app/notifications';
import { OrgRepository } from '@app/org';
import { PeriodsService, ReportAccess, ReportsService } from '@app/reports';
import { DEMO_LEGACY_PERIOD } from './demo-periods';

/** 9:00 in Vietnam (UTC+7) on a day. */
const at = (day: string, hour = 9) => `${day}T${String(hour - 7).padStart(2, '0')}:00:00Z`;

interface CommuneReport {
  prefix: string;
  parent: string;
  /** Mẫu 01/TE: population, children under 16, children in special circumstances, of which … */
  figures: { POP: number; 'I.1': number; 'I.3': number; 'I.3.a': number };
  /** Created, asked for signature, signed, issued. */
  days: [string, string, string, string];
}

/**
 * What happened in the legacy period before the reform: each commune of TP Lạng Sơn reported
 * (Quảng Lạc a few days late), the city consolidated and reported to Sở LĐTBXH. Issued numbers and
 * dates are those of the days below: the clerks of 2024 issued them.
 */
const COMMUNES: CommuneReport[] = [
  {
    prefix: 'hoangdong',
    parent: 'TPLS',
    figures: { POP: 8210, 'I.1': 2050, 'I.3': 61, 'I.3.a': 12 },
    days: ['2024-04-22', '2024-04-25', '2024-04-26', '2024-04-27'],
  },
  {
    prefix: 'maipha',
    parent: 'TPLS',
    figures: { POP: 6870, 'I.1': 1720, 'I.3': 44, 'I.3.a': 9 },
    days: ['2024-04-23', '2024-04-29', '2024-05-02', '2024-05-03'],
  },
  {
    prefix: 'quanglac',
    parent: 'TPLS',
    figures: { POP: 5490, 'I.1': 1380, 'I.3': 35, 'I.3.a': 6 },
    days: ['2024-05-02', '2024-05-06', '2024-05-07', '2024-05-08'],
  },
];

/**
 * Plays the demo's legacy history through the real services (workflow, issuing with the demo
 * certificates, consolidation) at its own dates, with a clock the history moves, then closes the
 * legacy period: the archive, the register and the legacy status pages then have real history.
 * Runs once, right after the demo data is loaded, in a context of its own (bootstrap).
 */
@Injectable()
export class DemoHistory {
  private readonly logger = new Logger(DemoHistory.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly org: OrgRepository,
    private readonly periods: PeriodsService,
    private readonly reports: ReportsService,
    private readonly access: ReportAccess,
    private readonly workflow: WorkflowService,
    private readonly consolidation: ConsolidationService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async play(): Promise<void> {
    if (!(this.clock instanceof SettableClock))
      throw new Error('the demo history needs a SettableClock (it plays 2024 at its own dates)');
    const clock = this.clock;
    const period = (await this.periods.list()).find((p) => p.code === DEMO_LEGACY_PERIOD.code);
    if (!period) throw new Error(`no period ${DEMO_LEGACY_PERIOD.code} to play`);
    const unitId = async (code: string) => (await this.org.findByCode(code))!.id;
    const step = async (who: string, id: string, type: 'REQUEST_SIGNATURE' | 'SIGN' | 'SUBMIT') => {
      const actor = await this.user(who);
      const { version } = await this.access.loadVisible(actor, id);
      await this.workflow.fire(actor, id, { type, version });
    };
    const title = `Báo cáo kết quả công tác trẻ em ${DEMO_LEGACY_PERIOD.label}`;

    for (const c of COMMUNES) {
      const [created, asked, signed, issued] = c.days;
      clock.set(at(created));
      const officer = await this.user(`${c.prefix}.officer`);
      const draft = await this.reports.create(officer, {
        periodId: period.id,
        type: PERIOD_REPORT_TYPE,
        title,
      });
      await this.reports.patch(officer, draft.id, {
        version: draft.version,
        recipients: [{ orgUnitId: await unitId(c.parent) }],
        data: {
          '01/TE': Object.fromEntries(
            Object.entries(c.figures).map(([row, v]) => [row, { y2024: v }]),
          ),
        },
      });
      clock.set(at(asked, 15));
      await step(`${c.prefix}.officer`, draft.id, 'REQUEST_SIGNATURE');
      clock.set(at(signed, 10));
      await step(`${c.prefix}.head`, draft.id, 'SIGN');
      clock.set(at(issued, 8));
      await step(`${c.prefix}.clerk`, draft.id, 'SUBMIT');
    }

    // TP Lạng Sơn consolidates its communes and reports to Sở LĐTBXH before its deadline (25/5).
    clock.set(at('2024-05-15'));
    const cityOfficer = await this.user('tpls.officer');
    const cityId = await this.consolidation.consolidate(cityOfficer, period.id);
    const city = await this.access.loadVisible(cityOfficer, cityId);
    await this.reports.patch(cityOfficer, cityId, {
      version: city.version,
      title: `Báo cáo kết quả công tác trẻ em ${DEMO_LEGACY_PERIOD.label} trên địa bàn thành phố`,
      recipients: [{ orgUnitId: await unitId('LS') }],
    });
    clock.set(at('2024-05-20', 15));
    await step('tpls.officer', cityId, 'REQUEST_SIGNATURE');
    clock.set(at('2024-05-21', 10));
    await step('tpls.head', cityId, 'SIGN');
    clock.set(at('2024-05-22', 8));
    await step('tpls.clerk', cityId, 'SUBMIT');

    clock.set(at('2024-07-01'));
    await this.periods.update({ id: null, fullName: 'Dữ liệu minh họa' }, period.id, {
      closed: true,
    });
    // What was told in 2024 was read in 2024: a fresh demo's bells start at zero.
    for (const u of await this.users.all()) await this.notifications.markAllRead(u.id);
    this.logger.log(`demo history of ${DEMO_LEGACY_PERIOD.code} played: 4 reports issued`);
  }

  private async user(username: string): Promise<AuthUser> {
    const u = await this.users.findByUsername(username);
    if (!u) throw new Error(`no demo user ${username}`);
    return toAuthUser(u);
  }
}
