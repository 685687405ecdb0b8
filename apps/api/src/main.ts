import { ConfigError, StartRefused } from '@app/config';
import { EmbeddedPostgresError } from '@app/database';
import { RunningServer, startServer } from './bootstrap';
import { startupMessage } from './startup-message';

async function main() {
  const args = process.argv.slice(2);
  let server: RunningServer | null = null;
  let stopping: string | null = null;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = signal;
    // A signal during start-up is handled once the server (and the embedded database) is up.
    if (!server) return;
    process.stdout.write(
      JSON.stringify({
        time: new Date().toISOString(),
        level: 'log',
        context: 'Bootstrap',
        msg: `${signal}: shutting down`,
      }) + '\n',
    );
    const force = setTimeout(() => process.exit(1), 15000);
    force.unref();
    server
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  // Registered before anything starts, so a stop request is never lost.
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  server = await startServer(process.env, {
    seedOnly: args.includes('--seed-only'),
    migrateOnly: args.includes('--migrate-only'),
  });
  if (!server) return;
  // One line for people (the address, the demo accounts); the JSON logs follow at LOG_LEVEL.
  process.stdout.write(`${startupMessage(server.url, server.demoUsers)}\n`);
  if (stopping) {
    const signal = stopping;
    stopping = null;
    stop(signal);
  }
}

main().catch((e) => {
  // What the operator must fix, said plainly (no stack trace).
  if (e instanceof ConfigError || e instanceof StartRefused || e instanceof EmbeddedPostgresError) {
    process.stderr.write(`${e.message}\n`);
  } else {
    process.stderr.write(
      JSON.stringify({
        time: new Date().toISOString(),
        level: 'fatal',
        msg: 'start failed',
        err: String(e),
        stack: (e as Error)?.stack,
      }) + '\n',
    );
  }
  process.exit(1);
});
