import { PrintQueue } from './print-queue';
import { emptyStats } from './renderer-stats';

const tick = () => new Promise((r) => setImmediate(r));

describe(PrintQueue.name, () => {
  it('serves issuing first, then previews in turn between people, not in arrival order', async () => {
    const q = new PrintQueue({ poolSize: 1, queueLimit: 10 }, emptyStats());
    const order: string[] = [];
    await q.acquire('preview', 'a'); // a's first preview holds the only page
    const waiting = [
      ['preview', 'a', 'a2'],
      ['preview', 'a', 'a3'],
      ['preview', 'b', 'b1'],
      ['issue', '', 'issue'],
    ] as const;
    const done = waiting.map(([purpose, owner, name]) =>
      q.acquire(purpose, owner).then(() => {
        order.push(name);
        q.release(purpose, owner);
      }),
    );
    await tick();
    expect(order).toEqual([]);
    q.release('preview', 'a');
    await Promise.all(done);
    // The issue first; then b, who has not been served, before a's second and third.
    expect(order).toEqual(['issue', 'b1', 'a2', 'a3']);
  });

  it('keeps one page for issuing from three pages on', async () => {
    const q = new PrintQueue({ poolSize: 3, queueLimit: 10 }, emptyStats());
    await q.acquire('preview', 'a');
    await q.acquire('preview', 'b');
    let third = false;
    const preview = q.acquire('preview', 'c').then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    // The last page is there for an issue at once.
    await q.acquire('issue', '');
    q.release('preview', 'a');
    await preview;
    expect(third).toBe(true);
  });

  it('refuses past its queue (429) and past its waiting time (503), both with Retry-After', async () => {
    const stats = emptyStats();
    const q = new PrintQueue({ poolSize: 1, queueLimit: 1, queueTimeoutMs: 100 }, stats);
    await q.acquire('issue', '');
    const waiting = q.acquire('preview', 'a').then(
      () => 'granted',
      (e: { code: string; status: number; details: { retryAfter?: number } }) => e,
    );
    await expect(q.acquire('preview', 'b')).rejects.toMatchObject({
      code: 'RENDER_QUEUE_FULL',
      status: 429,
      details: { retryAfter: 10 },
    });
    expect(await waiting).toMatchObject({
      code: 'RENDER_QUEUE_TIMEOUT',
      status: 503,
      details: { retryAfter: 10 },
    });
    expect(stats.queueTimeouts).toBe(1);
    // The page is still there for the next one once released.
    q.release('issue', '');
    await expect(q.acquire('preview', 'c')).resolves.toBeUndefined();
  });
});
