import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
  writevSync,
} from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { ManusError } from '../../core/errors.ts';
import type { ImageStore, StoredObject } from './store.ts';

const KEY = /^[0-9a-f]{64}$/;

/**
 * Content-addressed files under `<data dir>/dicom/ab/<sha256>.dcm` (NIfTI: `nifti/ab/<sha256>.nii.gz`). One level
 * of 256 folders: about 200 files each for the whole study, and few folder creations, which are the slow part of
 * storing on ext4.
 *
 * A file is created exclusively under its final name. A crash can leave a short or empty file there, and disks
 * rot, so an existing file is compared with the bytes being stored (only when an import meets a file it stored
 * before) and rewritten through a temporary name and an atomic rename when it differs: importing the same images
 * again repairs what `manus store verify` reports.
 *
 * Writing is synchronous on purpose: it runs on import worker threads, where a blocking call costs nobody else and
 * saves the thread-pool round trips that otherwise make imports I/O-bound.
 */
export class FilesystemStore implements ImageStore {
  readonly kind = 'filesystem' as const;
  /** The folder holding this store's files. */
  readonly root: string;
  private readonly madeDirs = new Set<string>();

  /** DICOM files by default; NIfTI files go to their own folder with their own extension. */
  constructor(
    dataDir: string,
    private readonly layout: { folder: string; extension: string } = { folder: 'dicom', extension: '.dcm' },
  ) {
    this.root = join(dataDir, layout.folder);
  }

  pathOf(key: string): string {
    if (!KEY.test(key)) throw new ManusError('bad_request', `Not a store key: ${key}`);
    return join(this.root, key.slice(0, 2), `${key}${this.layout.extension}`);
  }

  private ensureDir(dir: string): void {
    if (this.madeDirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.madeDirs.add(dir);
  }

  async put(chunks: readonly Uint8Array[]): Promise<StoredObject> {
    // Content addressing: the key is the hash of the bytes, whatever the UIDs.
    const hash = createHash('sha256');
    let size = 0;
    for (const c of chunks) {
      hash.update(c);
      size += c.length;
    }
    const key = hash.digest('hex');
    const target = this.pathOf(key);
    this.ensureDir(dirname(target));
    let fd: number;
    try {
      fd = openSync(target, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (holds(target, chunks, size)) return { key, size, created: false };
      // Damaged (short after a crash, or altered on disk): storing the same file again repairs it.
      this.replace(target, chunks, size);
      return { key, size, created: true };
    }
    try {
      writeAll(fd, chunks, size);
    } catch (error) {
      closeSync(fd);
      rmSync(target, { force: true });
      throw error;
    }
    closeSync(fd);
    return { key, size, created: true };
  }

  rewrite(_key: string, chunks: readonly Uint8Array[]): Promise<StoredObject> {
    return this.put(chunks);
  }

  /** Repairs a short file left by a crash: write aside, then rename over it atomically. */
  private replace(target: string, chunks: readonly Uint8Array[], size: number): void {
    const tmpDir = join(this.root, 'tmp');
    this.ensureDir(tmpDir);
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    const fd = openSync(tmp, 'wx');
    try {
      writeAll(fd, chunks, size);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  }

  async open(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    if (!(await exists(path))) throw new ManusError('not_found', `Stored file ${key} not found`);
    return createReadStream(path);
  }

  async read(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new ManusError('not_found', `Stored file ${key} not found`);
      throw error;
    }
  }

  async discard(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

/** Whether the file at `path` holds exactly these bytes. */
function holds(path: string, chunks: readonly Uint8Array[], size: number): boolean {
  let existing: Buffer;
  try {
    existing = readFileSync(path);
  } catch {
    return false;
  }
  if (existing.length !== size) return false;
  let offset = 0;
  for (const chunk of chunks) {
    if (!existing.subarray(offset, offset + chunk.length).equals(chunk)) return false;
    offset += chunk.length;
  }
  return true;
}

/** writev may write less than asked: finish with plain writes from where it stopped. */
function writeAll(fd: number, chunks: readonly Uint8Array[], size: number): void {
  let written = writevSync(fd, chunks as Uint8Array[]);
  if (written === size) return;
  for (const chunk of chunks) {
    if (written >= chunk.length) {
      written -= chunk.length;
      continue;
    }
    let offset = written;
    written = 0;
    while (offset < chunk.length) offset += writeSync(fd, chunk, offset);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
