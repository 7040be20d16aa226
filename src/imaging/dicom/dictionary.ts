import { createRequire } from 'node:module';
import type dcmjsModule from 'dcmjs';
import { groupOf, elementOf, isPrivate, isPrivateCreator, type Tag } from './tag.ts';

/**
 * Value representations from the PS3.6 data dictionary shipped in dcmjs. Implicit-VR files carry no VR, and
 * de-identification and the explicit-VR writer need one for every element.
 */
interface DictionaryEntry {
  vr: string;
  name: string;
}

/**
 * The dictionary as rows of tag, VR and keyword: import workers receive it from the thread that starts them
 * (`useDictionary`), so that none of them loads dcmjs, 40 ms of each worker's start-up.
 */
export type DictionaryRows = (readonly [Tag, string, string])[];

const require = createRequire(import.meta.url);
let byTag: Map<Tag, DictionaryEntry> | undefined;
let byKeyword: Map<string, Tag> | undefined;

function load(): Map<Tag, DictionaryEntry> {
  if (!byTag) useDictionary(rowsFromDcmjs());
  return byTag!;
}

function rowsFromDcmjs(): DictionaryRows {
  const dcmjs = require('dcmjs') as typeof dcmjsModule;
  const rows: DictionaryRows = [];
  for (const entry of Object.values(dcmjs.data.DicomMetaDictionary.nameMap)) {
    const match = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/i.exec(entry.tag);
    if (!match) continue;
    rows.push([((parseInt(match[1]!, 16) << 16) | parseInt(match[2]!, 16)) >>> 0, entry.vr, entry.name]);
  }
  return rows;
}

export function dictionaryRows(): DictionaryRows {
  return [...load()].map(([t, e]) => [t, e.vr, e.name] as const);
}

export function useDictionary(rows: DictionaryRows): void {
  byTag = new Map();
  byKeyword = new Map();
  for (const [t, vr, name] of rows) {
    byTag.set(t, { vr, name });
    byKeyword.set(name, t);
  }
}

/** Context for the few attributes whose VR depends on the pixel description (PS3.5 A.1 "US or SS", "OB or OW"). */
export interface VrContext {
  bitsAllocated: number;
  pixelRepresentation: number;
}

/** The VR of a tag, resolving the dictionary's ambiguous entries; private and unknown tags are UN. */
export function vrOf(t: Tag, context: VrContext = { bitsAllocated: 16, pixelRepresentation: 0 }): string {
  if (isPrivateCreator(t)) return 'LO';
  if (isPrivate(t)) return 'UN';
  if (elementOf(t) === 0) return 'UL';
  const group = groupOf(t);
  // Repeating-group overlay and curve attributes are not in the dictionary's name map.
  if ((group & 0xff00) === 0x6000) return elementOf(t) === 0x3000 ? 'OW' : 'UN';
  const entry = load().get(t);
  if (!entry) return 'UN';
  switch (entry.vr) {
    case 'ox':
      return context.bitsAllocated > 8 ? 'OW' : 'OB';
    case 'xs':
      return context.pixelRepresentation === 1 ? 'SS' : 'US';
    case 'up':
      return 'UL';
    case 'lt':
      return 'OW';
    case 'na':
      return 'UN';
    default:
      return entry.vr;
  }
}

export function keywordOf(t: Tag): string | undefined {
  return load().get(t)?.name;
}

export function tagOfKeyword(keyword: string): Tag | undefined {
  load();
  return byKeyword!.get(keyword);
}
