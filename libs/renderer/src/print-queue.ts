import { RendererErrors } from './renderer.errors';
import { RendererStats } from './renderer-stats';

export type PrintPurpose = 'issue' | 'preview';

/**
 * What a render is for: issuing an original (served first, and from three pages on one page is kept
 * for it) or a preview; `owner` (a user) is served in turn with the other owners waiting.
 */
export interface RenderRequest {
  purpose?: PrintPurpose;
  owner?: string;
}

interface Waiter {
  purpose: PrintPurpose;
  owner: string;
  grant: () => void;
}

const RETRY_AFTER_SECONDS = 10;

/**
 * The renderer's pages as a bounded, fair queue: at most `poolSize` prints at once, at most
 * `queueLimit` waiting (more → 429), none waiting longer than `queueTimeoutMs` (→ 503); both
 * answers carry Retry-After.
 */
export class PrintQueue {
  private busy = 0;
  private busyPreviews = 0;
  private readonly waiters: Waiter[] = [];
  /** Prints running per owner, and when each owner was last given a page (fair turns). */
  private readonly running = new Map<string, number>();
  private readonly lastServed = new Map<string, number>();
  private grants = 0;

  constructor(
    private readonly opts: { poolSize: number; queueLimit: number; queueTimeoutMs?: number },
    private readonly stats: RendererStats,
  ) {}

  /** Pages previews may hold at once: from three pages on, one is kept for issuing. */
  private get previewCapacity(): number {
    return this.opts.poolSize >= 3 ? this.opts.poolSize - 1 : this.opts.poolSize;
  }

  private canStart(purpose: PrintPurpose): boolean {
    return (
      this.busy < this.opts.poolSize &&
      (purpose === 'issue' || this.busyPreviews < this.previewCapacity)
    );
  }

  private take(purpose: PrintPurpose, owner: string): void {
    this.busy++;
    if (purpose === 'preview') this.busyPreviews++;
    this.running.set(owner, (this.running.get(owner) ?? 0) + 1);
    this.lastServed.set(owner, ++this.grants);
    if (this.lastServed.size > 10_000) this.lastServed.clear();
  }

  /**
   * A page for one print: at once when one is free for its purpose; else in the queue (full → 429,
   * waiting longer than queueTimeoutMs → 503, both with Retry-After).
   */
  acquire(purpose: PrintPurpose, owner: string): Promise<void> {
    if (this.waiters.length === 0 && this.canStart(purpose)) {
      this.take(purpose, owner);
      return Promise.resolve();
    }
    if (this.waiters.length >= this.opts.queueLimit)
      return Promise.reject(RendererErrors.RENDER_QUEUE_FULL({ retryAfter: RETRY_AFTER_SECONDS }));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        purpose,
        owner,
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        this.stats.queueTimeouts++;
        reject(RendererErrors.RENDER_QUEUE_TIMEOUT({ retryAfter: RETRY_AFTER_SECONDS }));
      }, this.opts.queueTimeoutMs ?? 15000);
      this.waiters.push(waiter);
      this.grantWaiting();
    });
  }

  release(purpose: PrintPurpose, owner: string) {
    this.busy--;
    if (purpose === 'preview') this.busyPreviews--;
    const left = (this.running.get(owner) ?? 1) - 1;
    if (left > 0) this.running.set(owner, left);
    else this.running.delete(owner);
    this.grantWaiting();
  }

  /**
   * Free pages to the waiting prints: issuing first, then previews in turn — the owner with the
   * fewest prints running first, then the one served longest ago, then arrival order — so one
   * person's many or huge documents do not hold everyone else back.
   */
  private grantWaiting() {
    for (;;) {
      let pick = -1;
      for (let i = 0; i < this.waiters.length; i++) {
        const w = this.waiters[i];
        if (!this.canStart(w.purpose)) continue;
        if (w.purpose === 'issue') {
          pick = i;
          break;
        }
        if (pick < 0 || this.before(w.owner, this.waiters[pick].owner)) pick = i;
      }
      if (pick < 0) return;
      const [w] = this.waiters.splice(pick, 1);
      this.take(w.purpose, w.owner);
      w.grant();
    }
  }

  /** Whether `a` has its turn before `b`. */
  private before(a: string, b: string): boolean {
    const ra = this.running.get(a) ?? 0;
    const rb = this.running.get(b) ?? 0;
    if (ra !== rb) return ra < rb;
    return (this.lastServed.get(a) ?? 0) < (this.lastServed.get(b) ?? 0);
  }
}
