import { crc32, storedZipLayout } from '../../core/archive/stored-zip.ts';

/** A stored (uncompressed) zip of in-memory entries for test fixtures, so tests need no zip tool on the machine. */
export function zipStored(entries: readonly { name: string; bytes: Uint8Array }[]): Buffer {
  const { headers, trailer } = storedZipLayout(
    entries.map((e) => ({ name: e.name, size: e.bytes.length, crc32: crc32(e.bytes) })),
  );
  return Buffer.concat([...entries.flatMap((e, i) => [headers[i]!, e.bytes]), trailer]);
}
