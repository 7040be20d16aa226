import { describe, expect, it } from 'vitest';
import { crc32, storedZipLayout, ZIP_MAX_ENTRIES } from './stored-zip.ts';

describe('stored zip', () => {
  it('computes CRC-32 whole or in pieces', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4)))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('points the central directory at each local header and refuses what needs zip64', () => {
    const { headers, trailer } = storedZipLayout([
      { name: 'a.dcm', size: 10, crc32: 1 },
      { name: 'dossier/é.dcm', size: 3, crc32: 2 },
    ]);
    expect(headers.map((h) => h.length)).toEqual([35, 30 + 14]);
    const view = new DataView(trailer.buffer);
    // The second central record (after the first, 46 + 5 bytes) gives the offset of the second local header.
    expect(view.getUint32(46 + 5 + 42, true)).toBe(35 + 10);
    const end = new DataView(trailer.buffer, trailer.length - 22);
    expect(end.getUint32(0, true)).toBe(0x06054b50);
    expect(end.getUint32(16, true)).toBe(35 + 10 + 44 + 3);
    expect(() =>
      storedZipLayout(Array.from({ length: ZIP_MAX_ENTRIES + 1 }, () => ({ name: 'x', size: 0, crc32: 0 }))),
    ).toThrow(RangeError);
    expect(() => storedZipLayout([{ name: 'big', size: 0xffffffff, crc32: 0 }])).toThrow(RangeError);
  });
});
