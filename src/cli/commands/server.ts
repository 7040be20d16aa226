import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ManusError } from '../../core/errors.ts';
import { isDatabaseEmpty, type DemoAccount } from '../../db/demo/seed.ts';
import { seedDemoStudy } from '../../services/demo/seed.ts';
import { openDatabase } from '../../db/connection.ts';
import { findStudy } from '../../db/repositories/study.ts';
import { buildApp, DEFAULT_WEB_ROOT } from '../../server/app.ts';
import { parseTrustProxy, readTls } from '../../server/transport.ts';
import { ROOT_DIR } from '../../root.ts';
import { keepServingOnDefects } from '../../server/crash-guards.ts';
import { databaseOptions, describeError, exitCodeFor, type DataOptions } from '../context.ts';

const WEB_SOURCE = resolve(ROOT_DIR, 'web');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name === 'e2e') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the web app when web/dist is missing or older than its sources, so `npm start` needs no build step. */
export async function buildWebIfNeeded(log: (line: string) => void): Promise<void> {
  const index = join(DEFAULT_WEB_ROOT, 'index.html');
  let builtAt = 0;
  try {
    builtAt = statSync(index).mtimeMs;
  } catch {
    builtAt = 0;
  }
  if (builtAt > newestMtime(WEB_SOURCE)) return;
  log('Building the web app (first start or sources changed)…');
  const { build } = await import('vite');
  await build({ configFile: join(WEB_SOURCE, 'vite.config.ts'), logLevel: 'warn' });
}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ManusError('bad_request', `Invalid port ${value}`, [
      { path: 'port', code: 'out_of_range', message: 'an integer from 0 to 65535' },
    ]);
  }
  return port;
}

/** MANUS_UPLOAD_LIMIT_GB: the size limit of one image upload, in GiB (default 8). */
function uploadLimitBytes(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const gib = Number(value);
  if (!Number.isFinite(gib) || gib <= 0)
    throw new ManusError('bad_request', `Invalid MANUS_UPLOAD_LIMIT_GB ${value}`, [
      { path: 'MANUS_UPLOAD_LIMIT_GB', code: 'out_of_range', message: 'a positive number of GiB, e.g. 8' },
    ]);
  return Math.floor(gib * 1024 ** 3);
}

/** MANUS_SODIUM_TIME_LIMIT_S: the time limit of one sodium quantification's computation, in seconds (default 600). */
function sodiumTimeLimitMs(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new ManusError('bad_request', `Invalid MANUS_SODIUM_TIME_LIMIT_S ${value}`, [
      {
        path: 'MANUS_SODIUM_TIME_LIMIT_S',
        code: 'out_of_range',
        message: 'a positive number of seconds, e.g. 600',
      },
    ]);
  return Math.round(seconds * 1000);
}

interface ServeOptions extends DataOptions {
  port?: string;
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  trustProxy?: string;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A start-up step that failed, said with what it was doing. */
async function startupStep<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ManusError) throw error;
    throw new Error(`${what}: ${reasonOf(error)}`, { cause: error });
  }
}

