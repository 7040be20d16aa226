import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { ManusError } from '../../core/errors.ts';
import { ByteBudget } from './byte-budget.ts';
import type { ImportInput } from './process.ts';
import { MAX_FILE_BYTES } from './read-buffers.ts';

/**
 * An input file, or a path that could not be read at all (reported, and the rest continues). A zip entry read into
 * memory comes with `release`, to call once it has been processed: its bytes count against EXTRACTION_MEMORY until
 * then.
 */
export type SourceItem = (ImportInput & { release?: () => void }) | { name: string; error: string };

/** Bounds of one zip archive, from its central directory, before anything is extracted: far above an exam's. */
export const MAX_ZIP_ENTRIES = 100_000;
export const MAX_ZIP_BYTES = 32 * 1024 ** 3;
/**
 * Bytes of zip entries held in memory at once by every import of the process together, so that concurrent uploads
 * (or a zip bomb: a small archive of entries that each expand to the limit) cannot exhaust the server's memory.
 */
export const EXTRACTION_MEMORY = new ByteBudget(MAX_FILE_BYTES);

/** Zip archives are recognised by their signature, not their name. Synchronous: three tiny calls per file. */
function isZip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    closeSync(fd);
  }
}

const isZipSafe = (path: string): boolean => {
  try {
    return isZip(path);
  } catch {
    return false;
  }
};

async function* walk(dir: string): AsyncGenerator<string> {
  const entries: { path: string; directory: boolean }[] = [];
  for await (const entry of await opendir(dir)) {
    if (entry.isDirectory() || entry.isFile())
      entries.push({ path: join(dir, entry.name), directory: entry.isDirectory() });
  }
  // Sorted so that imports and their reports are reproducible.
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const entry of entries) {
    if (entry.directory) yield* walk(entry.path);
    else yield entry.path;
  }
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    // Not auto-closed: the whole central directory is read first (to pair sidecars), the data after.
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    ),
  );
}

