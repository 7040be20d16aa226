import { userInfo } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { ManusError } from '../core/errors.ts';
import type { Actor } from '../db/actor.ts';
import type { Database, DatabaseOptions } from '../db/connection.ts';

/** Options every database-touching command accepts. */
export interface DataOptions {
  dataDir?: string;
}

/** The data folder given by option or environment; undefined means the default (`./data`) of `openDatabase`. */
export function databaseOptions(options: DataOptions): DatabaseOptions {
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = options.dataDir ?? process.env.MANUS_DATA_DIR;
  return { ...(dataDir ? { dataDir } : {}), ...(databaseUrl ? { databaseUrl } : {}) };
}

export async function withDatabase<T>(options: DataOptions, work: (db: Database) => Promise<T>): Promise<T> {
  // Loaded here, not at the top: commands without a database (score, stats, phantom) never load its drivers.
  const { openDatabase } = await import('../db/connection.ts');
  const db = await openDatabase(databaseOptions(options));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** The CLI acts as the operating-system user, recorded as such in the audit trail. */
export function cliActor(): Actor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // Some containers have no passwd entry for the uid.
  }
  return { userId: null, username: `cli:${name}`, role: 'system', requestId: `cli-${randomUUID()}` };
}

/** Exit codes: 0 success, 1 failure (including a broken audit chain), 2 unusable input. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ManusError)
    return error.kind === 'bad_request' ||
      error.kind === 'invalid' ||
      error.kind === 'too_large' ||
      error.kind === 'conflict' ||
      error.kind === 'not_found'
      ? 2
      : 1;
  return 1;
}

/**
 * The message of a failed command. Domain errors name the fields at fault, never a flag: a field the command has
 * an option for is shown as that option (`exam` as `--exam`), so the hint says what to type.
 */
export function describeError(error: unknown, command?: Command): string {
  if (error instanceof ManusError) {
    const flagOf = (path: string): string =>
      command?.options.find((o) => o.long && o.attributeName() === path)?.long ?? path;
    const fields = error.fields.map((f) => `\n  ${flagOf(f.path)}: ${f.message}`).join('');
    return `manus: ${error.message}${fields}`;
  }
  return `manus: ${error instanceof Error ? error.message : String(error)}`;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