/** Why the server cannot listen where it was told to, in words that say what to change. */
function listenFailure(error: unknown, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${host}:${port}`;
  const advice =
    code === 'EADDRINUSE'
      ? 'the port is already in use (another Manus server or program): stop it, or choose another port with --port or PORT'
      : code === 'EACCES'
        ? 'this user may not listen on that port: choose one above 1023 with --port or PORT'
        : code === 'EADDRNOTAVAIL'
          ? 'this machine has no such address: choose another with --host'
          : reasonOf(error);
  return new Error(`Cannot listen on ${where}: ${advice}`, { cause: error });
}

/**
 * A server that cannot start says why and ends with a non-zero code at once, rather than staying alive without
 * serving (on PostgreSQL the job queue's timers and the connection pool would otherwise keep the process running).
 */
function exitOnStartupFailure(error: unknown): never {
  process.stderr.write(`${describeError(error)}\n`);
  process.exit(exitCodeFor(error));
}

async function serve(options: ServeOptions, mode: { demo: boolean }): Promise<void> {
  const port = parsePort(options.port ?? process.env.PORT, 8070);
  const tls = readTls(
    options.tlsCert ?? process.env.MANUS_TLS_CERT,
    options.tlsKey ?? process.env.MANUS_TLS_KEY,
  );
  const trustProxy = parseTrustProxy(options.trustProxy ?? process.env.MANUS_TRUST_PROXY);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const uploadLimit = uploadLimitBytes(process.env.MANUS_UPLOAD_LIMIT_GB);
  const sodiumTimeLimit = sodiumTimeLimitMs(process.env.MANUS_SODIUM_TIME_LIMIT_S);
  keepServingOnDefects((line) => process.stderr.write(`${line}\n`));
  if (mode.demo) await buildWebIfNeeded(log);
  const db = await startupStep('Cannot open the database', () =>
    openDatabase({ ...databaseOptions(options), backgroundCheckpoints: true }),
  );
  let accounts: readonly DemoAccount[] | undefined;
  if (mode.demo && (await isDatabaseEmpty(db))) {
    log('Empty database: seeding the SYNTHETIC demo study (50 invented participants, images and readings)…');
    const seeded = await seedDemoStudy(db);
    accounts = seeded.accounts;
    const { exams, imagesMs, totalMs } = seeded.timings;
    log(
      `Seeded in ${(totalMs / 1000).toFixed(1)} s (images of ${exams} exams: ${(imagesMs / 1000).toFixed(1)} s)`,
    );
  }
  const app = await startupStep('Cannot start the server', async () => {
    const built = await buildApp({
      db,
      logger: process.env.MANUS_LOG === '1',
      keepOriginals: process.env.MANUS_KEEP_ORIGINALS === '1',
      transport: { ...(tls ? { tls } : {}), ...(trustProxy ? { trustProxy } : {}) },
      uploadLimitBytes: uploadLimit,
      sodiumTimeLimitMs: sodiumTimeLimit,
    });
    await built.ready();
    return built;
  });
  const close = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port, host: options.host }).catch((error: unknown) => {
    throw listenFailure(error, options.host, port);
  });
  // The port listened on: the one asked for, or the one the system chose for port 0.
  const address = app.server.address();
  const listening = typeof address === 'object' && address !== null ? address.port : port;
  log('');
  log(
    `Manus is running at ${tls ? 'https' : 'http'}://${options.host}:${listening}  (database: ${db.engine}, ${db.location})`,
  );
  // A real study (`manus study init`) served by `manus start` has no demo accounts to print.
  if (mode.demo && (accounts || (await findStudy(db.kysely))?.synthetic)) {
    const { DEMO_ACCOUNTS } = await import('../../db/demo/seed.ts');
    log('');
    log('SYNTHETIC DEMO DATA: no real patients. Demo accounts (username / password / role):');
    for (const a of accounts ?? DEMO_ACCOUNTS)
      log(`  ${a.username.padEnd(14)} ${a.password.padEnd(24)} ${a.role}`);
    if (!accounts)
      log('  (the database was already seeded; accounts changed since then keep their new passwords)');
  }
  log('');
  log('Press Ctrl+C to stop.');
}

function addTransportOptions(command: Command): void {
  command
    .option('--tls-cert <file>', 'PEM certificate chain: serve HTTPS (default: $MANUS_TLS_CERT)')
    .option('--tls-key <file>', 'PEM private key of the certificate (default: $MANUS_TLS_KEY)')
    .option(
      '--trust-proxy <addresses>',
      'reverse proxies to trust for X-Forwarded-Proto/-For, comma-separated addresses or CIDR ranges (default: $MANUS_TRUST_PROXY)',
    );
}

export function registerServerCommands(program: Command): void {
  const start = program
    .command('start')
    .description(
      'Build the web app if needed, migrate, seed the synthetic demo when the database is empty, and serve',
    )
    .option('--port <port>', 'port (default: $PORT or 8070)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action((options: ServeOptions) => serve(options, { demo: true }).catch(exitOnStartupFailure));
  addTransportOptions(start);
  const serveCommand = program
    .command('serve')
    .description('Migrate and serve the API and the built web app (no demo seeding)')
    .option('--port <port>', 'port (default: $PORT or 8070)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'data folder (default: $MANUS_DATA_DIR or ./data)')
    .action((options: ServeOptions) => serve(options, { demo: false }).catch(exitOnStartupFailure));
  addTransportOptions(serveCommand);
}
