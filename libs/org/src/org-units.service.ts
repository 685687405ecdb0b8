import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { FieldError, requireUuid, vietnamDate } from '@app/common';
import { OrgLevel, OrgUnit, SigningMode, UnitKind } from './entities/org-unit.entity';
import { OrgDirectory } from './org-directory';
import { OrgErrors } from './org.errors';
import { Administrator, OrgScope } from './org-scope';
import { OrgRepository } from './org.repository';
import { SuccessorLink, SuccessorsRepository } from './successors.repository';
import { orgUnitView } from './org-unit.view';

export interface UnitInput {
  code: string;
  name: string;
  level: OrgLevel;
  parentId?: string | null;
  governingBody?: string | null;
  abbreviation: string;
  placeName: string;
  kind?: UnitKind;
  headerLines?: string[] | null;
  filingUnit?: string | null;
  signingMode?: SigningMode;
  validFrom?: string;
  validTo?: string | null;
  successorId?: string | null;
}

/** A unit's successors as an administrator gives them: a split's links carry shares. */
export type SuccessorInput = { orgUnitId: string; share?: number | null }[];

export type UnitChanges = Partial<UnitInput> & { successors?: SuccessorInput };

/** The fields of a unit kept in the audit trail. */
const audited = (u: OrgUnit, links: readonly SuccessorLink[] = []) => {
  const { id: _id, ...rest } = orgUnitView(u, links);
  return rest;
};

