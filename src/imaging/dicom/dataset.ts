import type { Tag } from './tag.ts';

/**
 * Manus's own in-memory DICOM data set: what the de-identifier edits and the writer serialises. Values are raw
 * little-endian bytes (views into the file where possible, so pixel data is never copied), nested items for
 * sequences, and the fragments of encapsulated (compressed) pixel data.
 */
export type DicomValue =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'sequence'; items: Dataset[] }
  | { kind: 'fragments'; offsetTable: number[]; fragments: Uint8Array[] };

export interface DicomElement {
  tag: Tag;
  vr: string;
  value: DicomValue;
}

export type Dataset = Map<Tag, DicomElement>;

export const bytesElement = (t: Tag, vr: string, bytes: Uint8Array): DicomElement => ({
  tag: t,
  vr,
  value: { kind: 'bytes', bytes },
});

export const sequenceElement = (t: Tag, items: Dataset[]): DicomElement => ({
  tag: t,
  vr: 'SQ',
  value: { kind: 'sequence', items },
});

/** Visits every element, depth first, with the data set that holds it. */
export function walk(
  dataset: Dataset,
  visit: (element: DicomElement, holder: Dataset, depth: number) => void,
  depth = 0,
): void {
  for (const element of [...dataset.values()]) {
    visit(element, dataset, depth);
    if (element.value.kind === 'sequence')
      for (const item of element.value.items) walk(item, visit, depth + 1);
  }
}
