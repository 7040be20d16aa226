import { inflateRawSync } from 'node:zlib';
import dicomParser, {
  type ByteArrayParser,
  type DataSet as ParserDataSet,
  type Element as ParserElement,
} from 'dicom-parser';
import { ManusError } from '../../core/errors.ts';
import { charsetOf, type Charset } from './charset.ts';
import type { Dataset, DicomElement } from './dataset.ts';
import { vrOf, type VrContext } from './dictionary.ts';
import { fromParserKey, groupOf, parserKey, T } from './tag.ts';
import { transferSyntax, type TransferSyntax } from './transfer-syntax.ts';
import { elementNumbers, elementString } from './values.ts';

export interface DicomFile {
  meta: Dataset;
  dataset: Dataset;
  transferSyntax: TransferSyntax;
  charset: Charset;
}

/** Byte width of the numbers a VR holds, for converting big-endian values to little-endian. */
const SWAP_WIDTH: Record<string, number> = {
  US: 2,
  SS: 2,
  OW: 2,
  AT: 2,
  UL: 4,
  SL: 4,
  FL: 4,
  OF: 4,
  OL: 4,
  FD: 8,
  OD: 8,
  SV: 8,
  UV: 8,
  OV: 8,
};

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length - (bytes.length % width));
  for (let i = 0; i < out.length; i += width)
    for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j]!;
  return out;
}

/** dicom-parser throws strings, Errors, or objects carrying the message in `exception`. */
function reason(error: unknown): string {
  const message =
    error instanceof Error
      ? error.message
      : typeof error === 'object' && error !== null && 'exception' in error
        ? String(error.exception)
        : String(error);
  return message.replace(/^dicomParser\.[A-Za-z0-9]+:\s*/, '');
}

interface ConvertContext {
  bytes: Uint8Array;
  littleEndian: boolean;
  vr: VrContext;
}

function convertDataSet(ds: ParserDataSet, ctx: ConvertContext, isMeta: boolean): Dataset {
  const out: Dataset = new Map();
  const keys = Object.keys(ds.elements).sort();
  for (const key of keys) {
    const t = fromParserKey(key);
    // dicom-parser keeps the delimiter that closes an undefined-length item as an element of the item: it is
    // encoding, not data, and the writer adds its own.
    if (groupOf(t) === 0xfffe) continue;
    if ((groupOf(t) === 0x0002) !== isMeta) continue;
    out.set(t, convertElement(ds.elements[key]!, t, ctx, isMeta));
  }
  return out;
}

function convertElement(
  e: ParserElement,
  t: ReturnType<typeof fromParserKey>,
  ctx: ConvertContext,
  isMeta: boolean,
): DicomElement {
  if (e.items) {
    const items = e.items.map((item) => {
      if (!item.dataSet) throw new Error(`item of ${key(t)} has no data set`);
      return convertDataSet(item.dataSet, ctx, false);
    });
    return { tag: t, vr: 'SQ', value: { kind: 'sequence', items } };
  }
  const vr = e.vr ?? vrOf(t, ctx.vr);
  if (e.encapsulatedPixelData) {
    const fragments = (e.fragments ?? []).map((f) => {
      if (f.position + f.length > ctx.bytes.length)
        throw new Error(`pixel data fragment of ${f.length} bytes runs past the end of the file`);
      return ctx.bytes.subarray(f.position, f.position + f.length);
    });
    return {
      tag: t,
      vr: vr === 'OW' ? 'OW' : 'OB',
      value: { kind: 'fragments', offsetTable: e.basicOffsetTable ?? [], fragments },
    };
  }
  if (e.dataOffset + e.length > ctx.bytes.length) {
    throw new Error(
      `${key(t)} claims ${e.length} bytes but the file ends ${ctx.bytes.length - e.dataOffset} bytes after its start`,
    );
  }
  let bytes = ctx.bytes.subarray(e.dataOffset, e.dataOffset + e.length);
  const width = SWAP_WIDTH[vr];
  if (!ctx.littleEndian && !isMeta && width && !(vr === 'OW' && ctx.vr.bitsAllocated === 8))
    bytes = swapped(bytes, width);
  return { tag: t, vr, value: { kind: 'bytes', bytes } };
}

const key = (t: number): string => parserKey(t);

/** dicom-parser's DataSet constructor, which its type declarations leave out. */
const ParserDataSetClass = (
  dicomParser as unknown as {
    DataSet: new (
      parser: ByteArrayParser,
      bytes: Uint8Array,
      elements: Record<string, ParserElement>,
    ) => ParserDataSet;
  }
).DataSet;

/**
 * A Deflated Explicit VR Little Endian data set (PS3.5 A.5), inflated and parsed from where the file meta ends.
 * dicom-parser's own path parses the inflated buffer from byte 0, so the preamble and "DICM" would become elements
 * of the data set ((0000,0000), (4944,4D43), (4C55,0004); the even-group one passes de-identification into the
 * stored file), and a preamble that is not all zeros, which PS3.10 7.1 allows, would make the file unreadable.
 */
