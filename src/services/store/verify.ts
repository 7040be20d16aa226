import { createHash, randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ManusError } from '../../core/errors.ts';
import type { Actor } from '../../db/actor.ts';
import { appendAudit } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { listStoredFiles, type StoredFileRecord } from '../../db/repositories/imaging/stored-files.ts';
import { withTransaction } from '../../db/transaction.ts';
import { StoredImages } from '../../imaging/dicomweb/retrieve.ts';
import { FilesystemStore } from '../../imaging/store/filesystem.ts';
import { listUploads, type LeftoverUpload } from '../imaging/uploads.ts';
import { openNiftiStore, openOriginalsStore, ORIGINALS_STORE_NAME } from '../../imaging/store/open.ts';
import type { ImageStore } from '../../imaging/store/store.ts';

export type ProblemKind = 'missing' | 'wrong_size' | 'wrong_content' | 'unreadable';

/** A damaged file, with the de-identified study, series and instance to re-import. */
export interface StoredFileProblem {
  kind: ProblemKind;
  /** 'filesystem' or 'orthanc' (de-identified DICOM and NIfTI), or 'quarantine' (a kept original). */
  store: string;
  format: 'dicom' | 'nifti';
  key: string;
  /** The file on disk; null in Orthanc. */
  path: string | null;
  expectedSize: number | null;
  foundSize: number | null;
  /** The errno code of a file that could not be read (EIO, EACCES…). */
  error?: string;
  pseudonym: string | null;
  examCode: string | null;
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  seriesDescription: string | null;
  sopInstanceUid: string | null;
}

/** A file in a store folder that no record refers to: a leftover of an interrupted or superseded write. */
export interface OrphanFile {
  path: string;
  size: number;
}

export interface VerificationReport {
  checked: number;
  bytes: number;
  ok: number;
  /** Instances in Orthanc: addressed by UID, not by hash, so only their size could be checked. */
  sizeOnly: number;
  /** Sorted by pseudonym, exam code, study, series and instance, so that what to re-import reads in groups. */
  problems: StoredFileProblem[];
  orphans: OrphanFile[];
  /**
   * Upload files in `<data dir>/uploads/`: identifying originals waiting for their import, or left by a server
   * killed mid-import (removed at its next start).
   */
  uploads: LeftoverUpload[];
}

export interface VerifyProgress {
  files: number;
  totalFiles: number;
  bytes: number;
}

/**
 * Checks every stored file a record names: it must exist, have the recorded size and hash to its key. Files are
 * streamed one at a time, so memory stays flat whatever their size. Ends with one audit event for the run.
 */
