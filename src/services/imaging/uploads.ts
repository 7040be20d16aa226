import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ManusError } from '../../core/errors.ts';
import type { Actor } from '../../db/actor.ts';
import { appendAudit } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { withTransaction } from '../../db/transaction.ts';

/**
 * Uploaded images wait in `<data dir>/uploads/` as they came (identifying originals) until their import ends; the
 * import route removes its file whatever happens, and a server removes at start the files of processes that are
 * gone (killed mid-import). A file is named after its server (host and process id), so that a server sharing the
 * data folder with another never removes an upload the other is still importing.
 */
export const UPLOADS_FOLDER = 'uploads';

/** Default limit of one upload: a whole exam as a zip archive, with room. */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 8 * 1024 ** 3;

const UPLOAD_NAME = /^(?<host>.+)\.(?<pid>\d+)\.[0-9a-f-]{36}\.upload$/;

export async function newUploadPath(dataDir: string): Promise<string> {
  const folder = join(dataDir, UPLOADS_FOLDER);
  await mkdir(folder, { recursive: true });
  return join(folder, `${hostname()}.${process.pid}.${randomUUID()}.upload`);
}

export const uploadTooLarge = (limit: number): ManusError =>
  new ManusError('too_large', `Upload larger than the server's limit of ${limit} bytes`, [
    { path: 'body', code: 'too_long', message: `must be at most ${limit} bytes` },
  ]);

/**
 * Streams the body to the file, and answers the number of bytes written. Past `limit` bytes nothing more is
 * written and the rest of the body is read and dropped, so that the client gets the 413 rather than a reset
 * connection (a declared Content-Length beyond the limit is refused before reading, see the route).
 */
export async function saveUpload(body: Readable, path: string, limit: number): Promise<number> {
  let received = 0;
  const bounded = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      callback(null, received > limit ? undefined : chunk);
    },
  });
  await pipeline(body, bounded, createWriteStream(path, { flags: 'wx' }));
  if (received > limit) throw uploadTooLarge(limit);
  return received;
}

export interface LeftoverUpload {
  path: string;
  size: number;
}

/** Every upload file in the data folder: those of running imports, and leftovers of interrupted ones. */
export async function listUploads(dataDir: string): Promise<LeftoverUpload[]> {
  const folder = join(dataDir, UPLOADS_FOLDER);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const uploads: LeftoverUpload[] = [];
  for (const name of names.filter((n) => n.endsWith('.upload')).sort()) {
    const path = join(folder, name);
    // An import may remove its file between the listing and here.
    const size = await stat(path).then(
      (s) => s.size,
      () => null,
    );
    if (size !== null) uploads.push({ path, size });
  }
  return uploads;
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the uploads no running server of this host is importing: those of processes that are gone, and files
 * not named after a server (left by an older version). Uploads of another host sharing the folder are left alone
 * (`manus store verify` lists them). Answers the files removed.
 */
export async function removeStaleUploads(dataDir: string): Promise<LeftoverUpload[]> {
  const removed: LeftoverUpload[] = [];
  for (const upload of await listUploads(dataDir)) {
    const owner = UPLOAD_NAME.exec(basename(upload.path))?.groups;
    const stale = !owner || (owner.host === hostname() && !processIsRunning(Number(owner.pid)));
    if (!stale) continue;
    await rm(upload.path, { force: true });
    removed.push(upload);
  }
  return removed;
}

/** A failed upload is audited: who sent how much to which exam, and why it failed (no file names: they may identify). */
export async function auditUploadFailure(
  db: Database,
  actor: Actor,
  failure: { examId: string; bytes: number; error: unknown },
): Promise<void> {
  const { error } = failure;
  await withTransaction(db, (trx) =>
    appendAudit(trx, actor, {
      action: 'imaging.upload.failed',
      entityType: 'imaging_import',
      entityId: randomUUID(),
      after: {
        examId: failure.examId,
        bytes: failure.bytes,
        error: error instanceof ManusError ? error.kind : 'internal',
        reason: error instanceof ManusError ? error.message : 'internal error',
      },
    }),
  );
}
