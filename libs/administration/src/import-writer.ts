import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditRecord, AuditService } from '@app/audit';
import { hashOneTimePassword, oneTimePassword, RecentUsers, UsersRepository } from '@app/auth';
import { vietnamDate } from '@app/common';
import { Administrator, OrgDirectory, OrgRepository, OrgScope } from '@app/org';
import { ImportJobsRepository } from './import-jobs.repository';
import { unitColumns, userAudit, userColumns } from './import-fields';
import { planImport } from './import-plan';
import { ExistingUnit, ExistingUser, ImportPlan, ImportProblem } from './import-types';
import { ImportSheets } from './import-sheets';

export interface CreatedPassword {
  username: string;
  fullName: string;
  unitCode: string;
  oneTimePassword: string;
}

export interface ImportOutcome {
  units: { created: number; updated: number; unchanged: number };
  users: { created: number; updated: number; unchanged: number };
  passwords: CreatedPassword[];
}

export type ImportActor = Administrator & AuditActor & { id: string };

/** Rows written per statement, and between two reports of progress. */
const CHUNK = 1000;

/**
 * The database side of an import: what the rows would change (the plan), and the writing of a plan
 * in one transaction with bulk statements, one-time passwords and the audit rows.
 */
@Injectable()
export class ImportWriter {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: ImportJobsRepository,
    private readonly org: OrgRepository,
    private readonly directory: OrgDirectory,
    private readonly scope: OrgScope,
    private readonly users: UsersRepository,
    private readonly recentUsers: RecentUsers,
    private readonly audit: AuditService,
  ) {}

  /** What the rows would write, checked against the database (inside `em` when given). */
  async plan(actor: ImportActor, sheets: ImportSheets, em?: EntityManager): Promise<ImportPlan> {
    // One after the other: inside a transaction they share one connection.
    const units = await this.existingUnits(em);
    const users = await this.existingUsers(em);
    const unitIds = await this.scope.unitIds(actor);
    return planImport(
      sheets,
      { units, users },
      { unitIds, isAdmin: actor.roles.includes('admin') },
      vietnamDate(),
    );
  }

  /**
   * Writes the plan in one transaction, under a lock that keeps two imports from crossing; the plan
   * is made again inside it, so rows another administrator changed meanwhile are not overwritten
   * from a stale comparison.
   */
  async write(actor: ImportActor, checked: ImportPlan, jobId: string): Promise<ImportOutcome> {
    const outcome = await this.ds.transaction(async (em) => {
      await this.jobs.lockImports(em);
      const plan = await this.replan(actor, checked, em);
      let written = 0;
      const progress = async (n: number) => {
        written += n;
        await this.jobs.update(jobId, { rowsWritten: written });
      };
      const unitIds = await this.writeUnits(actor, em, plan, progress);
      const passwords = await this.writeUsers(actor, em, plan, unitIds, progress);
      return {
        units: {
          created: plan.units.create.length,
          updated: plan.units.update.length,
          unchanged: plan.units.unchanged,
        },
        users: {
          created: plan.users.create.length,
          updated: plan.users.update.length,
          unchanged: plan.users.unchanged,
        },
        passwords,
      };
    });
    this.directory.invalidate();
    this.recentUsers.forgetAll();
    return outcome;
  }

  /** The same rows planned against the database as it is inside the transaction. */
  private async replan(
    actor: ImportActor,
    checked: ImportPlan,
    em: EntityManager,
  ): Promise<ImportPlan> {
    const plan = await this.plan(actor, { ...checked.sheets, problems: [] }, em);
    if (plan.problems.length) throw new ImportRefused(plan.problems);
    return plan;
  }

  private async writeUnits(
    actor: ImportActor,
    em: EntityManager,
    plan: ImportPlan,
    progress: (n: number) => Promise<void>,
  ): Promise<Map<string, string>> {
    const idByCode = new Map((await this.existingUnits(em)).map((u) => [u.code, u.id]));
    const audit: AuditRecord[] = [];
    for (const chunk of chunks(plan.units.create)) {
      const ids = await this.org.insertMany(
        em,
        chunk.map((u) => ({ ...unitColumns(u), validFrom: u.validFrom ?? vietnamDate() })),
      );
      for (const [code, id] of ids) idByCode.set(code, id);
      await progress(chunk.length);
    }
    const parentId = (code: string | null) => (code ? idByCode.get(code)! : null);
    for (const chunk of chunks(plan.units.create)) {
      await this.org.setParents(
        em,
        chunk.map((u) => ({ id: idByCode.get(u.code)!, parentId: parentId(u.parentCode) })),
      );
    }
    for (const u of plan.units.create) {
      audit.push({
        action: 'import',
        entity: 'unit',
        entityId: idByCode.get(u.code)!,
        label: `${u.code} ${u.name}`,
        after: { ...unitColumns(u), parentCode: u.parentCode },
      });
    }
    for (const chunk of chunks(plan.units.update)) {
      await this.org.updateMany(
        em,
        chunk.map(({ existing, fields }) => ({
          ...unitColumns(fields),
          id: existing.id,
          validFrom: fields.validFrom ?? existing.validFrom,
          governingBody: fields.governingBody ?? existing.governingBody,
          filingUnit: fields.filingUnit ?? existing.filingUnit,
          parentId: parentId(fields.parentCode),
        })),
      );
      await progress(chunk.length);
    }
    const codeById = new Map([...idByCode].map(([code, id]) => [id, code]));
    for (const { existing, fields } of plan.units.update) {
      const { id: _id, parentId: before, ...rest } = existing;
      audit.push({
        action: 'import',
        entity: 'unit',
        entityId: existing.id,
        label: `${fields.code} ${fields.name}`,
        before: { ...rest, parentCode: before ? (codeById.get(before) ?? null) : null },
        after: {
          ...unitColumns(fields),
          validFrom: fields.validFrom ?? existing.validFrom,
          parentCode: fields.parentCode,
        },
      });
    }
    for (const chunk of chunks(audit)) await this.audit.record(em, actor, chunk);
    return idByCode;
  }

  private async writeUsers(
    actor: ImportActor,
    em: EntityManager,
    plan: ImportPlan,
    idByCode: Map<string, string>,
    progress: (n: number) => Promise<void>,
  ): Promise<CreatedPassword[]> {
    const passwords: CreatedPassword[] = [];
    const audit: AuditRecord[] = [];
    const codeById = new Map([...idByCode].map(([code, id]) => [id, code]));
    for (const chunk of chunks(plan.users.create)) {
      const rows = chunk.map((u) => {
        const password = oneTimePassword();
        passwords.push({
          username: u.username,
          fullName: u.fullName,
          unitCode: u.unitCode,
          oneTimePassword: password,
        });
        return {
          ...userColumns(u, idByCode),
          passwordHash: hashOneTimePassword(password),
          signAuthority: null,
          signHeadTitle: null,
          active: true,
          mustChangePassword: true,
        };
      });
      const ids = await this.users.insertBulk(em, rows);
      for (const u of chunk)
        audit.push({
          action: 'import',
          entity: 'user',
          entityId: ids.get(u.username)!,
          label: u.username,
          after: userAudit(u),
        });
      await progress(chunk.length);
    }
    for (const chunk of chunks(plan.users.update)) {
      await this.users.updateMany(
        em,
        chunk.map(({ existing, fields }) => ({
          id: existing.id,
          ...userColumns(fields, idByCode),
        })),
      );
      for (const { existing, fields } of chunk) {
        const unitCode = codeById.get(existing.orgUnitId) ?? null;
        audit.push({
          action: 'import',
          entity: 'user',
          entityId: existing.id,
          label: existing.username,
          before: {
            fullName: existing.fullName,
            unitCode,
            roles: existing.roles,
            positionTitle: existing.positionTitle,
            email: existing.email,
          },
          after: userAudit(fields),
        });
      }
      await progress(chunk.length);
    }
    for (const chunk of chunks(audit)) await this.audit.record(em, actor, chunk);
    return passwords;
  }

  private async existingUnits(em?: EntityManager): Promise<ExistingUnit[]> {
    return (await this.org.findAll(em)).map((u) => ({
      id: u.id,
      code: u.code,
      parentId: u.parentId,
      name: u.name,
      level: u.level,
      abbreviation: u.abbreviation,
      placeName: u.placeName,
      kind: u.kind,
      validFrom: u.validFrom,
      validTo: u.validTo,
      governingBody: u.governingBody,
      filingUnit: u.filingUnit,
    }));
  }

  private async existingUsers(em?: EntityManager): Promise<ExistingUser[]> {
    return (await this.users.all(em)).map((u) => ({
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      orgUnitId: u.orgUnitId,
      roles: u.roles,
      positionTitle: u.positionTitle,
      email: u.email,
    }));
  }
}

/** The plan's problems, raised inside the transaction (rolled back, then reported). */
export class ImportRefused extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super('import refused');
  }
}

function* chunks<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}
