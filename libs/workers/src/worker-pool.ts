import { existsSync } from 'node:fs';
import * as path from 'node:path';
import Piscina from 'piscina';
import { projectRoot } from '@app/common';
import { TaskMessage, TaskOutcome, WorkerTask } from './worker-task';
import { WorkerErrors } from './workers.errors';

export interface WorkerPoolOptions {
  /**
   * The worker entry without its extension: the compiled `.js` beside it (dist/) or, when the
   * server runs from its sources (the tests), the `.ts` compiled as it loads by scripts/ts-worker.js.
   */
  entry: string;
  /** Threads working at the same time. */
  threads: number;
  /** Time limit of one job, from its submission; past it the job is refused and its thread replaced. */
  timeoutMs: number;
  /** Jobs waiting for a thread; more → 503. */
  queueLimit: number;
  /** Heap (old generation) of one thread, MB; a job needing more is refused and its thread replaced. */
  memoryMb: number;
  /** Threads kept started while idle (0: started at the first job). */
  minThreads?: number;
  log?: (entry: Record<string, unknown>) => void;
}

/** Buffers a caller gave up (movable): moved to the thread instead of copied. */
const MOVABLE = new WeakSet<Buffer>();

/**
 * Marks `buf` as given up to the next job it is passed to: when it owns its memory whole (an
 * upload, as the body parser assembles it) the bytes are moved to the thread without a copy and
 * `buf` is left empty, so the caller must not read it afterwards; otherwise it is copied as usual.
 */
export function movable(buf: Buffer): Buffer {
  if (Buffer.isBuffer(buf) && buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength)
    MOVABLE.add(buf);
  return buf;
}

/** Where Piscina loads a thread from: the compiled entry, or the sources through the swc loader. */
export function workerFile(entry: string): { filename: string; workerData?: unknown } {
  if (existsSync(`${entry}.js`)) return { filename: `${entry}.js` };
  if (existsSync(`${entry}.ts`))
    return {
      filename: path.join(projectRoot(), 'scripts/ts-worker.js'),
      workerData: { entry: `${entry}.ts` },
    };
  throw new Error(`worker entry ${entry}(.js|.ts) not found`);
}

/**
 * Worker threads (Piscina) for the CPU-heavy work done on what users send — PDF verification, Excel
 * workbooks, signature images — so that no request can stall the event loop that serves the others.
 * Every job has a deadline (past it: 422 and the thread is terminated and replaced), every thread a
 * heap limit (past it: 422, the thread replaced), the queue a length (full: 503).
 */
export class WorkerPool {
  private readonly piscina: Piscina<TaskMessage, TaskOutcome>;
  private inFlight = 0;

  constructor(private readonly opts: WorkerPoolOptions) {
    this.piscina = new Piscina({
      ...workerFile(opts.entry),
      minThreads: Math.min(opts.minThreads ?? 0, opts.threads),
      maxThreads: opts.threads,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: opts.memoryMb, maxYoungGenerationSizeMb: 8 },
    });
  }

  /** Runs `task` in a thread; its expected errors are thrown again here, same class and message. */
  async run<A extends unknown[], R>(task: WorkerTask<A, R>, ...args: A): Promise<R> {
    if (this.inFlight >= this.opts.threads + this.opts.queueLimit) {
      this.opts.log?.({ msg: 'worker queue full', task: task.name, inFlight: this.inFlight });
      throw WorkerErrors.PROCESSING_BUSY({ retryAfter: 5 });
    }
    this.inFlight++;
    const started = Date.now();
    let outcome: TaskOutcome;
    try {
      // A Buffer is copied once into an ArrayBuffer of its own, which is then moved to the thread
      // (not cloned: a second copy of a 5 MB upload, and the garbage collection it brings, would
      // fall on the event loop); the caller's Buffer stays as it was. A Buffer its caller gave up
      // (movable) is moved as it is, without any copy.
      const transferList: ArrayBuffer[] = [];
      const moved = args.map((a) => {
        if (!Buffer.isBuffer(a)) return a;
        const bytes = MOVABLE.has(a)
          ? new Uint8Array(a.buffer as ArrayBuffer, 0, a.byteLength)
          : new Uint8Array(a);
        transferList.push(bytes.buffer as ArrayBuffer);
        return bytes;
      });
      outcome = await this.piscina.run(
        { name: task.name, args: moved },
        { signal: AbortSignal.timeout(this.opts.timeoutMs), transferList },
      );
    } catch (e) {
      throw this.failure(task.name, e, Date.now() - started);
    } finally {
      this.inFlight--;
    }
    if (outcome.ok) return outcome.value as R;
    const expected = task.errors.find((cls) => cls.name === outcome.error);
    if (!expected) throw new Error(`worker task ${task.name} failed: ${outcome.message}`);
    throw new expected(outcome.message);
  }

  /** Jobs running or waiting. */
  get pending(): number {
    return this.inFlight;
  }

  close(): Promise<void> {
    return this.piscina.destroy();
  }

  /** Nest stops the threads with the application. */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  private failure(name: string, e: unknown, ms: number): unknown {
    const err = e as { name?: string; code?: string; message?: string };
    if (err?.name === 'AbortError') {
      this.opts.log?.({ msg: 'worker job past its deadline; thread replaced', task: name, ms });
      return WorkerErrors.INPUT_TOO_COMPLEX({ seconds: Math.round(this.opts.timeoutMs / 1000) });
    }
    if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      this.opts.log?.({ msg: 'worker job out of memory; thread replaced', task: name, ms });
      return WorkerErrors.INPUT_TOO_LARGE_TO_PROCESS();
    }
    return e;
  }
}
