/**
 * A reading as recorded: one finding per (site, item), plus free comments. Here: validating the findings against the
 * form (./items.ts) and the sites (./sites.ts), naming what a complete reading still lacks, and the "all normal"
 * bulk action that fills a hand's empty fields without touching what the reader entered.
 */
import type { Side } from '../anatomy/types.ts';
import { invalid, type FieldIssueCode } from '../errors.ts';
import type { Hands } from '../study/protocol.ts';
import {
  isItemId,
  READING_ITEMS,
  readingItem,
  type FindingValue,
  type ItemId,
  type ReadingItem,
} from './items.ts';
import {
  appliesAt,
  HAND_SITES,
  optionsAt,
  resolveSite,
  SERIES_PREFIX,
  sitesOf,
  type ReadingSite,
} from './sites.ts';

export interface Finding {
  /** An anatomy id (`R.MCP2`), a reading area (`R.hand`, `L.region.palm`) or `series:<uid>`. */
  site: string;
  item: ItemId;
  value: FindingValue;
}

export interface Reading {
  findings: readonly Finding[];
  comments: string;
}

/** What validation receives from outside: any item name, any value. */
export interface UncheckedFinding {
  site: string;
  item: string;
  value: unknown;
}

export type FindingIssueCode = Extract<
  FieldIssueCode,
  | 'unknown_site'
  | 'unknown_item'
  | 'not_applicable'
  | 'out_of_range'
  | 'not_an_integer'
  | 'invalid_option'
  | 'duplicate'
>;

export interface FindingIssue {
  /** `findings.<index>`, as the API reports field issues. */
  path: string;
  code: FindingIssueCode;
  message: string;
}

/** Which hands and which series a reading covers. */
export interface ReadingScope {
  hands: Hands;
  seriesUids: readonly string[];
}

export const sidesOf = (hands: Hands): Side[] =>
  hands === 'both' ? ['R', 'L'] : hands === 'right' ? ['R'] : ['L'];

export const findingKey = (site: string, item: string): string => `${item}@${site}`;

interface HandField {
  item: ReadingItem;
  site: ReadingSite;
  options: readonly string[];
  /** Its place among the hand fields: FieldIndex keeps each hand field's value in a slot of its own. */
  slot: number;
  /** For an artery's reach, the slot of that artery's status: a reach is not scored for an artery not visible. */
  statusSlot?: number;
}

/**
 * Every field of the hand form by site, then item, with what checking its value needs: the form is fixed, so an
 * autosave's 170 findings are each checked with one lookup instead of resolving the item and the site again. Series
 * fields (any series UID) are resolved as they come.
 */
const HAND_FIELDS = new Map<string, Map<string, HandField>>();
let handFieldCount = 0;
for (const site of HAND_SITES)
  for (const item of READING_ITEMS)
    if (appliesAt(item, site)) {
      const field: HandField = { item, site, options: optionsAt(item, site), slot: handFieldCount++ };
      const items = HAND_FIELDS.get(site.id);
      if (items) items.set(item.id, field);
      else HAND_FIELDS.set(site.id, new Map([[item.id, field]]));
    }
for (const items of HAND_FIELDS.values()) {
  const reach = items.get('artery_reach');
  if (!reach) continue;
  const status = items.get('artery_status');
  if (!status) throw new Error(`The reach of ${reach.site.id} is scored without its status`);
  reach.statusSlot = status.slot;
}

const handField = (site: string, item: string): HandField | undefined => HAND_FIELDS.get(site)?.get(item);

/**
 * Values by field. A hand field's value has a slot of its own (found with two lookups of the site and item strings
 * as given, which are hashed once each); other fields (series) are kept by site, then item. A `findingKey` made
 * per lookup is a new string to build and hash every time, and a map per site is an allocation per site: each made
 * checking an autosave's 170 findings about twice as slow.
 */
export class FieldIndex<T> {
  private slots: (T | undefined)[] | undefined;
  private readonly others = new Map<string, Map<string, T>>();
  get(site: string, item: string): T | undefined {
    const field = handField(site, item);
    return field ? this.slots?.[field.slot] : this.others.get(site)?.get(item);
  }
  set(site: string, item: string, value: T): void {
    const field = handField(site, item);
    if (field) {
      this.slots ??= new Array<T | undefined>(handFieldCount);
      this.slots[field.slot] = value;
      return;
    }
    const items = this.others.get(site);
    if (items) items.set(item, value);
    else this.others.set(site, new Map([[item, value]]));
  }
}

/** The findings by `findingKey`; the first of duplicates wins. */
export function indexFindings<F extends { site: string; item: string }>(
  findings: readonly F[],
): Map<string, F> {
  const index = new Map<string, F>();
  for (const f of findings) {
    const key = findingKey(f.site, f.item);
    if (!index.has(key)) index.set(key, f);
  }
  return index;
}

