import type { Charset } from './charset.ts';
import { decodeText } from './charset.ts';
import type { Dataset, DicomElement } from './dataset.ts';
import type { Tag } from './tag.ts';

/** Typed reads of element values (all stored little-endian). */

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

export function rawBytes(element: DicomElement | undefined): Uint8Array | undefined {
  return element?.value.kind === 'bytes' ? element.value.bytes : undefined;
}

/** The string value with trailing padding (spaces, NULs) removed; multi-valued strings keep their backslashes. */
export function elementString(
  element: DicomElement | undefined,
  charset: Charset = 'latin1',
): string | undefined {
  const bytes = rawBytes(element);
  if (!bytes) return undefined;
  return decodeText(bytes, charset)
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
}

export function getString(ds: Dataset, t: Tag, charset: Charset = 'latin1'): string | undefined {
  const s = elementString(ds.get(t), charset);
  return s === undefined || s === '' ? undefined : s;
}

/** Numbers of a numeric string (DS, IS) or binary (US, SS, UL, SL, FL, FD) element. */
export function elementNumbers(element: DicomElement | undefined): number[] {
  const bytes = rawBytes(element);
  if (!element || !bytes || bytes.length === 0) return [];
  const v = view(bytes);
  const read = (size: number, get: (offset: number) => number): number[] =>
    Array.from({ length: Math.floor(bytes.length / size) }, (_, i) => get(i * size));
  switch (element.vr) {
    case 'US':
      return read(2, (o) => v.getUint16(o, true));
    case 'SS':
      return read(2, (o) => v.getInt16(o, true));
    case 'UL':
      return read(4, (o) => v.getUint32(o, true));
    case 'SL':
      return read(4, (o) => v.getInt32(o, true));
    case 'FL':
      return read(4, (o) => v.getFloat32(o, true));
    case 'FD':
      return read(8, (o) => v.getFloat64(o, true));
    default:
      return decodeText(bytes, 'latin1')
        .split('\\')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map(Number)
        .filter((n) => Number.isFinite(n));
  }
}

export const getNumbers = (ds: Dataset, t: Tag): number[] => elementNumbers(ds.get(t));
export const getNumber = (ds: Dataset, t: Tag): number | undefined => getNumbers(ds, t)[0];

export function getItems(ds: Dataset, t: Tag): Dataset[] {
  const element = ds.get(t);
  return element?.value.kind === 'sequence' ? element.value.items : [];
}

export const firstItem = (ds: Dataset, t: Tag): Dataset | undefined => getItems(ds, t)[0];

/** A DA value (YYYYMMDD) as an ISO 8601 calendar date (YYYY-MM-DD); null when absent or not a plain date. */
export function isoDateOfDA(value: string | null): string | null {
  return value && /^\d{8}$/.test(value)
    ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`
    : null;
}
