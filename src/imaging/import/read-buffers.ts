import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ManusError } from '../../core/errors.ts';

/**
 * Files (and zip entries) larger than this are refused: a whole file is held in memory while it is processed. An
 * image file of an exam is far smaller (a multi-frame MR object is some hundreds of MB at most).
 */
export const MAX_FILE_BYTES = 1024 ** 3;

/**
 * Files read into buffers that are used again for the next file. A fresh buffer per file (readFileSync) costs an
 * mmap, a page fault per 4 KiB and an munmap at the next collection: for a 400 KB MR slice that is three times the
 * cost of the read itself, and it made the import's reading slower than its hashing. Files over `MAX_KEPT` (large
 * multi-frame objects) get a buffer of their own, so that no thread keeps a big one alive.
 */
const MAX_KEPT = 4 * 1024 * 1024;

export class ReadBuffers {
  private readonly free: Buffer[] = [];

  /**
   * Calls `use` with the file's bytes. The bytes are only valid until `use` settles: nothing it returns may refer
   * to them (copy what must outlive it).
   */
  async withFile<T>(path: string, use: (bytes: Buffer) => Promise<T>): Promise<T> {
    let kept: Buffer | undefined;
    try {
      const bytes = readWhole(path, (size) => {
        if (size > MAX_FILE_BYTES)
          throw new ManusError(
            'invalid',
            `File of ${size} bytes is larger than the ${MAX_FILE_BYTES}-byte limit`,
          );
        if (size > MAX_KEPT) return Buffer.allocUnsafe(size);
        kept = this.free.pop();
        if (!kept || kept.length < size) kept = Buffer.allocUnsafe(Math.max(size, 512 * 1024));
        return kept;
      });
      return await use(bytes);
    } finally {
      if (kept) this.free.push(kept);
    }
  }
}

/** Reads a whole file into the buffer `room` gives for its size; a file that shrank meanwhile is read as it is. */
function readWhole(path: string, room: (size: number) => Buffer): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = room(size);
    let offset = 0;
    while (offset < size) {
      const n = readSync(fd, bytes, offset, size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return bytes.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}