export async function verifyStore(options: {
  db: Database;
  actor: Actor;
  dataDir: string;
  onProgress?: (progress: VerifyProgress) => void;
}): Promise<VerificationReport> {
  const { db, dataDir } = options;
  const records = await listStoredFiles(db.kysely);
  const images = new StoredImages(dataDir);
  const config = { kind: 'filesystem' as const, dataDir };
  const nifti = openNiftiStore(config);
  const originals = openOriginalsStore(config);
  const storeOf = (r: StoredFileRecord): { name: string; store: ImageStore } =>
    r.kind === 'original'
      ? { name: ORIGINALS_STORE_NAME, store: originals }
      : r.kind === 'nifti'
        ? { name: nifti.kind, store: nifti }
        : { name: r.store, store: images.store(r.store) };
  // Opened before reading anything, so that an unusable store (instances in Orthanc, ORTHANC_URL unset) fails at once.
  const checks = records.map((record) => ({ record, ...storeOf(record) }));

  const report: VerificationReport = {
    checked: 0,
    bytes: 0,
    ok: 0,
    sizeOnly: 0,
    problems: [],
    orphans: [],
    uploads: [],
  };
  const progress = () =>
    options.onProgress?.({ files: report.checked, totalFiles: records.length, bytes: report.bytes });
  progress();
  const referenced = new Set<string>();
  for (const { record, name, store } of checks) {
    const path = store instanceof FilesystemStore ? store.pathOf(record.key) : null;
    if (path) referenced.add(path);
    // Orthanc keys are study/series/SOP UIDs: nothing to hash against.
    const hashed = store.kind === 'filesystem';
    if (!hashed) report.sizeOnly += 1;
    const found = await inspect(store, record.key);
    const foundSize = 'size' in found ? found.size : null;
    const kind: ProblemKind | null =
      'problem' in found
        ? found.problem
        : record.size !== null && found.size !== record.size
          ? 'wrong_size'
          : hashed && found.sha256 !== record.key
            ? 'wrong_content'
            : null;
    report.checked += 1;
    report.bytes += foundSize ?? 0;
    if (kind === null) report.ok += 1;
    else
      report.problems.push({
        kind,
        store: name,
        format: record.format,
        key: record.key,
        path,
        expectedSize: record.size,
        foundSize,
        ...('error' in found ? { error: found.error } : {}),
        pseudonym: record.pseudonym,
        examCode: record.examCode,
        studyInstanceUid: record.studyInstanceUid,
        seriesInstanceUid: record.seriesInstanceUid,
        seriesDescription: record.seriesDescription,
        sopInstanceUid: record.sopInstanceUid,
      });
    progress();
  }
  report.problems.sort(byReimport);
  // The DICOM folder too when instances are in Orthanc: files left there from before are orphans all the same.
  report.orphans = await orphansIn([new FilesystemStore(dataDir), nifti, originals], referenced);
  report.uploads = await listUploads(dataDir);

  const byKind: Partial<Record<ProblemKind, number>> = {};
  for (const p of report.problems) byKind[p.kind] = (byKind[p.kind] ?? 0) + 1;
  await withTransaction(db, (trx) =>
    appendAudit(trx, options.actor, {
      action: 'imaging.store.verify',
      entityType: 'imaging_store_verification',
      entityId: randomUUID(),
      after: {
        checked: report.checked,
        bytes: report.bytes,
        ok: report.ok,
        sizeOnly: report.sizeOnly,
        problems: byKind,
        orphans: report.orphans.length,
        uploads: report.uploads.length,
      },
    }),
  );
  return report;
}

type Inspection =
  { size: number; sha256: string } | { problem: 'missing' } | { problem: 'unreadable'; error: string };

/** Streams one file through SHA-256. */
async function inspect(store: ImageStore, key: string): Promise<Inspection> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of await store.open(key)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (error) {
    // Stores answer not_found for a file they do not have; ENOENT is one removed while being opened.
    const code = (error as NodeJS.ErrnoException).code;
    if ((error instanceof ManusError && error.kind === 'not_found') || code === 'ENOENT')
      return { problem: 'missing' };
    // A file system error (a bad sector, a permission) is this file's problem; anything else (Orthanc down) stops the run.
    if (typeof code === 'string') return { problem: 'unreadable', error: code };
    throw error;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Code-point order: the same on every machine, whatever its locale. */
function compare(a: string | null, b: string | null): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

function byReimport(a: StoredFileProblem, b: StoredFileProblem): number {
  return (
    compare(a.pseudonym, b.pseudonym) ||
    compare(a.examCode, b.examCode) ||
    compare(a.studyInstanceUid, b.studyInstanceUid) ||
    compare(a.seriesInstanceUid, b.seriesInstanceUid) ||
    compare(a.sopInstanceUid, b.sopInstanceUid) ||
    compare(a.store, b.store)
  );
}

/** Files under the store folders that no record names. Never removed: an import may be about to record them. */
async function orphansIn(
  stores: readonly FilesystemStore[],
  referenced: ReadonlySet<string>,
): Promise<OrphanFile[]> {
  const orphans: OrphanFile[] = [];
  for (const { root } of stores) {
    let entries;
    try {
      entries = await readdir(root, { recursive: true, withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      if (referenced.has(path)) continue;
      // An import may discard a duplicate it has just written between the listing and here.
      const size = await stat(path).then(
        (s) => s.size,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return null;
          throw error;
        },
      );
      if (size !== null) orphans.push({ path, size });
    }
  }
  return orphans.sort((a, b) => compare(a.path, b.path));
}