/**
 * The findings one save changed, each side in its own order: `before` holds the old value of every (site, item)
 * changed or removed, `after` the new value of every one added or changed. A (site, item) on one side only was
 * added (after) or removed (before). Findings are as validated, one per (site, item).
 */
export function changedFindings(
  before: readonly Finding[],
  after: readonly Finding[],
): { before: Finding[]; after: Finding[] } {
  // An autosave usually sends the same fields in the same order as the last one: compare them in place.
  if (before.length === after.length) {
    const changed: { before: Finding[]; after: Finding[] } = { before: [], after: [] };
    let i = 0;
    for (; i < before.length; i++) {
      const was = before[i]!;
      const is = after[i]!;
      if (was.site !== is.site || was.item !== is.item) break;
      if (was.value === is.value) continue;
      changed.before.push(was);
      changed.after.push(is);
    }
    if (i === before.length) return changed;
  }
  const old = indexFindings(before);
  const current = indexFindings(after);
  return {
    before: [...old].filter(([key, f]) => current.get(key)?.value !== f.value).map(([, f]) => f),
    after: [...current].filter(([key, f]) => old.get(key)?.value !== f.value).map(([, f]) => f),
  };
}

/** Issues with each finding; an empty list means the findings are valid (not that the reading is complete). */
export function validateFindings(
  reading: { findings: readonly UncheckedFinding[] },
  scope?: ReadingScope,
): FindingIssue[] {
  const { findings } = reading;
  const issues: FindingIssue[] = [];
  // Each finding's hand field, resolved once (undefined: a series field, or none of the form).
  const fields = findings.map((f) => handField(f.site, f.item));
  // Where each field is first recorded, by hand field slot or else by site and item: any later one is a duplicate.
  const firstBySlot = new Array<number | undefined>(handFieldCount);
  const firstOther = new FieldIndex<number>();
  findings.forEach((f, i) => {
    const slot = fields[i]?.slot;
    if (slot !== undefined) firstBySlot[slot] ??= i;
    else if (firstOther.get(f.site, f.item) === undefined) firstOther.set(f.site, f.item, i);
  });
  const sides = scope ? sidesOf(scope.hands) : null;
  findings.forEach((finding, i) => {
    const report = (code: FindingIssueCode, message: string) =>
      issues.push({ path: `findings.${i}`, code, message });
    const handFieldAt = fields[i];
    const first = handFieldAt ? firstBySlot[handFieldAt.slot] : firstOther.get(finding.site, finding.item);
    if (first !== i)
      return report('duplicate', `${finding.item} at ${finding.site} is recorded more than once`);
    let field: Omit<HandField, 'slot' | 'statusSlot'> | undefined = handFieldAt;
    if (!field) {
      if (!isItemId(finding.item))
        return report('unknown_item', `${finding.item} is not an item of the reading form`);
      const item = readingItem(finding.item);
      const site = resolveSite(finding.site);
      if (!site) return report('unknown_site', `${finding.site} is not a site of the hand or a series`);
      if (site.scope === 'series' && scope && !scope.seriesUids.includes(site.id.slice(SERIES_PREFIX.length)))
        return report('unknown_site', `${finding.site} is not a series of this exam`);
      if (!appliesAt(item, site))
        return report('not_applicable', `${finding.item} is not scored at ${finding.site}`);
      field = { item, site, options: optionsAt(item, site) };
    }
    const { item, site } = field;
    if (site.side && sides && !sides.includes(site.side))
      return report('not_applicable', `${finding.site} is on a hand this exam does not cover`);
    const statusSlot = handFieldAt?.statusSlot;
    if (statusSlot !== undefined && findings[firstBySlot[statusSlot] ?? -1]?.value === 'not_visible')
      return report(
        'not_applicable',
        `the reach of ${finding.site} is not scored: the artery is not visible`,
      );
    const { value } = finding;
    const { scale } = item;
    if (scale.type === 'integer') {
      if (typeof value !== 'number' || !Number.isInteger(value))
        return report(
          'not_an_integer',
          `${finding.item} must be a whole number from ${scale.min} to ${scale.max}`,
        );
      if (value < scale.min || value > scale.max)
        return report(
          'out_of_range',
          `${finding.item} must be from ${scale.min} to ${scale.max}, not ${value}`,
        );
      return;
    }
    if (scale.type === 'boolean') {
      if (typeof value !== 'boolean') report('invalid_option', `${finding.item} must be true or false`);
      return;
    }
    const { options } = field;
    if (typeof value !== 'string' || !options.includes(value))
      report('invalid_option', `${finding.item} at ${finding.site} must be one of: ${options.join(', ')}`);
  });
  return issues;
}

