import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { CredentialCipher, DomainException, capErrors } from '@app/common';
import { NotAWorkbookError } from '@app/forms';
import { WorkerPool } from '@app/workers';
import { AdministrationErrors } from './administration.errors';
import { ImportJob } from './entities/import-job.entity';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportPlan, ImportProblem } from './import-types';
import { ImportSheets } from './import-sheets';
import { readImportWorkbookTask } from './import.tasks';
import { ImportActor, ImportOutcome, ImportRefused, ImportWriter } from './import-writer';
import { passwordsWorkbook } from './passwords-workbook';

/** The cipher of the one-time passwords an import keeps until they are downloaded. */
export const IMPORT_CIPHER = Symbol('IMPORT_CIPHER');

/**
 * Bulk import of units and users from a workbook: everything checked first (every problem with its
 * sheet and row), then everything written in one transaction, or nothing. Re-importing the same file
 * changes nothing. Users it creates get one-time passwords, returned to an API caller or, for an
 * import run in the background from the page, kept encrypted until downloaded once.
 */
@Injectable()
export class ImportService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ImportService.name);
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly writer: ImportWriter,
    @Inject(IMPORT_CIPHER) private readonly cipher: CredentialCipher,
    private readonly workers: WorkerPool,
  ) {}

  /** Imports left unfinished by a stopped server wrote nothing (one transaction): say so. */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.failUnfinished(
      'Máy chủ đã khởi động lại trong khi nhập; chưa có dữ liệu nào được ghi. Hãy tải tệp lên lại.',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /** Imports now and answers with what changed and the new users' one-time passwords (the API). */
  async importNow(
    actor: ImportActor,
    fileName: string,
    bytes: Buffer | undefined,
  ): Promise<ImportOutcome> {
    const plan = await this.check(actor, bytes);
    const jobId = await this.jobs.create({
      createdBy: actor.id,
      fileName,
      status: 'writing',
      rowsTotal: rowsOf(plan),
    });
    const outcome = await this.writer.write(actor, plan, jobId);
    await this.jobs.update(jobId, {
      status: 'done',
      result: summary(outcome),
      finishedAt: new Date(),
      passwordsDownloadedAt: outcome.passwords.length ? new Date() : null,
    });
    return outcome;
  }

  /**
   * Starts an import in the background (the page): the job's progress can be followed and the page
   * left and come back to. A file that cannot be read at all is refused at once.
   */
  async start(actor: ImportActor, fileName: string, bytes: Buffer | undefined): Promise<string> {
    const sheets = await this.read(bytes);
    const total = sheets.units.length + sheets.users.length;
    const jobId = await this.jobs.create({
      createdBy: actor.id,
      fileName,
      status: 'checking',
      rowsTotal: total,
    });
    const run = this.runJob(actor, jobId, sheets).finally(() => this.running.delete(run));
    this.running.add(run);
    return jobId;
  }

  /** A job of the asking administrator. */
  async job(actor: ImportActor, id: string): Promise<ImportJob> {
    const job = /^[0-9a-f-]{36}$/i.test(id) ? await this.jobs.findById(id) : null;
    if (!job || job.createdBy !== actor.id) throw AdministrationErrors.IMPORT_NOT_FOUND();
    return job;
  }

  recent(actor: ImportActor): Promise<ImportJob[]> {
    return this.jobs.recent(actor.id);
  }

  /** The one-time passwords of a finished job, as a workbook: once, then they are gone. */
  async takePasswords(actor: ImportActor, id: string): Promise<Buffer> {
    await this.job(actor, id);
    const sealed = await this.jobs.takePasswords(id);
    if (!sealed) throw AdministrationErrors.PASSWORDS_GONE();
    return this.cipher.decrypt(sealed);
  }

  private async runJob(actor: ImportActor, jobId: string, sheets: ImportSheets): Promise<void> {
    try {
      const plan = await this.writer.plan(actor, sheets);
      await this.jobs.update(jobId, { rowsChecked: sheets.units.length + sheets.users.length });
      if (plan.problems.length) {
        await this.jobs.update(jobId, {
          status: 'failed',
          errors: listed(plan.problems),
          finishedAt: new Date(),
        });
        return;
      }
      await this.jobs.update(jobId, { status: 'writing' });
      const outcome = await this.writer.write(actor, plan, jobId);
      const passwords = outcome.passwords.length
        ? this.cipher.encrypt(await passwordsWorkbook(outcome.passwords))
        : null;
      await this.jobs.update(jobId, {
        status: 'done',
        result: summary(outcome),
        passwordsEncrypted: passwords,
        finishedAt: new Date(),
      });
    } catch (e) {
      const problems: ImportProblem[] =
        e instanceof ImportRefused
          ? e.problems
          : [
              {
                sheet: '—',
                message:
                  'Lỗi khi ghi dữ liệu; chưa có dữ liệu nào được ghi. Hãy thử lại hoặc báo quản trị hệ thống.',
              },
            ];
      if (!(e instanceof ImportRefused))
        this.log.error(`import ${jobId} failed: ${(e as Error).stack ?? e}`);
      await this.jobs
        .update(jobId, { status: 'failed', errors: listed(problems), finishedAt: new Date() })
        .catch(() => undefined);
    }
  }

  private async read(bytes: Buffer | undefined) {
    if (!bytes?.length)
      throw AdministrationErrors.IMPORT_UNREADABLE({
        message: 'Chưa có tệp Excel (.xlsx) nào được gửi lên.',
      });
    let sheets: ImportSheets;
    try {
      sheets = await this.workers.run(readImportWorkbookTask, bytes);
    } catch (e) {
      if (e instanceof DomainException) throw e; // past the deadline, out of memory, busy
      throw AdministrationErrors.IMPORT_UNREADABLE({
        message:
          e instanceof NotAWorkbookError
            ? e.message
            : 'Tệp không đọc được như một bảng tính Excel (.xlsx). Hãy dùng tệp mẫu tải về từ trang nhập dữ liệu.',
      });
    }
    if (sheets.problems.length) throw invalid(sheets.problems);
    return sheets;
  }

  /** Reads the workbook and checks it against the database; every problem refused at once. */
  private async check(actor: ImportActor, bytes: Buffer | undefined): Promise<ImportPlan> {
    const plan = await this.writer.plan(actor, await this.read(bytes));
    if (plan.problems.length) throw invalid(plan.problems);
    return plan;
  }
}

/** The problems kept with a job: the first MAX_LISTED_ERRORS, and a line saying how many more. */
function listed(problems: ImportProblem[]): ImportProblem[] {
  const { errors, errorCount } = capErrors(problems);
  if (errorCount === errors.length) return errors;
  return [
    ...errors,
    {
      sheet: '—',
      message: `Còn ${errorCount - errors.length} lỗi khác (chỉ liệt kê ${errors.length} lỗi đầu tiên); hãy sửa các lỗi trên rồi nhập lại.`,
    },
  ];
}

const invalid = (problems: ImportProblem[]) =>
  AdministrationErrors.IMPORT_INVALID({ count: problems.length }, { errors: problems });

const rowsOf = (plan: ImportPlan) => plan.sheets.units.length + plan.sheets.users.length;

const summary = (o: ImportOutcome) => ({
  units: o.units,
  users: o.users,
  passwords: o.passwords.length,
});
