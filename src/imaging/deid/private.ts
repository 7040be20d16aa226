import type { Dataset, DicomElement } from '../dicom/dataset.ts';
import { elementString } from '../dicom/values.ts';
import { elementOf, groupOf, isPrivate, isPrivateCreator, tag, type Tag } from '../dicom/tag.ts';

/**
 * Private attributes are removed, except numeric acquisition parameters that analysis needs and that cannot hold
 * a name. Each entry is qualified by its private creator, since the same element number means different things
 * for different creators. Values must look numeric, so that a vendor reusing an element for text still loses it.
 */
interface Safe {
  creator: string;
  group: number;
  /** Low byte of the element (the block offset). */
  offsets: readonly number[];
}

const SAFE_PRIVATE: readonly Safe[] = [
  // Siemens MR: slice duration, b value, gradient direction, dwell time, phase-encoding bandwidth.
  { creator: 'SIEMENS MR HEADER', group: 0x0019, offsets: [0x0b, 0x0c, 0x0e, 0x18, 0x28] },
];

const NUMERIC_TEXT = /^[0-9+\-.eE\\ \0]*$/;
const BINARY_NUMBER_VRS = new Set(['US', 'SS', 'UL', 'SL', 'FL', 'FD']);

/** The creator string of a private element's block, e.g. "SIEMENS MR HEADER" for (0019,100C). */
export function privateCreator(ds: Dataset, t: Tag): string | undefined {
  const block = (elementOf(t) >> 8) & 0xff;
  return elementString(ds.get(tag(groupOf(t), block)))?.trim();
}

function looksNumeric(e: DicomElement): boolean {
  if (e.value.kind !== 'bytes') return false;
  if (BINARY_NUMBER_VRS.has(e.vr)) return true;
  return NUMERIC_TEXT.test(Buffer.from(e.value.bytes).toString('latin1'));
}

/** True when a private data element (not a creator) is on the whitelist and holds a number. */
export function isSafePrivate(ds: Dataset, e: DicomElement): boolean {
  if (!isPrivate(e.tag) || isPrivateCreator(e.tag)) return false;
  const creator = privateCreator(ds, e.tag);
  return (
    SAFE_PRIVATE.some(
      (s) =>
        s.creator === creator && s.group === groupOf(e.tag) && s.offsets.includes(elementOf(e.tag) & 0xff),
    ) && looksNumeric(e)
  );
}
