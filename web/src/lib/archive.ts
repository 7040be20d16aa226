import {
  crc32,
  storedZipLayout,
  ZIP_MAX_BYTES,
  ZIP_MAX_ENTRIES,
} from '../../../src/core/archive/stored-zip.ts';

/** A file picked or dropped, with its path inside the folder it came from (its name alone when none). */
export interface PickedFile {
  path: string;
  file: File;
}

/** Files from an <input type="file">, with the folder-relative paths a folder picker gives. */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? [], (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries answers in batches (100 in Chromium) until it answers an empty one.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walkEntry(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ path: entry.fullPath.replace(/^\/+/, ''), file });
  } else if (entry.isDirectory) {
    const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader());
    for (const child of children) await walkEntry(child, out);
  }
}

/**
 * Files of a drop, folders searched recursively. The entries are taken during the drop event itself: the browser
 * empties the DataTransfer as soon as the event handler returns, so only the walk below may be asynchronous.
 */
export function filesFromDrop(transfer: DataTransfer): Promise<PickedFile[]> {
  const roots = Array.from(transfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  return (async () => {
    const out: PickedFile[] = [];
    for (const root of roots) {
      if (root.entry) await walkEntry(root.entry, out);
      else if (root.file) out.push({ path: root.file.name, file: root.file });
    }
    return out;
  })();
}

const ZIP_SIGNATURE = 0x04034b50;

async function isZip(file: File): Promise<boolean> {
  const head = new DataView(await file.slice(0, 4).arrayBuffer());
  return head.byteLength === 4 && head.getUint32(0, true) === ZIP_SIGNATURE;
}

export type ArchiveProblem =
  { kind: 'empty' } | { kind: 'tooMany'; max: number } | { kind: 'tooLarge'; max: number };

export class ArchiveError extends Error {
  constructor(readonly problem: ArchiveProblem) {
    super(problem.kind);
    this.name = 'ArchiveError';
  }
}

/**
 * One zip archive for the upload: a single dropped zip goes as it is; anything else (a folder, loose files) is
 * wrapped in a stored zip whose entries keep their folder paths, so the import summary names files as the user
 * knows them. The Blob refers to the files rather than copying them: only the CRC pass reads them, one at a time.
 */
export async function archiveOf(
  files: readonly PickedFile[],
  onRead: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Blob> {
  if (files.length === 0) throw new ArchiveError({ kind: 'empty' });
  if (files.length === 1 && (await isZip(files[0]!.file))) return files[0]!.file;
  if (files.length > ZIP_MAX_ENTRIES) throw new ArchiveError({ kind: 'tooMany', max: ZIP_MAX_ENTRIES });
  if (files.reduce((n, f) => n + f.file.size, 0) > ZIP_MAX_BYTES)
    throw new ArchiveError({ kind: 'tooLarge', max: ZIP_MAX_BYTES });
  const entries = [];
  for (const [index, { path, file }] of files.entries()) {
    signal?.throwIfAborted();
    entries.push({ name: path, size: file.size, crc32: crc32(new Uint8Array(await file.arrayBuffer())) });
    onRead(index + 1, files.length);
  }
  const { headers, trailer } = storedZipLayout(entries);
  return new Blob([...files.flatMap((f, i) => [headers[i]! as BlobPart, f.file]), trailer as BlobPart], {
    type: 'application/zip',
  });
}
