import { execFile } from 'node:child_process';
import { constants, copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { ManusError } from '../core/errors.ts';
import { openDatabase, SQLITE_FILE, type Database } from './connection.ts';

/**
 * Consistent copies of a database in use, for `manus backup` and `manus restore`. SQLite is copied through its online
 * backup API (a plain file copy of a WAL database being written may be torn); PostgreSQL through pg_dump's custom
 * format, which reads one snapshot, and pg_restore.
 */
export const SQLITE_SNAPSHOT = SQLITE_FILE;
export const POSTGRES_SNAPSHOT = 'manus.pgdump';

const run = promisify(execFile);

async function postgresTool(tool: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  try {
    await run(tool, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    throw new ManusError(
      failure.code === 'ENOENT' ? 'invalid' : 'conflict',
      failure.code === 'ENOENT'
        ? `${tool} is not installed: install the PostgreSQL client of the server's major version (Debian: postgresql-client)`
        : `${tool} failed: ${(failure.stderr ?? failure.message).trim()}`,
    );
  }
}

/**
 * Writes a snapshot of the open database into `dir` and returns its file name. On SQLite the whole database is
 * copied in one step of the backup API: in WAL mode that step reads one consistent state without blocking writers,
 * whereas copying in several steps restarts whenever another connection writes, and may never end under load.
 */
export async function snapshotDatabase(db: Database, dir: string, databaseUrl?: string): Promise<string> {
  if (db.engine === 'sqlite') {
    const source = new SQLite(db.location, { fileMustExist: true });
    try {
      // better-sqlite3 reads 0 as "no pages" (a stall), not SQLite's "all": ask for more pages than a database has.
      await source.backup(join(dir, SQLITE_SNAPSHOT), { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    return SQLITE_SNAPSHOT;
  }
  if (!databaseUrl) throw new ManusError('invalid', 'The PostgreSQL URL is needed to run pg_dump');
  await postgresTool('pg_dump', [
    '--format=custom',
    '--no-owner',
    '--no-privileges',
    ...(db.pgSchema ? [`--schema=${db.pgSchema}`] : []),
    `--file=${join(dir, POSTGRES_SNAPSHOT)}`,
    `--dbname=${databaseUrl}`,
  ]);
  return POSTGRES_SNAPSHOT;
}

/** Where a snapshot is restored: a data folder (SQLite) or an empty PostgreSQL database. */
export type RestoreTarget =
  { engine: 'sqlite'; dataDir: string } | { engine: 'postgres'; databaseUrl: string };

/** The engine a snapshot file was written by, from its name. */
export function snapshotEngine(file: string): 'sqlite' | 'postgres' | undefined {
  return file === SQLITE_SNAPSHOT ? 'sqlite' : file === POSTGRES_SNAPSHOT ? 'postgres' : undefined;
}

/** Refuses a target that already holds tables: a restore never merges into, or overwrites, a database. */
export async function assertRestoreTargetEmpty(target: RestoreTarget): Promise<void> {
  if (target.engine === 'sqlite') return; // The data folder itself is checked to be empty.
  const db = await openDatabase({ databaseUrl: target.databaseUrl, migrate: false });
  try {
    const { rows } = await sql<{ tables: number }>`
      select count(*)::int as tables from information_schema.tables where table_schema = current_schema()`.execute(
      db.kysely,
    );
    if ((rows[0]?.tables ?? 0) > 0)
      throw new ManusError(
        'conflict',
        `The PostgreSQL database at ${db.location} is not empty: restore into a newly created database`,
      );
  } finally {
    await db.close();
  }
}

/** Restores a snapshot file (already checked against its manifest) into an empty target. */
export async function restoreSnapshot(file: string, target: RestoreTarget): Promise<void> {
  if (target.engine === 'sqlite') {
    copyFileSync(file, join(resolve(target.dataDir), SQLITE_FILE), constants.COPYFILE_EXCL);
    return;
  }
  await postgresTool('pg_restore', [
    '--exit-on-error',
    '--no-owner',
    '--no-privileges',
    '--single-transaction',
    `--dbname=${target.databaseUrl}`,
    file,
  ]);
}
