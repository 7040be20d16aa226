import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { ManusError } from '../../core/errors.ts';
import type { ImportInput } from './process.ts';

/** An input file, or a path that could not be read at all (reported, and the rest continues). */
export type SourceItem = ImportInput | { name: string; error: string };

/** Zip entries larger than this are refused: a whole entry is held in memory while it is processed. */
const MAX_ENTRY_BYTES = 1024 * 1024 * 1024;

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
      yield {
        name: path,
        error: `Corrupt zip archive: ${error instanceof Error ? error.message : String(error)}`,
      };
      return;
    }
    const byName = new Map(entries.map((e) => [e.fileName, e]));
    const sidecars = new Set<string>();
    for (const e of entries) if (sidecarTarget(e.fileName, (n) => byName.has(n))) sidecars.add(e.fileName);
    for (const entry of entries) {
      const name = `${path}!${entry.fileName}`;
      if (entry.fileName.endsWith('/') || sidecars.has(entry.fileName)) continue;
      if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
        yield {
          name,
          error: `Zip entry of ${entry.uncompressedSize} bytes is larger than the ${MAX_ENTRY_BYTES}-byte limit`,
        };
        continue;
      }
      let item: SourceItem;
      try {
        const sidecar = NIFTI.test(entry.fileName) ? byName.get(sidecarName(entry.fileName)) : undefined;
        item = {
          name,
          bytes: await readEntry(zip, entry),
          ...(sidecar ? { sidecarText: Buffer.from(await readEntry(zip, sidecar)).toString('utf8') } : {}),
        };
      } catch (error) {
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
