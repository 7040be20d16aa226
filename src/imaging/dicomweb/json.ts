import { decodeText, type Charset } from '../dicom/charset.ts';
import type { Dataset, DicomElement } from '../dicom/dataset.ts';
import { elementNumbers } from '../dicom/values.ts';
import { jsonKey, T } from '../dicom/tag.ts';

/** The DICOM JSON Model (PS3.18 Annex F), as QIDO-RS and WADO-RS metadata answer. */
export interface JsonAttribute {
  vr: string;
  Value?: unknown[];
  InlineBinary?: string;
  BulkDataURI?: string;
}
export type DicomJson = Record<string, JsonAttribute>;

const NUMBER_VRS = new Set(['DS', 'IS', 'US', 'SS', 'UL', 'SL', 'FL', 'FD', 'SV', 'UV']);
const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** Binary values larger than this are sent by reference, not inline. */
const INLINE_LIMIT = 1024;

function strings(e: DicomElement, charset: Charset): string[] {
  if (e.value.kind !== 'bytes' || e.value.bytes.length === 0) return [];
  const text = decodeText(e.value.bytes, e.vr === 'UI' ? 'latin1' : charset).replace(/[\0 ]+$/, '');
  // LT, ST, UT and UR are single-valued: a backslash in them is text.
  return ['LT', 'ST', 'UT', 'UR'].includes(e.vr)
    ? [text]
    : text.split('\\').map((s) => (e.vr === 'UI' ? s.replace(/\0/g, '') : s.trim()));
}

function attribute(
  e: DicomElement,
  charset: Charset,
  bulkDataUri: (e: DicomElement) => string | undefined,
): JsonAttribute {
  const vr = e.vr;
  if (e.value.kind === 'sequence')
    return { vr: 'SQ', Value: e.value.items.map((item) => toDicomJson(item, charset, bulkDataUri)) };
  if (e.value.kind === 'fragments' || (BINARY_VRS.has(vr) && e.value.bytes.length > INLINE_LIMIT)) {
    const uri = bulkDataUri(e);
    return uri ? { vr, BulkDataURI: uri } : { vr };
  }
  const bytes = e.value.bytes;
  if (bytes.length === 0) return { vr };
  if (BINARY_VRS.has(vr)) return { vr, InlineBinary: Buffer.from(bytes).toString('base64') };
  if (vr === 'AT') {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return {
      vr,
      Value: Array.from({ length: bytes.length / 4 }, (_, i) =>
        jsonKey(((v.getUint16(4 * i, true) << 16) | v.getUint16(4 * i + 2, true)) >>> 0),
      ),
    };
  }
  if (NUMBER_VRS.has(vr)) return { vr, Value: elementNumbers(e) };
  if (vr === 'PN')
    return { vr, Value: strings(e, charset).map((s) => (s === '' ? null : { Alphabetic: s })) };
  return { vr, Value: strings(e, charset).map((s) => (s === '' ? null : s)) };
}

/** A data set in the DICOM JSON Model; `bulkDataUri` names where large binary values can be fetched. */
export function toDicomJson(
  ds: Dataset,
  charset: Charset,
  bulkDataUri: (e: DicomElement) => string | undefined = () => undefined,
): DicomJson {
  const out: DicomJson = {};
  for (const e of [...ds.values()].sort((a, b) => a.tag - b.tag)) {
    if (e.tag === T.Item || (e.tag & 0xffff) === 0) continue;
    out[jsonKey(e.tag)] = attribute(e, charset, bulkDataUri);
  }
  return out;
}

/** Builders for QIDO-RS answers, whose attributes come from Manus's records rather than from a file. */
export const json = {
  text: (vr: string, value: string | null | undefined): JsonAttribute =>
    value ? { vr, Value: [value] } : { vr },
  number: (vr: string, value: number | null | undefined): JsonAttribute =>
    value === null || value === undefined ? { vr } : { vr, Value: [value] },
  name: (value: string | null | undefined): JsonAttribute =>
    value ? { vr: 'PN', Value: [{ Alphabetic: value }] } : { vr: 'PN' },
  list: (vr: string, values: readonly string[]): JsonAttribute =>
    values.length ? { vr, Value: [...values] } : { vr },
};
