import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ManusError } from '../../core/errors.ts';
import type { Actor } from '../../db/actor.ts';
import { appendAudit } from '../../db/audit.ts';
import { openDatabase } from '../../db/connection.ts';
import {
  assertRestoreTargetEmpty,
  restoreSnapshot,
  snapshotEngine,
  type RestoreTarget,
} from '../../db/snapshot.ts';
import { withTransaction } from '../../db/transaction.ts';
import { hashFile, readManifest } from './manifest.ts';

/**
 * `manus restore`: checks every file of a backup against its manifest (size and SHA-256) before writing anything,
 * then restores the database snapshot and the store folders into an empty data folder (and, for PostgreSQL, an
 * empty database). The restored trail records the restore, chained after the backed-up events.
 */
export interface RestoreSummary {
  backup: string;
  createdAt: string;
  engine: 'sqlite' | 'postgres';
  dataDir: string;
  files: number;
  bytes: number;
}

function isEmptyFolder(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

export async function restore(options: {
  from: string;
  dataDir: string;
  actor: Actor;
  /** The empty PostgreSQL database to restore into, for a PostgreSQL backup. */
  databaseUrl?: string;
}): Promise<RestoreSummary> {
  const from = resolve(options.from);
  const dataDir = resolve(options.dataDir);
  const manifest = await readManifest(from);
  const engine = snapshotEngine(manifest.database.slice(manifest.database.lastIndexOf('/') + 1));
  if (engine !== manifest.engine)
    throw new ManusError('invalid', `The manifest of ${from} names no database snapshot of its engine`);
  const target: RestoreTarget =
    engine === 'sqlite' ? { engine, dataDir } : { engine, databaseUrl: requiredUrl(options.databaseUrl) };
  if (!isEmptyFolder(dataDir))
    throw new ManusError('conflict', `${dataDir} is not empty: restore into an empty or new folder`, [
      { path: 'dataDir', code: 'not_allowed', message: 'an empty or new folder' },
    ]);
  await assertRestoreTargetEmpty(target);

  for (const file of manifest.files) {
    let found: { size: number; sha256: string } | undefined;
    try {
      found = await hashFile(join(from, file.path));
    } catch {
      found = undefined;
    }
    if (!found || found.size !== file.size || found.sha256 !== file.sha256)
      throw new ManusError('invalid', `The backup ${from} is damaged: nothing was restored`, [
        {
          path: file.path,
          code: 'mismatch',
          message: found
            ? `size ${found.size}, SHA-256 ${found.sha256}: not as in the manifest`
            : 'missing or unreadable',
        },
      ]);
  }

  const created = !existsSync(dataDir);
  await mkdir(dataDir, { recursive: true });
  try {
    for (const file of manifest.files) {
      if (!file.path.startsWith('store/')) continue;
      const to = join(dataDir, file.path.slice('store/'.length));
      await mkdir(dirname(to), { recursive: true });
      await copyFile(join(from, file.path), to);
    }
    await restoreSnapshot(join(from, manifest.database), target);
    const db = await openDatabase(
      target.engine === 'sqlite' ? { dataDir } : { databaseUrl: target.databaseUrl },
    );
    try {
      await withTransaction(db, (trx) =>
        appendAudit(trx, options.actor, {
          action: 'backup.restore',
          entityType: 'backup',
          entityId: manifest.id,
          after: { from, createdAt: manifest.createdAt, manusVersion: manifest.manusVersion },
        }),
      );
    } finally {
      await db.close();
    }
  } catch (error) {
    // A half-restored folder must not be mistaken for a restored one.
    if (created) await rm(dataDir, { recursive: true, force: true });
    else
      for (const entry of readdirSync(dataDir))
        await rm(join(dataDir, entry), { recursive: true, force: true });
    throw error;
  }
  return {
    backup: manifest.id,
    createdAt: manifest.createdAt,
    engine: manifest.engine,
    dataDir,
    files: manifest.files.length,
    bytes: manifest.files.reduce((sum, f) => sum + f.size, 0),
  };
}

function requiredUrl(url: string | undefined): string {
  if (!url)
    throw new ManusError(
      'invalid',
      'This is a PostgreSQL backup: set DATABASE_URL to the empty database to restore into',
    );
  return url;
}
