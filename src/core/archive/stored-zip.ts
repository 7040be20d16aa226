/**
 * The headers of a "stored" (uncompressed) zip archive, laid out around file contents the caller supplies. The web
 * app uses it to send a dropped folder as one zip without holding the files in memory (a Blob of headers and File
 * references); the tests use it to make fixtures. Images compress poorly, so storing costs little on a LAN and
 * keeps the browser from deflating hundreds of megabytes.
 *
 * No zip64: at most ZIP_MAX_ENTRIES entries and ZIP_MAX_BYTES in all, far above one exam (about 1,000 files,
 * 380 MB).
 */
export interface ZipEntryInfo {
  /** Path inside the archive, with forward slashes. */
  name: string;
  size: number;
  crc32: number;
}

export const ZIP_MAX_ENTRIES = 0xffff;
export const ZIP_MAX_BYTES = 0xffffffff;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309) of `bytes`, continuing from `previous` so that a file can be checked in pieces. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** 1980-01-01 00:00, the earliest MS-DOS date: the archive carries no real time stamps. */
const DOS_DATE = 0x0021;
const UTF8_NAMES = 0x0800;

/**
 * `headers[i]` goes right before the bytes of entry i, and `trailer` after the last entry: concatenated in that
 * order they make the archive.
 */
export function storedZipLayout(entries: readonly ZipEntryInfo[]): {
  headers: Uint8Array[];
  trailer: Uint8Array;
} {
  if (entries.length > ZIP_MAX_ENTRIES)
    throw new RangeError(`A zip archive holds at most ${ZIP_MAX_ENTRIES} entries, not ${entries.length}`);
  const encoder = new TextEncoder();
  const headers: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(6, UTF8_NAMES, true);
    l.setUint16(12, DOS_DATE, true);
    l.setUint32(14, entry.crc32, true);
    l.setUint32(18, entry.size, true);
    l.setUint32(22, entry.size, true);
    l.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, UTF8_NAMES, true);
    c.setUint16(14, DOS_DATE, true);
    c.setUint32(16, entry.crc32, true);
    c.setUint32(20, entry.size, true);
    c.setUint32(24, entry.size, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    central.set(name, 46);
    headers.push(local);
    centrals.push(central);
    offset += local.length + entry.size;
  }
  const directorySize = centrals.reduce((n, c) => n + c.length, 0);
  if (offset + directorySize > ZIP_MAX_BYTES)
    throw new RangeError(`A zip archive without zip64 holds at most ${ZIP_MAX_BYTES} bytes`);
  const trailer = new Uint8Array(directorySize + 22);
  let at = 0;
  for (const c of centrals) {
    trailer.set(c, at);
    at += c.length;
  }
  const end = new DataView(trailer.buffer, directorySize);
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, directorySize, true);
  end.setUint32(16, offset, true);
  return { headers, trailer };
}