/** Creating and changing org units, within the administrator's scope, each change in the audit trail. */
@Injectable()
export class OrgUnitsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: OrgRepository,
    private readonly successors: SuccessorsRepository,
    private readonly scope: OrgScope,
    private readonly directory: OrgDirectory,
    private readonly audit: AuditService,
  ) {}

  /** The units the administrator may manage (every one for an admin). */
  async list(actor: Administrator): Promise<OrgUnit[]> {
    const ids = await this.scope.unitIds(actor);
    const all = await this.repo.findAll();
    return ids === null ? all : all.filter((u) => ids.has(u.id));
  }

  async get(actor: Administrator, id: string): Promise<OrgUnit> {
    const unit = await this.repo.findById(requireUuid(id, () => OrgErrors.UNIT_NOT_FOUND()));
    if (!unit || !(await this.scope.covers(actor, unit.id))) throw OrgErrors.UNIT_NOT_FOUND();
    return unit;
  }

  async create(actor: Administrator & AuditActor, input: UnitInput): Promise<OrgUnit> {
    // A unit administrator adds units under its own; only an admin adds a top-level unit.
    if (
      !input.parentId
        ? !actor.roles.includes('admin')
        : !(await this.scope.covers(actor, input.parentId))
    ) {
      throw OrgErrors.UNIT_OUTSIDE_SCOPE();
    }
    await this.check(input, null);
    const id = await this.ds.transaction(async (em) => {
      if ((await this.repo.findByCodes([input.code], em)).length)
        throw OrgErrors.UNIT_CODE_TAKEN({ code: input.code });
      const newId = await this.repo.insert(em, {
        code: input.code,
        name: input.name,
        level: input.level,
        parentId: input.parentId ?? null,
        governingBody: input.governingBody ?? null,
        abbreviation: input.abbreviation,
        placeName: input.placeName,
        kind: input.kind ?? 'collective',
        headerLines: input.headerLines ?? null,
        filingUnit: input.filingUnit ?? null,
        signingMode: input.signingMode ?? 'token',
        validFrom: input.validFrom ?? vietnamDate(),
        validTo: input.validTo ?? null,
        successorId: input.successorId ?? null,
      });
      const created = (await this.repo.findById(newId, em))!;
      await this.audit.record(em, actor, [
        {
          action: 'create',
          entity: 'unit',
          entityId: newId,
          label: `${created.code} ${created.name}`,
          after: audited(created),
        },
      ]);
      return newId;
    });
    this.directory.invalidate();
    return (await this.repo.findById(id))!;
  }

  async update(
    actor: Administrator & AuditActor,
    id: string,
    changes: UnitChanges,
  ): Promise<OrgUnit> {
    const before = await this.get(actor, id);
    const isOwnRoot = !actor.roles.includes('admin') && before.id === actor.orgUnitId;
    if (changes.parentId !== undefined && changes.parentId !== before.parentId) {
      // A unit administrator cannot move its own unit, nor move a unit out of its scope.
      if (
        isOwnRoot ||
        (changes.parentId === null
          ? !actor.roles.includes('admin')
          : !(await this.scope.covers(actor, changes.parentId)))
      ) {
        throw OrgErrors.UNIT_OUTSIDE_SCOPE();
      }
    }
    const { successors: successorInput, ...fields0 } = changes;
    const links =
      successorInput ??
      (changes.successorId !== undefined
        ? changes.successorId
          ? [{ orgUnitId: changes.successorId }]
          : []
        : undefined);
    const next = { ...before, ...fields0 } as OrgUnit & UnitInput;
    await this.check(next, before);
    if (links) await this.checkSuccessors(id, links);
    const linksBefore = await this.successors.of(id);
    await this.ds.transaction(async (em) => {
      if (
        changes.code &&
        changes.code !== before.code &&
        (await this.repo.findByCodes([changes.code], em)).length
      ) {
        throw OrgErrors.UNIT_CODE_TAKEN({ code: changes.code });
      }
      const { parent: _p, successor: _s, id: _id, createdAt: _c, ...fields } = next;
      await this.repo.update(em, id, fields);
      if (links)
        await this.successors.replace(
          em,
          id,
          links.map((l) => ({ successorId: l.orgUnitId, share: l.share ?? null })),
        );
      const after = (await this.repo.findById(id, em))!;
      const linksAfter = await this.successors.of(id, em);
      await this.audit.record(em, actor, [
        {
          action: 'update',
          entity: 'unit',
          entityId: id,
          label: `${after.code} ${after.name}`,
          before: audited(before, linksBefore),
          after: audited(after, linksAfter),
        },
      ]);
    });
    this.directory.invalidate();
    return (await this.repo.findById(id))!;
  }

  /**
   * Successors exist, are other units and appear once; one successor takes the unit whole (no
   * share, or 1); several are a split, either without shares (then not comparable across it) or
   * each with a share, the shares adding up to 1.
   */
  private async checkSuccessors(id: string, links: SuccessorInput): Promise<void> {
    const errors: FieldError[] = [];
    const ids = links.map((l) => l.orgUnitId);
    const found = new Set((await this.repo.findByIds(ids)).map((u) => u.id));
    links.forEach((l, i) => {
      if (l.orgUnitId === id || !found.has(l.orgUnitId))
        errors.push({
          field: `successors.${i}.orgUnitId`,
          message: 'Đơn vị kế thừa phải là một đơn vị khác, đã có trong hệ thống.',
        });
      else if (ids.indexOf(l.orgUnitId) !== i)
        errors.push({ field: `successors.${i}.orgUnitId`, message: 'Đơn vị kế thừa bị lặp.' });
    });
    const shares = links.map((l) => l.share ?? null);
    if (links.length === 1 && shares[0] !== null && shares[0] !== 1)
      errors.push({
        field: 'successors.0.share',
        message: 'Một đơn vị kế thừa duy nhất nhận toàn bộ đơn vị cũ (tỷ lệ 1 hoặc để trống).',
      });
    if (links.length > 1 && shares.some((x) => x !== null)) {
      const missing = shares.findIndex((x) => x === null);
      const sum = shares.reduce<number>((a, x) => a + (x ?? 0), 0);
      if (missing >= 0)
        errors.push({
          field: `successors.${missing}.share`,
          message: 'Khi chia tách, hoặc nhập tỷ lệ cho mọi đơn vị kế thừa, hoặc để trống tất cả.',
        });
      else if (Math.abs(sum - 1) > 0.0001)
        errors.push({
          field: 'successors',
          message: `Tổng tỷ lệ của các đơn vị kế thừa phải bằng 1 (đang là ${sum.toLocaleString('vi-VN')}).`,
        });
    }
    if (errors.length) throw OrgErrors.UNIT_INVALID({ errors });
  }

  /** Parent and successor exist, the parent is not the unit itself or one below it, dates are in order. */
  private async check(u: UnitInput & { id?: string }, before: OrgUnit | null): Promise<void> {
    const errors: FieldError[] = [];
    if (u.parentId) {
      const parent = await this.repo.findById(u.parentId);
      if (!parent) errors.push({ field: 'parentId', message: 'Không có đơn vị cấp trên này.' });
      else if (
        before &&
        (u.parentId === before.id ||
          (await this.repo.descendantIds(before.id)).includes(u.parentId))
      ) {
        errors.push({
          field: 'parentId',
          message: 'Đơn vị cấp trên không thể là chính đơn vị này hoặc một đơn vị cấp dưới của nó.',
        });
      }
    }
    if (u.successorId && !(await this.repo.findById(u.successorId)))
      errors.push({ field: 'successorId', message: 'Không có đơn vị kế thừa này.' });
    if (u.validFrom && u.validTo && u.validTo < u.validFrom)
      errors.push({
        field: 'validTo',
        message: 'Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.',
      });
    if (errors.length) throw OrgErrors.UNIT_INVALID({ errors });
  }
}
