/**
 * The reading form's layout, derived from the form's items (READING_ITEMS) and sites, never written out: one group per
 * kind of site (joints, bones, tendons, arteries, veins, the hand, calcinosis regions, series) and hand, its rows the
 * sites in anatomy order, its columns the items scored at that kind of site. Also the field order the keyboard
 * follows and the colour a structure takes on the hand diagram.
 */
import type { Side, StructureKind } from '../../../../src/core/anatomy/types.ts';
import { findingKey, sidesOf, type Finding } from '../../../../src/core/reading/findings.ts';
import {
  isItemId,
  READING_ITEMS,
  readingItem,
  type FindingValue,
  type ItemId,
  type ReadingItem,
} from '../../../../src/core/reading/items.ts';
import { isAbnormal, severityRank } from '../../../../src/core/reading/scale.ts';
import {
  appliesAt,
  optionsAt,
  resolveSite,
  siteRank,
  sitesOf,
  type ReadingSite,
  type SiteScope,
} from '../../../../src/core/reading/sites.ts';
import type { Hands, LocalizedText } from '../../../../src/core/study/protocol.ts';

export type GroupKind = StructureKind | Exclude<SiteScope, 'anatomy'>;

export interface FormGroup {
  /** `joint:R`, `series`. */
  id: string;
  kind: GroupKind;
  side: Side | null;
  items: readonly ReadingItem[];
  sites: readonly ReadingSite[];
}

const GROUP_ORDER: readonly GroupKind[] = [
  'joint',
  'bone',
  'tendon',
  'artery',
  'vein',
  'hand',
  'calcinosis_region',
  'series',
];

export const groupKindOf = (item: ReadingItem): GroupKind =>
  item.sites.scope === 'anatomy' ? item.sites.kind : item.sites.scope;

/** The groups of the form for the exam's hands and series, kinds in form order, right hand before left. */
export function formGroups(hands: Hands, seriesUids: readonly string[]): FormGroup[] {
  const groups: FormGroup[] = [];
  for (const kind of GROUP_ORDER) {
    const items = READING_ITEMS.filter((item) => groupKindOf(item) === kind);
    if (items.length === 0) continue;
    const sides: (Side | null)[] = kind === 'series' ? [null] : sidesOf(hands);
    for (const side of sides) {
      const byId = new Map<string, ReadingSite>();
      for (const item of items)
        for (const site of sitesOf(item, side ? [side] : [], seriesUids)) byId.set(site.id, site);
      const sites = [...byId.values()].sort((a, b) => siteRank(a.id) - siteRank(b.id));
      if (sites.length > 0) groups.push({ id: side ? `${kind}:${side}` : kind, kind, side, items, sites });
    }
  }
  return groups;
}

/** The DOM id of a field, for focusing it from the diagram and the keyboard. */
export const fieldDomId = (site: string, item: ItemId): string => `field-${findingKey(site, item)}`;

/** Every site of the form in tab order (group by group, row by row), each once. */
export function siteOrder(groups: readonly FormGroup[]): string[] {
  return [...new Set(groups.flatMap((group) => group.sites.map((site) => site.id)))];
}

/** The first field of a site the form asks for, in form order (what clicking the structure on the diagram focuses). */
export function firstFieldOf(
  groups: readonly FormGroup[],
  siteId: string,
  required: ReadonlySet<string>,
): ItemId | null {
  for (const group of groups) {
    if (!group.sites.some((s) => s.id === siteId)) continue;
    const item = group.items.find((i) => required.has(findingKey(siteId, i.id)));
    if (item) return item.id;
  }
  return null;
}

export const DIAGRAM_FILL = {
  empty: '#ffffff',
  entered: '#adb5bd',
  mild: '#f08c00',
  severe: '#e03131',
} as const;

/**
 * The colour of a structure on the diagram: the most abnormal value entered there (orange for the lowest abnormal
 * rank, red above), grey once every field of the structure is entered with normal values, white while any is empty.
 */
export function structureFill(site: ReadingSite, values: ReadonlyMap<string, FindingValue>): string {
  let entered = 0;
  let fields = 0;
  let worst = 0;
  for (const item of READING_ITEMS) {
    if (!appliesAt(item, site)) continue;
    fields += 1;
    const value = values.get(findingKey(site.id, item.id));
    if (value === undefined) continue;
    entered += 1;
    if (isAbnormal(item, value)) worst = Math.max(worst, severityRank(item, value));
  }
  if (worst > 1) return DIAGRAM_FILL.severe;
  if (worst === 1) return DIAGRAM_FILL.mild;
  return fields > 0 && entered === fields ? DIAGRAM_FILL.entered : DIAGRAM_FILL.empty;
}

/** The findings as a map by `findingKey`. */
export const valueMap = (findings: readonly Finding[]): Map<string, FindingValue> =>
  new Map(findings.map((f) => [findingKey(f.site, f.item), f.value]));

export interface FieldOption {
  value: FindingValue;
  label: LocalizedText;
}

/** Graded scales wider than this take a number input instead of one button per grade. */
const MAX_GRADE_BUTTONS = 11;

/**
 * The values a field offers, in the order digits select them (digit n = the n-th option, so a grade's digit is the
 * grade itself): grades from the minimum, "no" before "yes", choices in scale order. Null for a wide graded scale.
 */
export function fieldOptions(item: ReadingItem, site: ReadingSite): FieldOption[] | null {
  const { scale } = item;
  if (scale.type === 'integer') {
    const count = scale.max - scale.min + 1;
    if (count > MAX_GRADE_BUTTONS) return null;
    return Array.from({ length: count }, (_, i) => {
      const label = String(scale.min + i);
      return { value: scale.min + i, label: { en: label, fr: label } };
    });
  }
  if (scale.type === 'boolean')
    return [
      { value: false, label: scale.no },
      { value: true, label: scale.yes },
    ];
  return optionsAt(item, site).map((value) => ({
    value,
    label: scale.options.find((o) => o.value === value)?.label ?? { en: value, fr: value },
  }));
}

/** A value as a reader reads it: the option's label, or the number. */
export function valueLabel(
  item: ReadingItem,
  value: FindingValue | null,
  language: keyof LocalizedText,
): string | null {
  if (value === null) return null;
  const { scale } = item;
  if (scale.type === 'boolean') return (value === true ? scale.yes : scale.no)[language];
  if (scale.type === 'choice')
    return scale.options.find((o) => o.value === value)?.label[language] ?? String(value);
  return String(value);
}

/** A (site, item) as a reader reads it: "Synovitis — Right MCP2". */
export function fieldName(site: string, item: ItemId, language: keyof LocalizedText): string {
  return `${readingItem(item).label[language]} — ${resolveSite(site)?.label[language] ?? site}`;
}

/**
 * A field issue from the API in the reader's words: a path naming a field (`synovitis@R.MCP2`, as `findingKey` writes
 * it, possibly after a prefix) becomes its item and site; any other keeps the server's message.
 */
export function fieldIssueText(
  issue: { path: string; message: string },
  language: keyof LocalizedText,
): string {
  const match = /(?:^|[./])([a-z_]+)@([^@]+)$/.exec(issue.path);
  const item = match?.[1];
  const site = match?.[2];
  if (item && site && isItemId(item) && resolveSite(site)) return fieldName(site, item, language);
  return issue.message;
}