/** Every entry of the central directory: names and sizes only, so a whole archive is never held in memory. */
function centralDirectory(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/**
 * Entries of a zip archive, read one at a time so that a whole archive is never held in memory. A NIfTI entry
 * comes with the text of its JSON sidecar (`scan.json` beside `scan.nii.gz` in the same folder of the archive), and
 * the sidecar is not imported on its own, as for files on disk.
 */
async function* zipEntries(path: string): AsyncGenerator<SourceItem> {
  let zip: yauzl.ZipFile;
  let entries: yauzl.Entry[];
  try {
    zip = await openZip(path);
  } catch (error) {
    yield {
      name: path,
      error: `Unreadable zip archive: ${error instanceof Error ? error.message : String(error)}`,
    };
    return;
  }
  try {
    try {
      entries = await centralDirectory(zip);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // yauzl refuses an entry name that is absolute or climbs out of the archive ("..") for the whole archive.
      yield {
        name: path,
        error: /^(absolute path|invalid relative path|invalid characters in fileName)/.test(message)
          ? `Zip archive refused: an entry name is absolute or leaves the archive (${message})`
          : `Corrupt zip archive: ${message}`,
      };
      return;
    }
    const refusal = archiveRefusal(entries);
    if (refusal) {
      yield { name: path, error: refusal };
      return;
    }
    const byName = new Map(entries.map((e) => [e.fileName, e]));
    const sidecars = new Set<string>();
    for (const e of entries) if (sidecarTarget(e.fileName, (n) => byName.has(n))) sidecars.add(e.fileName);
    for (const entry of entries) {
      const name = `${path}!${entry.fileName}`;
      if (entry.fileName.endsWith('/') || sidecars.has(entry.fileName)) continue;
      const sidecar = NIFTI.test(entry.fileName) ? byName.get(sidecarName(entry.fileName)) : undefined;
      const size = entry.uncompressedSize + (sidecar?.uncompressedSize ?? 0);
      if (size > MAX_FILE_BYTES) {
        yield { name, error: `Zip entry of ${size} bytes is larger than the ${MAX_FILE_BYTES}-byte limit` };
        continue;
      }
      const release = await EXTRACTION_MEMORY.reserve(size);
      let item: SourceItem;
      try {
        item = {
          name,
          bytes: await readEntry(zip, entry),
          ...(sidecar ? { sidecarText: Buffer.from(await readEntry(zip, sidecar)).toString('utf8') } : {}),
          release,
        };
      } catch (error) {
        release();
        item = {
          name,
          error: `Corrupt zip entry: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      yield item;
    }
  } finally {
    zip.close();
  }
}

/** Why a whole archive is refused before anything is extracted, if it is. */
function archiveRefusal(entries: readonly yauzl.Entry[]): string | undefined {
  if (entries.length > MAX_ZIP_ENTRIES)
    return `Zip archive of ${entries.length} entries: at most ${MAX_ZIP_ENTRIES} are accepted`;
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > MAX_ZIP_BYTES)
    return `Zip archive of ${total} bytes uncompressed: at most ${MAX_ZIP_BYTES} are accepted`;
  return undefined;
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      // One ArrayBuffer per entry, so the bytes can be transferred to a worker without a copy.
      const out = new Uint8Array(entry.uncompressedSize);
      let offset = 0;
      stream.on('data', (chunk: Buffer) => {
        if (offset + chunk.length > out.length) {
          stream.destroy(new Error('entry is longer than its declared size'));
          return;
        }
        out.set(chunk, offset);
        offset += chunk.length;
      });
      stream.on('error', reject);
      stream.on('end', () =>
        offset === out.length ? resolve(out) : reject(new Error('entry is shorter than its declared size')),
      );
    });
  });
}

/**
 * Every input under the given paths: files, folders searched recursively, and zip archives (by content, not by
 * name). A path that does not exist is an unusable argument; anything found inside is reported, not fatal.
 */
export async function* importSources(paths: readonly string[]): AsyncGenerator<SourceItem> {
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info)
      throw new ManusError('bad_request', `No such file or folder: ${path}`, [
        { path: 'PATH', code: 'not_found', message: 'does not exist' },
      ]);
    const files = info.isDirectory() ? walk(path) : single(path);
    for await (const file of files) {
      if (isSidecar(file)) continue;
      if (isZipSafe(file)) yield* zipEntries(file);
      else if (NIFTI.test(file)) yield { name: file, path: file, ...sidecarOf(file) };
      else yield { name: file, path: file };
    }
  }
}

const NIFTI = /\.nii(\.gz)?$/i;

/** The sidecar's name for a NIfTI file: `scan.nii.gz` → `scan.json`. */
const sidecarName = (nifti: string): string => `${nifti.replace(NIFTI, '')}.json`;

/** The NIfTI file a JSON file is the sidecar of, when `exists` finds one beside it. */
function sidecarTarget(path: string, exists: (path: string) => boolean): string | undefined {
  if (!path.toLowerCase().endsWith('.json')) return undefined;
  const base = path.slice(0, -'.json'.length);
  return [`${base}.nii`, `${base}.nii.gz`].find(exists);
}

/** `scan.json` beside `scan.nii` or `scan.nii.gz` is that image's sidecar, read with it rather than imported alone. */
const isSidecar = (path: string): boolean => sidecarTarget(path, existsSync) !== undefined;

function sidecarOf(path: string): { sidecar?: string } {
  const sidecar = sidecarName(path);
  return existsSync(sidecar) ? { sidecar } : {};
}

async function* single(path: string): AsyncGenerator<string> {
  yield path;
}

/** How many inputs there will be, for the progress bar: files on disk plus zip entries (from the central directory). */
export async function countSources(paths: readonly string[]): Promise<number> {
  let total = 0;
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    for await (const file of info.isDirectory() ? walk(path) : single(path)) {
      if (isSidecar(file)) continue;
      if (isZipSafe(file)) {
        const zip = await openZip(file).catch(() => undefined);
        total += zip?.entryCount ?? 1;
        zip?.close();
      } else total += 1;
    }
  }
  return total;
}
