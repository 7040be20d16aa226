import { ManusError } from '../../core/errors.ts';
import type { Dataset, DicomElement } from './dataset.ts';
import { elementOf, formatTag, groupOf, T, type Tag } from './tag.ts';

/** VRs whose explicit-VR header has 2 reserved bytes and a 32-bit length (PS3.5 7.1.2). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const TEXT_VRS = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UC',
  'UR',
  'UT',
]);
const UNDEFINED = 0xffffffff;
/** Values at least this large are passed through as views instead of being copied into the header buffer. */
const PASS_THROUGH = 16 * 1024;

/**
 * Serialises to chunks: headers are packed into small buffers and large values (pixel data) are the caller's own
 * views, so writing a file never copies its pixels. Output is always explicit VR little endian; encapsulated
 * pixel data keeps its fragments, so a compressed file stays compressed.
 */
class ChunkWriter {
  readonly chunks: Uint8Array[] = [];
  private buffer = Buffer.allocUnsafe(4096);
  private used = 0;
  length = 0;

  private ensure(n: number): void {
    if (this.used + n <= this.buffer.length) return;
    this.flush();
    if (n > this.buffer.length) this.buffer = Buffer.allocUnsafe(n);
  }

  flush(): void {
    if (this.used === 0) return;
    this.chunks.push(Buffer.from(this.buffer.subarray(0, this.used)));
    this.buffer = Buffer.allocUnsafe(Math.max(4096, this.buffer.length));
    this.used = 0;
  }

  u16(v: number): void {
    this.ensure(2);
    this.buffer.writeUInt16LE(v, this.used);
    this.used += 2;
    this.length += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.buffer.writeUInt32LE(v >>> 0, this.used);
    this.used += 4;
    this.length += 4;
  }

  ascii(s: string): void {
    this.ensure(s.length);
    this.buffer.write(s, this.used, 'latin1');
    this.used += s.length;
    this.length += s.length;
  }

  bytes(b: Uint8Array): void {
    if (b.length >= PASS_THROUGH) {
      this.flush();
      this.chunks.push(b);
    } else {
      this.ensure(b.length);
      this.buffer.set(b, this.used);
      this.used += b.length;
    }
    this.length += b.length;
  }

  tagHeader(t: Tag): void {
    this.u16(groupOf(t));
    this.u16(elementOf(t));
  }
}

function padByte(vr: string): number {
  return vr === 'UI' ? 0x00 : TEXT_VRS.has(vr) ? 0x20 : 0x00;
}

function writeElement(w: ChunkWriter, e: DicomElement): void {
  const vr = e.vr.length === 2 ? e.vr : 'UN';
  w.tagHeader(e.tag);
  w.ascii(vr);
  const value = e.value;
  if (value.kind === 'sequence') {
    w.u16(0);
    w.u32(UNDEFINED);
    for (const item of value.items) {
      w.tagHeader(T.Item);
      w.u32(UNDEFINED);
      writeDataset(w, item);
      w.tagHeader(T.ItemDelimitation);
      w.u32(0);
    }
    w.tagHeader(T.SequenceDelimitation);
    w.u32(0);
    return;
  }
  if (value.kind === 'fragments') {
    w.u16(0);
    w.u32(UNDEFINED);
    w.tagHeader(T.Item);
    w.u32(value.offsetTable.length * 4);
    for (const offset of value.offsetTable) w.u32(offset);
    for (const fragment of value.fragments) {
      const odd = fragment.length % 2;
      w.tagHeader(T.Item);
      w.u32(fragment.length + odd);
      w.bytes(fragment);
      if (odd) w.bytes(new Uint8Array(1));
    }
    w.tagHeader(T.SequenceDelimitation);
    w.u32(0);
    return;
  }
  const odd = value.bytes.length % 2;
  const length = value.bytes.length + odd;
  if (LONG_VRS.has(vr)) {
    w.u16(0);
    w.u32(length);
  } else {
    if (length > 0xffff) {
      throw new ManusError(
        'invalid',
        `${formatTag(e.tag)} ${vr} holds ${length} bytes, more than its VR allows`,
      );
    }
    w.u16(length);
  }
  w.bytes(value.bytes);
  if (odd) w.bytes(Uint8Array.of(padByte(vr)));
}

function writeDataset(w: ChunkWriter, ds: Dataset): void {
  const elements = [...ds.values()].sort((a, b) => a.tag - b.tag);
  for (const e of elements) if (elementOf(e.tag) !== 0) writeElement(w, e);
}

/** A complete Part 10 file: 128-byte preamble, "DICM", file meta with its group length, then the data set. */
export function writeDicom(meta: Dataset, dataset: Dataset): Uint8Array[] {
  const metaWriter = new ChunkWriter();
  writeDataset(metaWriter, meta);
  metaWriter.flush();
  const head = new ChunkWriter();
  head.bytes(new Uint8Array(128));
  head.ascii('DICM');
  head.tagHeader(0x00020000);
  head.ascii('UL');
  head.u16(4);
  head.u32(metaWriter.length);
  head.flush();
  const body = new ChunkWriter();
  writeDataset(body, dataset);
  body.flush();
  return [...head.chunks, ...metaWriter.chunks, ...body.chunks];
}

export const chunksLength = (chunks: readonly Uint8Array[]): number =>
  chunks.reduce((n, c) => n + c.length, 0);
