import { ConfigError } from '@app/config';
import { startServer } from './bootstrap';

async function main() {
  const args = process.argv.slice(2);
  const server = await startServer(process.env, { seedOnly: args.includes('--seed-only'), migrateOnly: args.includes('--migrate-only') });
  if (!server) return;
  const stop = (signal: string) => {
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: 'log', context: 'Bootstrap', msg: `${signal}: shutting down` }) + '\n');
    const force = setTimeout(() => process.exit(1), 15000);
    force.unref();
    server
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
  } else {
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'fatal', msg: 'start failed', err: String(e), stack: (e as Error)?.stack }) + '\n');
  }
  process.exit(1);
});
