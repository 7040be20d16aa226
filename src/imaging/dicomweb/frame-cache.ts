import { readDicom, type DicomFile } from '../dicom/read.ts';

/**
 * Parsed stored files, kept for the next request: a viewer asks for every frame of an enhanced multi-frame file
 * one request at a time, and re-reading and re-parsing the whole file for each frame made a series cost the
 * square of its frame count. Stored files never change under their key (content-addressed on the filesystem,
 * SOP Instance UIDs in Orthanc), so an entry never goes stale; the least recently used files are dropped once the
 * cache holds more than its byte budget. A file being parsed is shared by the requests that arrive meanwhile.
 */
export class ParsedFileCache {
  private readonly entries = new Map<string, { bytes: number; file: Promise<DicomFile> }>();
  private heldBytes = 0;
  private parseCount = 0;

  constructor(private readonly maxBytes: number) {}

  /** The parsed file stored under `key`, read with `load` only when the cache does not hold it. */
  get(key: string, load: () => Promise<Uint8Array>): Promise<DicomFile> {
    const cached = this.entries.get(key);
    if (cached) {
      // Re-inserting moves the entry to the most recently used end of the Map's order.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.file;
    }
    const entry = { bytes: 0, file: this.parse(key, load) };
    this.entries.set(key, entry);
    // A failed read or parse is not kept: the next request tries again.
    entry.file.catch(() => this.forget(key, entry));
    return entry.file;
  }

  /** How many files were parsed since the cache was made: what the cache saves is visible to its tests. */
  get parses(): number {
    return this.parseCount;
  }

  private async parse(key: string, load: () => Promise<Uint8Array>): Promise<DicomFile> {
    const bytes = await load();
    this.parseCount++;
    const file = readDicom(bytes);
    const entry = this.entries.get(key);
    if (entry) {
      entry.bytes = bytes.byteLength;
      this.heldBytes += bytes.byteLength;
      this.evict();
    }
    return file;
  }

  private forget(key: string, entry: { bytes: number }): void {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.heldBytes -= entry.bytes;
  }

  /** Drops least recently used files until the budget holds, always keeping the newest one. */
  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.heldBytes <= this.maxBytes || this.entries.size <= 1) return;
      this.forget(key, entry);
    }
  }
}

/** The server's cache: 256 MiB holds a few hundred 128×128×200 enhanced files, or a whole exam many times over. */
export const parsedStoredFiles = new ParsedFileCache(256 * 1024 * 1024);
