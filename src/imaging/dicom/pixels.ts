import { ManusError } from '../../core/errors.ts';
import { decodeJpegBaseline, decodeJpegLossless, decodeJpegLs } from '../codecs/jpeg.ts';
import { decodeRle } from '../codecs/rle.ts';
import type { Dataset } from './dataset.ts';
import type { DicomFile } from './read.ts';
import { T } from './tag.ts';
import { getNumber, getString } from './values.ts';

export interface PixelDescription {
  rows: number;
  columns: number;
  samples: number;
  frames: number;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  photometric: string;
}

export function pixelDescription(ds: Dataset): PixelDescription {
  const rows = getNumber(ds, T.Rows) ?? 0;
  const columns = getNumber(ds, T.Columns) ?? 0;
  const bitsAllocated = getNumber(ds, T.BitsAllocated) ?? 0;
  if (rows <= 0 || columns <= 0 || ![8, 16, 32].includes(bitsAllocated)) {
    throw new ManusError(
      'invalid',
      `Unsupported image: ${rows} rows, ${columns} columns, ${bitsAllocated} bits allocated`,
    );
  }
  return {
    rows,
    columns,
    samples: getNumber(ds, T.SamplesPerPixel) ?? 1,
    frames: Math.max(1, getNumber(ds, T.NumberOfFrames) ?? 1),
    bitsAllocated,
    bitsStored: getNumber(ds, T.BitsStored) ?? bitsAllocated,
    signed: getNumber(ds, T.PixelRepresentation) === 1,
    photometric: getString(ds, T.PhotometricInterpretation) ?? 'MONOCHROME2',
  };
}

/** Splits encapsulated fragments into frames (PS3.5 A.4): by the offset table, one fragment per frame, or JPEG markers. */
function encapsulatedFrame(
  fragments: Uint8Array[],
  offsetTable: number[],
  frames: number,
  index: number,
): Uint8Array {
  const join = (parts: Uint8Array[]): Uint8Array => (parts.length === 1 ? parts[0]! : Buffer.concat(parts));
  if (frames === 1) return join(fragments);
  if (offsetTable.length === frames) {
    const positions: number[] = [];
    let position = 0;
    for (const f of fragments) {
      positions.push(position);
      position += f.length + 8;
    }
    const start = offsetTable[index]!;
    const end = index + 1 < frames ? offsetTable[index + 1]! : Infinity;
    return join(fragments.filter((_, i) => positions[i]! >= start && positions[i]! < end));
  }
  if (fragments.length === frames) return fragments[index]!;
  // Without an offset table, frames start at fragments that begin with a JPEG SOI marker.
  const starts = fragments.flatMap((f, i) => (f[0] === 0xff && f[1] === 0xd8 ? [i] : []));
  if (starts.length !== frames)
    throw new ManusError('invalid', `Cannot split ${fragments.length} fragments into ${frames} frames`);
  return join(fragments.slice(starts[index], starts[index + 1]));
}

export type SampleArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

function typed(bytes: Uint8Array, d: PixelDescription, count: number): SampleArray {
  const aligned = bytes.byteOffset % (d.bitsAllocated / 8) === 0 ? bytes : new Uint8Array(bytes);
  const b = aligned.buffer;
  const o = aligned.byteOffset;
  if (aligned.length < count * (d.bitsAllocated / 8))
    throw new ManusError('invalid', 'Decoded frame is smaller than its rows × columns');
  switch (d.bitsAllocated) {
    case 8:
      return d.signed ? new Int8Array(b, o, count) : new Uint8Array(b, o, count);
    case 16:
      return d.signed ? new Int16Array(b, o, count) : new Uint16Array(b, o, count);
    default:
      return d.signed ? new Int32Array(b, o, count) : new Uint32Array(b, o, count);
  }
}

/** Stored values with bits above BitsStored masked off, sign-extended when signed. */
function storedValues(values: SampleArray, d: PixelDescription): SampleArray {
  if (d.bitsStored >= d.bitsAllocated) return values;
  const shift = 32 - d.bitsStored;
  const out = values.slice();
  for (let i = 0; i < out.length; i++)
    out[i] = d.signed ? (values[i]! << shift) >> shift : (values[i]! << shift) >>> shift;
  return out;
}

/** Decodes one frame to its stored sample values (before rescale), for every supported transfer syntax. */
export async function decodeFrame(file: DicomFile, index: number): Promise<SampleArray> {
  const d = pixelDescription(file.dataset);
  if (index < 0 || index >= d.frames)
    throw new ManusError('invalid', `Frame ${index + 1} of ${d.frames} does not exist`);
  const element = file.dataset.get(T.PixelData);
  if (!element) throw new ManusError('invalid', 'The file has no pixel data');
  const count = d.rows * d.columns * d.samples;
  const bytesPerSample = d.bitsAllocated / 8;
  if (element.value.kind === 'bytes') {
    const frameBytes = count * bytesPerSample;
    const start = index * frameBytes;
    return storedValues(typed(element.value.bytes.subarray(start, start + frameBytes), d, count), d);
  }
  if (element.value.kind !== 'fragments') throw new ManusError('invalid', 'Pixel data is a sequence');
  const frame = encapsulatedFrame(element.value.fragments, element.value.offsetTable, d.frames, index);
  let bytes: Uint8Array;
  switch (file.transferSyntax.encoding) {
    case 'rle':
      bytes = decodeRle(frame, d.rows, d.columns, bytesPerSample, d.samples);
      break;
    case 'jpeg-lossless':
      bytes = decodeJpegLossless(frame, bytesPerSample);
      break;
    case 'jpeg-baseline':
      bytes = decodeJpegBaseline(frame, d.samples);
      break;
    case 'jpeg-ls':
      bytes = await decodeJpegLs(frame);
      break;
    default:
      throw new ManusError('invalid', `Encapsulated pixel data in ${file.transferSyntax.name}`);
  }
  return storedValues(typed(bytes, d, count), d);
}