/** The (site, item) fields a complete reading needs, in form order; the reach of a not-visible artery is not needed. */
export function requiredFields(reading: Reading, scope: ReadingScope): { site: string; item: ItemId }[] {
  return requiredFieldsOf(recordedFields(reading.findings).notVisibleArteries, scope).map(
    ({ site, item }) => ({
      site,
      item,
    }),
  );
}

interface RequiredField {
  site: string;
  item: ItemId;
  /** Its `findingKey`, built once. */
  key: string;
}

const requiredField = (site: string, item: ItemId): RequiredField => ({
  site,
  item,
  key: findingKey(site, item),
});

/**
 * The fields of each item on the given hands, per item in form order (series items: null, their sites are the
 * exam's series). The same for every reading of the same hands, and there are only three: built once for each,
 * since checking a reading for what it misses is done 20,000 times in an analysis.
 */
const handFieldsOf = (() => {
  const built = new Map<Hands, readonly (readonly RequiredField[] | null)[]>();
  return (hands: Hands): readonly (readonly RequiredField[] | null)[] => {
    let fields = built.get(hands);
    if (!fields) {
      const sides = sidesOf(hands);
      fields = READING_ITEMS.map((item) =>
        item.sites.scope === 'series'
          ? null
          : sitesOf(item, sides).map((site) => requiredField(site.id, item.id)),
      );
      built.set(hands, fields);
    }
    return fields;
  };
})();

/**
 * Every field of the form on the given hands, in form order, series items aside (their sites are the exam's
 * series): a complete reading records each, except the reach of a digital artery whose status is not visible.
 */
export const handFormFields = (() => {
  const built = new Map<Hands, readonly { site: string; item: ItemId }[]>();
  return (hands: Hands): readonly { site: string; item: ItemId }[] => {
    let fields = built.get(hands);
    if (!fields) {
      fields = handFieldsOf(hands).flatMap((item) => (item ?? []).map(({ site, item }) => ({ site, item })));
      built.set(hands, fields);
    }
    return fields;
  };
})();

/** The keys of the fields a reading records, and the sites of the digital arteries it records as not visible. */
function recordedFields(findings: readonly Finding[]): {
  keys: Set<string>;
  notVisibleArteries: Set<string>;
} {
  const keys = new Set<string>();
  const notVisibleArteries = new Set<string>();
  for (const f of findings) {
    const key = findingKey(f.site, f.item);
    // The first of duplicates wins, as in indexFindings.
    if (keys.has(key)) continue;
    keys.add(key);
    if (f.item === 'artery_status' && f.value === 'not_visible') notVisibleArteries.add(f.site);
  }
  return { keys, notVisibleArteries };
}

function requiredFieldsOf(notVisibleArteries: ReadonlySet<string>, scope: ReadingScope): RequiredField[] {
  const handFields = handFieldsOf(scope.hands);
  const required: RequiredField[] = [];
  READING_ITEMS.forEach((item, i) => {
    const fields =
      handFields[i] ?? sitesOf(item, [], scope.seriesUids).map((site) => requiredField(site.id, item.id));
    for (const field of fields)
      if (item.id !== 'artery_reach' || !notVisibleArteries.has(field.site)) required.push(field);
  });
  return required;
}

/** What is missing for a complete reading, in form order. */
export function missingFindings(reading: Reading, scope: ReadingScope): { site: string; item: ItemId }[] {
  const { keys, notVisibleArteries } = recordedFields(reading.findings);
  const missing: { site: string; item: ItemId }[] = [];
  for (const { site, item, key } of requiredFieldsOf(notVisibleArteries, scope))
    if (!keys.has(key)) missing.push({ site, item });
  return missing;
}

/**
 * Fills every empty field of one hand (or only one item's) with its normal value, keeping every value entered.
 * A digital artery's reach is filled only where its status is (or is being filled as) normal: the reach of a thin
 * or occluded artery is the reader's to record.
 */
export function bulkNormal(reading: Reading, options: { side: Side; item?: ItemId }): Reading {
  if (options.item && readingItem(options.item).sites.scope === 'series')
    throw invalid(`${options.item} is recorded per series, not per hand`, [
      { path: 'item', code: 'invalid_option', message: 'must be an item scored on the hand' },
    ]);
  const index = indexFindings(reading.findings);
  const added: Finding[] = [];
  const items = READING_ITEMS.filter(
    (item) => item.sites.scope !== 'series' && (!options.item || item.id === options.item),
  );
  for (const item of items)
    for (const site of sitesOf(item, [options.side])) {
      if (index.has(findingKey(site.id, item.id))) continue;
      if (item.id === 'artery_reach') {
        const status =
          index.get(findingKey(site.id, 'artery_status'))?.value ??
          added.find((f) => f.site === site.id && f.item === 'artery_status')?.value;
        if (status !== 'normal') continue;
      }
      added.push({ site: site.id, item: item.id, value: item.scale.normal });
    }
  return { ...reading, findings: [...reading.findings, ...added] };
}
