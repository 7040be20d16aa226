import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ManusError } from '../../core/errors.ts';
import type { Actor } from '../../db/actor.ts';
import { appendAudit } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { snapshotDatabase } from '../../db/snapshot.ts';
import { withTransaction } from '../../db/transaction.ts';
import { STORE_FOLDERS } from '../../imaging/store/open.ts';
import { MANUS_VERSION } from '../../version.ts';
import { copyHashed, hashFile, MANIFEST_FILE, type BackupFile, type BackupManifest } from './manifest.ts';

/**
 * `manus backup`: a folder holding a snapshot of the database, every stored image file (de-identified DICOM and
 * NIfTI) and kept original, and a manifest of their SHA-256 sums. It runs while the server runs: the database is
 * snapshotted first, then the store folders are copied. Stored files are content-addressed and never rewritten
 * with other content, so every file a snapshotted record names is already in place when the copy reads it; files
 * written after the snapshot come along as orphans, which `store verify` lists as harmless. Left out: uploads being
 * imported (identifying originals, removed once imported) and the stores' temporary files.
 */
export interface BackupSummary {
  id: string;
  out: string;
  engine: 'sqlite' | 'postgres';
  files: number;
  bytes: number;
}

/** A store's folder of files being written aside before their atomic rename (filesystem.ts). */
const STORE_TEMPORARY = 'tmp';

async function storedFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => !path.slice(root.length + 1).startsWith(`${STORE_TEMPORARY}/`))
    .sort();
}

export async function backup(options: {
  db: Database;
  actor: Actor;
  dataDir: string;
  out: string;
  /** The PostgreSQL URL, for pg_dump. */
  databaseUrl?: string;
  /** Set when the DICOM store is Orthanc: its images are not in the data folder, so a backup would lack them. */
  orthancUrl?: string;
}): Promise<BackupSummary> {
  const { db } = options;
  const out = resolve(options.out);
  if (options.orthancUrl)
    throw new ManusError(
      'invalid',
      'The images are stored in Orthanc (ORTHANC_URL): back up its storage with Orthanc, and the database ' +
        'with pg_dump or a copy made by the SQLite backup API (see README, Backup and restore)',
    );
  if (existsSync(out))
    throw new ManusError('conflict', `${out} exists: a backup is written to a new folder`, [
      { path: 'out', code: 'not_unique', message: 'a path that does not exist yet' },
    ]);
  const id = randomUUID();
  // Written beside its final name and renamed when complete: a folder named `out` is always a whole backup.
  const staging = join(dirname(out), `.${basename(out)}.${id}.partial`);
  await mkdir(join(staging, 'database'), { recursive: true });
  try {
    const files: BackupFile[] = [];
    const snapshot = await snapshotDatabase(db, join(staging, 'database'), options.databaseUrl);
    const database = `database/${snapshot}`;
    files.push({ path: database, ...(await hashFile(join(staging, database))) });
    for (const folder of Object.values(STORE_FOLDERS)) {
      const root = resolve(options.dataDir, folder);
      for (const source of await storedFiles(root)) {
        const path = `store/${folder}/${source.slice(root.length + 1)}`;
        await mkdir(dirname(join(staging, path)), { recursive: true });
        files.push({ path, ...(await copyHashed(source, join(staging, path))) });
      }
    }
    const manifest: BackupManifest = {
      format: 'manus-backup',
      formatVersion: 1,
      id,
      createdAt: new Date().toISOString(),
      manusVersion: MANUS_VERSION,
      engine: db.engine,
      database,
      files,
    };
    await writeFile(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(staging, out);
    const summary: BackupSummary = {
      id,
      out,
      engine: db.engine,
      files: files.length,
      bytes: files.reduce((sum, f) => sum + f.size, 0),
    };
    // Who copied the whole study, and when: recorded in the live trail (the copy was taken just before).
    await withTransaction(db, (trx) =>
      appendAudit(trx, options.actor, {
        action: 'backup.create',
        entityType: 'backup',
        entityId: id,
        after: { out, engine: summary.engine, files: summary.files, bytes: summary.bytes },
      }),
    );
    return summary;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
