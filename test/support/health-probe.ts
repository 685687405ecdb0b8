import { spawn } from 'node:child_process';

/**
 * Calls `${url}/api/health` one call after the other from a process of its own, until stopped: the
 * latencies are then the server's, not delayed by the test's own event loop (which is busy making
 * and sending the attack). Each answer must be 200; the first call (connection set-up) is not timed.
 */
const PROBE = `
const url = process.argv[1] + '/api/health';
const times = [];
let bad = null;
let stop = false;
process.stdin.on('data', () => (stop = true));
process.stdin.on('end', () => (stop = true));
(async () => {
  await fetch(url).then((r) => r.arrayBuffer());
  process.stdout.write('ready\\n');
  while (!stop) {
    const t0 = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    times.push(Math.round(performance.now() - t0));
    if (res.status !== 200 && bad === null) bad = res.status;
  }
  process.stdout.write(JSON.stringify({ times, bad }) + '\\n');
})().catch((e) => {
  process.stdout.write(JSON.stringify({ times, bad: String(e) }) + '\\n');
});
`;

export interface HealthProbe {
  /** Stops calling; the latency of every call (ms), and the first status that was not 200. */
  stop(): Promise<{ times: number[]; bad: number | string | null }>;
}

export async function startHealthProbe(url: string): Promise<HealthProbe> {
  const child = spawn(process.execPath, ['-e', PROBE, url], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (out.startsWith('ready\n')) {
        child.stdout.off('data', check);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`health probe exited (${code}): ${out}`)));
  });
  return {
    async stop() {
      const exited = new Promise((r) => child.on('exit', r));
      child.stdin.end('stop\n');
      await exited;
      return JSON.parse(out.slice('ready\n'.length).trim());
    },
  };
}
