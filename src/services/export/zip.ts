import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32, storedZipLayout, ZIP_MAX_BYTES, type ZipEntryInfo } from '../../core/archive/stored-zip.ts';

/**
 * A stored (uncompressed) zip of files already written under `folder`, streamed file by file: a first pass reads
 * each file once for its CRC, then the archive is sent without holding any file in memory. Its size is known in
 * advance, so the download can show progress.
 */
export async function zipFolder(
  folder: string,
  files: readonly string[],
): Promise<{ size: number; stream: Readable }> {
  const entries: ZipEntryInfo[] = [];
  let total = 0;
  for (const name of files) {
    const path = join(folder, name);
    let crc = 0;
    for await (const chunk of createReadStream(path)) crc = crc32(chunk as Buffer, crc);
    const { size } = await stat(path);
    total += size;
    entries.push({ name, size, crc32: crc });
  }
  if (total > ZIP_MAX_BYTES) throw new RangeError(`An export zip holds at most ${ZIP_MAX_BYTES} bytes`);
  const { headers, trailer } = storedZipLayout(entries);
  const size = headers.reduce((n, h) => n + h.length, 0) + total + trailer.length;
  async function* parts() {
    for (const [index, entry] of entries.entries()) {
      yield headers[index]!;
      for await (const chunk of createReadStream(join(folder, entry.name))) yield chunk as Buffer;
    }
    yield trailer;
  }
  return { size, stream: Readable.from(parts()) };
}