function parseDeflated(buffer: Buffer, meta: ParserDataSet): ParserDataSet {
  const start = (meta as ParserDataSet & { position: number }).position;
  // The file meta keeps its offsets, so its elements still point at their values.
  const bytes = Buffer.concat([buffer.subarray(0, start), inflateRawSync(buffer.subarray(start))]);
  const stream = new dicomParser.ByteStream(dicomParser.littleEndianByteArrayParser, bytes, start);
  const dataSet = new ParserDataSetClass(stream.byteArrayParser, bytes, { ...meta.elements });
  dicomParser.parseDicomDataSetExplicit(dataSet, stream, bytes.length);
  return dataSet;
}

/**
 * Parses a DICOM Part 10 file (preamble, "DICM", file meta, data set) with dicom-parser and converts it to
 * Manus's data set. Anything malformed (not Part 10, truncated, unsupported transfer syntax) becomes a ManusError
 * naming the reason, never a crash.
 */
export function readDicom(input: Uint8Array): DicomFile {
  const buffer = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buffer.length < 132 || buffer.toString('latin1', 128, 132) !== 'DICM') {
    throw new ManusError('invalid', 'Not a DICOM Part 10 file (no "DICM" marker at byte 128)');
  }
  let parsed: ParserDataSet;
  try {
    const meta = dicomParser.readPart10Header(buffer);
    const tsUid = meta.string('x00020010');
    if (!tsUid) throw new Error('the file meta information has no Transfer Syntax UID');
    parsed = transferSyntax(tsUid.replace(/\0/g, '').trim()).deflated
      ? parseDeflated(buffer, meta)
      : dicomParser.parseDicom(buffer, {
          vrCallback: (k: string) => {
            const vr = vrOf(fromParserKey(k));
            return vr === 'UN' ? undefined : vr;
          },
        } as Parameters<typeof dicomParser.parseDicom>[1]);
  } catch (error) {
    if (error instanceof ManusError) throw error;
    throw new ManusError('invalid', `Unreadable DICOM: ${reason(error)}`);
  }
  try {
    const tsUid = (parsed.string('x00020010') ?? '').trim();
    const syntax = transferSyntax(tsUid);
    const bytes = parsed.byteArray;
    const metaCtx: ConvertContext = {
      bytes,
      littleEndian: true,
      vr: { bitsAllocated: 16, pixelRepresentation: 0 },
    };
    const meta = convertDataSet(parsed, metaCtx, true);
    // The pixel description decides the VR of a few ambiguous attributes; read it before converting the rest.
    const bitsAllocated = syntax.littleEndian
      ? parsed.uint16('x00280100')
      : dicomParser.bigEndianByteArrayParser.readUint16(bytes, parsed.elements.x00280100?.dataOffset ?? 0);
    const pixelRepresentation = syntax.littleEndian
      ? parsed.uint16('x00280103')
      : dicomParser.bigEndianByteArrayParser.readUint16(bytes, parsed.elements.x00280103?.dataOffset ?? 0);
    const dataset = convertDataSet(
      parsed,
      {
        bytes,
        littleEndian: syntax.littleEndian,
        vr: {
          bitsAllocated: parsed.elements.x00280100 ? (bitsAllocated ?? 16) : 16,
          pixelRepresentation: parsed.elements.x00280103 ? (pixelRepresentation ?? 0) : 0,
        },
      },
      false,
    );
    const charset = charsetOf(elementString(dataset.get(T.SpecificCharacterSet)));
    checkPixelData(dataset);
    return { meta, dataset, transferSyntax: syntax, charset };
  } catch (error) {
    if (error instanceof ManusError) throw error;
    throw new ManusError('invalid', `Unreadable DICOM: ${reason(error)}`);
  }
}

/** A truncated file can still parse if it ends inside pixel data; compare what the header promises. */
function checkPixelData(ds: Dataset): void {
  const pixels = ds.get(T.PixelData);
  if (!pixels || pixels.value.kind !== 'bytes') return;
  const rows = elementNumbers(ds.get(T.Rows))[0] ?? 0;
  const columns = elementNumbers(ds.get(T.Columns))[0] ?? 0;
  const bits = elementNumbers(ds.get(T.BitsAllocated))[0] ?? 0;
  const samples = elementNumbers(ds.get(T.SamplesPerPixel))[0] ?? 1;
  const frames = Math.max(1, elementNumbers(ds.get(T.NumberOfFrames))[0] ?? 1);
  const expected = Math.ceil((rows * columns * samples * frames * bits) / 8);
  if (pixels.value.bytes.length < expected) {
    throw new ManusError(
      'invalid',
      `Truncated pixel data: ${pixels.value.bytes.length} of ${expected} bytes`,
    );
  }
}
