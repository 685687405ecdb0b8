import { setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** An error class a task may throw on purpose (bad input): it crosses the thread by name and message. */

export type ExpectedError = new (message: string) => Error;

/**
 * A function run in a worker thread: CPU-heavy work on untrusted input (parsing, decoding,
 * verifying). Its arguments and result cross the thread by structured clone (a Buffer arrives as a
 * Uint8Array; top-level ones are turned back into Buffers on the worker's side). The errors listed
 * in `errors` are the input's fault and are thrown again, same class and message, in the caller.
 */
export interface WorkerTask<A extends unknown[], R> {
  readonly name: string;
  readonly fn: (...args: A) => R | Promise<R>;
  readonly errors: readonly ExpectedError[];
}

/** What a worker answers: the result, or an expected error by class name. */
export type TaskOutcome =
  { ok: true; value: unknown } | { ok: false; error: string; message: string };

export interface TaskMessage {
  name: string;
  args: unknown[];
}

const TASKS = new Map<string, WorkerTask<never, unknown>>();

/** Declares a task (once per name); the worker entry imports every module that declares one. */
export function defineTask<A extends unknown[], R>(
  name: string,
  fn: (...args: A) => R | Promise<R>,
  opts: { errors?: readonly ExpectedError[] } = {},
): WorkerTask<A, Awaited<R>> {
  if (TASKS.has(name)) throw new Error(`worker task ${name} is defined twice`);
  const task = { name, fn, errors: opts.errors ?? [] } as WorkerTask<A, Awaited<R>>;
  TASKS.set(name, task as unknown as WorkerTask<never, unknown>);
  return task;
}

/** The names of the declared tasks (a worker entry checks it knows them all). */
export const taskNames = (): string[] => [...TASKS.keys()];

const asBuffer = (v: unknown) =>
  v instanceof Uint8Array && !Buffer.isBuffer(v)
    ? Buffer.from(v.buffer, v.byteOffset, v.length)
    : v;

/** The worker's side: runs the named task and answers its result or its expected error. */
export async function runTask(message: TaskMessage): Promise<TaskOutcome> {
  const task = TASKS.get(message.name) as WorkerTask<unknown[], unknown> | undefined;
  if (!task) throw new Error(`unknown worker task ${message.name}`);
  try {
    return { ok: true, value: await task.fn(...message.args.map(asBuffer)) };
  } catch (e) {
    const expected = task.errors.find((cls) => e instanceof cls);
    if (expected) return { ok: false, error: expected.name, message: (e as Error).message };
    throw e;
  }
}

/** Niceness of the worker threads: the scheduler prefers the event loop's thread to them. */
const WORKER_NICENESS = 10;

/**
 * Called once by a worker entry: lowers this thread's CPU priority (on Linux a thread has its own),
 * so that however many threads parse hostile uploads, the thread that answers every other request
 * gets the CPU first. Lowering needs no privilege; where refused, the thread keeps its priority.
 */
export function yieldCpuToEventLoop(): void {
  if (isMainThread) return;
  try {
    setPriority(WORKER_NICENESS);
  } catch {
    // Not permitted on this system: the work still runs, at normal priority.
  }
}
