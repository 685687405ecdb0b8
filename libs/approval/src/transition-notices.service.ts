import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '@app/auth';
import { Audience, NotificationsService } from '@app/notifications';
import { OrgRepository } from '@app/org';
import { Report, ReportTransitions } from '@app/reports';
import { NoticeAudience, TRANSITION_NOTICES, TransitionNoticeKind } from './transition-notices';

/** What a notice of a step needs of it. */
export interface NoticeStep {
  em: EntityManager;
  report: Report;
  actor: AuthUser;
  comment: string | null;
  details: Record<string, unknown>;
}

/**
 * Turns a declared notice (transition-notices.ts) into notifications, inside the step's transaction:
 * every read goes through the step's manager, never a second connection of the pool (ten steps at
 * once would otherwise each hold one and wait for another).
 */
@Injectable()
export class TransitionNotices {
  constructor(
    private readonly org: OrgRepository,
    private readonly transitions: ReportTransitions,
    private readonly notifications: NotificationsService,
  ) {}

  async notify(step: NoticeStep, kind: TransitionNoticeKind): Promise<void> {
    const { em, report, actor } = step;
    const spec = TRANSITION_NOTICES[kind];
    const audience: Required<Audience> = { userIds: [], unitRoles: [] };
    for (const who of spec.audience) await this.add(audience, who, step);
    // One connection (the transaction's): one query at a time.
    const unit = await this.org.findById(report.orgUnitId, em);
    const actorUnit =
      actor.orgUnitId === report.orgUnitId ? unit : await this.org.findById(actor.orgUnitId, em);
    const facts = {
      title: report.title,
      unitName: unit?.name ?? '',
      actorName: actor.fullName,
      actorUnitName: actorUnit?.name ?? '',
      reason: step.comment,
      numberText: typeof step.details.numberText === 'string' ? step.details.numberText : null,
    };
    await this.notifications.notify(
      em,
      actor.id,
      {
        kind,
        title: spec.title(facts),
        body: spec.body(facts),
        link: `/reports/${report.id}`,
        reportId: report.id,
      },
      audience,
    );
  }

  private async add(a: Required<Audience>, who: NoticeAudience, { em, report }: NoticeStep) {
    switch (who) {
      case 'unitHeads':
        return void a.unitRoles.push({ unitIds: [report.orgUnitId], role: 'head' });
      case 'unitClerks':
        return void a.unitRoles.push({ unitIds: [report.orgUnitId], role: 'clerk' });
      case 'drafters': {
        const requester = await this.transitions.lastActorOf(em, report.id, 'REQUEST_SIGNATURE');
        return void a.userIds.push(report.createdBy, ...(requester ? [requester] : []));
      }
      case 'receivingOfficers': {
        const [parent] = await this.org.ancestorIds(report.orgUnitId, em);
        const units = new Set(report.recipients.map((r) => r.orgUnitId).filter(Boolean));
        if (parent) units.add(parent);
        units.delete(report.orgUnitId);
        return void a.unitRoles.push({ unitIds: [...units] as string[], role: 'officer' });
      }
    }
  }
}
