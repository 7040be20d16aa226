/**
 * The sites a reading records findings at: the structures of the hand anatomy, plus the few areas the form scores as
 * a whole and the anatomy does not list as structures — the hand itself (`R.hand`, for the avascular area count),
 * the calcinosis regions (`R.region.digit.<N>` for each digit, `R.region.palm`, `R.region.wrist`: calcinosis is
 * reported per digit or region, not per bone) — and image series (`series:<uid>`, for image quality).
 */
import { HAND_ANATOMY } from '../anatomy/hand.ts';
import type { AnatomyStructure, Finger, Side } from '../anatomy/types.ts';
import type { LocalizedText } from '../study/protocol.ts';
import type { ReadingItem } from './items.ts';

export type SiteScope = 'anatomy' | 'hand' | 'calcinosis_region' | 'series';

export interface ReadingSite {
  id: string;
  scope: SiteScope;
  /** Null for a series. */
  side: Side | null;
  /** The id without its side prefix (`MCP2`, `hand`, `region.palm`); `series` for every series. */
  pooledId: string;
  label: LocalizedText;
  finger: Finger | null;
  /** The anatomy structure, for anatomy sites. */
  structure: AnatomyStructure | null;
}

export const SIDES: readonly Side[] = ['R', 'L'];
export const SERIES_PREFIX = 'series:';

const SIDE_NAMES: Record<Side, LocalizedText> = {
  R: { en: 'right', fr: 'droite' },
  L: { en: 'left', fr: 'gauche' },
};
const FINGER_NAMES: Record<Finger, LocalizedText> = {
  1: { en: 'Thumb', fr: 'Pouce' },
  2: { en: 'Index finger', fr: 'Index' },
  3: { en: 'Middle finger', fr: 'Majeur' },
  4: { en: 'Ring finger', fr: 'Annulaire' },
  5: { en: 'Little finger', fr: 'Auriculaire' },
};
const FINGERS: readonly Finger[] = [1, 2, 3, 4, 5];

const sided = (side: Side, en: string, fr: string): LocalizedText => ({
  en: `${en}, ${SIDE_NAMES[side].en}`,
  fr: `${fr}, ${SIDE_NAMES[side].fr}`,
});

function regionSites(side: Side): ReadingSite[] {
  const region = (pooledId: string, label: LocalizedText, finger: Finger | null): ReadingSite => ({
    id: `${side}.${pooledId}`,
    scope: 'calcinosis_region',
    side,
    pooledId,
    label,
    finger,
    structure: null,
  });
  return [
    ...FINGERS.map((n) =>
      region(`region.digit.${n}`, sided(side, FINGER_NAMES[n].en, FINGER_NAMES[n].fr), n),
    ),
    region('region.palm', sided(side, 'Palm', 'Paume'), null),
    region('region.wrist', sided(side, 'Wrist', 'Poignet'), null),
  ];
}

const handSite = (side: Side): ReadingSite => ({
  id: `${side}.hand`,
  scope: 'hand',
  side,
  pooledId: 'hand',
  label: sided(side, 'Hand', 'Main'),
  finger: null,
  structure: null,
});

const anatomySite = (s: AnatomyStructure): ReadingSite => ({
  id: s.id,
  scope: 'anatomy',
  side: s.side,
  pooledId: s.pooledId,
  label: s.label,
  finger: s.finger,
  structure: s,
});

/** Every hand site, anatomy order first, then the hand and the calcinosis regions. */
export const HAND_SITES: readonly ReadingSite[] = [
  ...HAND_ANATOMY.map(anatomySite),
  ...SIDES.flatMap((side) => [handSite(side), ...regionSites(side)]),
];
const BY_ID = new Map(HAND_SITES.map((site) => [site.id, site]));
const RANK = new Map(HAND_SITES.map((site, i) => [site.id, i]));

/** Orders sites as the form lists them: anatomy order, then the hand areas, then series (and unknown ids). */
export const siteRank = (id: string): number => RANK.get(id) ?? HAND_SITES.length;

const seriesSite = (uid: string): ReadingSite => ({
  id: `${SERIES_PREFIX}${uid}`,
  scope: 'series',
  side: null,
  pooledId: 'series',
  label: { en: `Series ${uid}`, fr: `Série ${uid}` },
  finger: null,
  structure: null,
});

/** The site an id names, or null when it names none. Any non-empty `series:<uid>` is a series site. */
export function resolveSite(id: string): ReadingSite | null {
  if (id.startsWith(SERIES_PREFIX))
    return id.length > SERIES_PREFIX.length ? seriesSite(id.slice(SERIES_PREFIX.length)) : null;
  return BY_ID.get(id) ?? null;
}

/** Whether the item is scored at the site (synovitis at a joint, acro-osteolysis at a distal phalanx…). */
export function appliesAt(item: ReadingItem, site: ReadingSite): boolean {
  const selector = item.sites;
  if (selector.scope !== site.scope) return false;
  if (selector.scope !== 'anatomy') return true;
  const structure = site.structure;
  if (!structure || structure.kind !== selector.kind) return false;
  if (selector.pooledPrefix !== undefined && !structure.pooledId.startsWith(selector.pooledPrefix))
    return false;
  return selector.pooledIds === undefined || selector.pooledIds.includes(structure.pooledId);
}

/** The sites where the item is scored on the given sides (and series), in anatomy order. */
export function sitesOf(
  item: ReadingItem,
  sides: readonly Side[],
  seriesUids: readonly string[] = [],
): ReadingSite[] {
  if (item.sites.scope === 'series') return seriesUids.map(seriesSite);
  return HAND_SITES.filter(
    (site) => site.side !== null && sides.includes(site.side) && appliesAt(item, site),
  );
}

/**
 * The options a choice item offers at a site: the thumb has no middle phalanx, so its digital arteries reach the
 * proximal or the distal phalanx only.
 */
export function optionsAt(item: ReadingItem, site: ReadingSite): readonly string[] {
  if (item.scale.type !== 'choice') return [];
  const values = item.scale.options.map((o) => o.value);
  return item.id === 'artery_reach' && site.finger === 1 ? values.filter((v) => v !== 'middle') : values;
}
