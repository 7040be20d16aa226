/**
 * Results derived from a reading, per hand and per participant: the study's outcomes (is there a lesion of each
 * type, how many sites), the RAMRIS sums, the vascular counts and the Leyden/Chang type. A figure that depends on a
 * field still empty is null rather than a partial sum, so an incomplete reading can never pass for a normal one.
 */
import type { Side } from '../anatomy/types.ts';
import type { Hands } from '../study/protocol.ts';
import { findingKey, indexFindings, sidesOf, type Finding, type Reading } from './findings.ts';
import { readingItem, type ItemId } from './items.ts';
import { isAbnormal } from './scale.ts';
import { sitesOf, type ReadingSite } from './sites.ts';

export const LESION_ITEMS = [
  'synovitis',
  'effusion',
  'erosion',
  'bone_oedema',
  'tenosynovitis',
  'acro_osteolysis',
  'calcinosis',
  'flexor_thickening',
] as const satisfies readonly ItemId[];
export type LesionItem = (typeof LESION_ITEMS)[number];

export const RAMRIS_ITEMS = [
  'synovitis',
  'erosion',
  'bone_oedema',
  'tenosynovitis',
] as const satisfies readonly ItemId[];
export type RamrisItem = (typeof RAMRIS_ITEMS)[number];

export interface LesionResult {
  /** A lesion at one site at least; false only when every site is scored and none has one. */
  any: boolean | null;
  /** Sites with a lesion; null while a site is not scored. */
  count: number | null;
}

/**
 * RAMRIS sums: `ramrisSites` over the sites OMERACT RAMRIS scores (comparable with the literature), `allSites` over
 * every site the study scores (RAMRIS plus the thumb, PIP, DIP and phalanx extensions 7 T makes readable).
 */
export interface RamrisSum {
  ramrisSites: number | null;
  allSites: number | null;
}

/**
 * Leyden/Chang type from radial and ulnar patency at the wrist (J Hand Surg Am 2019;44:990): 1 both patent,
 * 2 ulnar lost, 3 radial lost, 4 both lost. The palmar-arch subtypes are not computed: the study has no primary
 * text of their definitions to cite, only the arch patencies, which are recorded.
 */
export type LeydenChangType = 1 | 2 | 3 | 4;

export interface VascularResults {
  /** Proper digital arteries not normal (thin, occluded or not visible). */
  abnormalDigitalArteries: number | null;
  /** Fingers with no venous return visible as far as the proximal phalanx. */
  fingersWithoutVenousReturn: number | null;
  avascularAreas: number | null;
}

export interface HandResults extends VascularResults {
  side: Side;
  lesions: Record<LesionItem, LesionResult>;
  ramris: Record<RamrisItem, RamrisSum>;
  leydenChangType: LeydenChangType | null;
}

export interface ParticipantResults extends VascularResults {
  hands: HandResults[];
  lesions: Record<LesionItem, LesionResult>;
  ramris: Record<RamrisItem, RamrisSum>;
}

type Index = Map<string, Finding>;

const valuesAt = (index: Index, item: ItemId, sites: readonly ReadingSite[]) =>
  sites.map((site) => index.get(findingKey(site.id, item))?.value);

/** Sites whose value satisfies `counts`; null if a site has no value. */
function countWhere(index: Index, item: ItemId, side: Side, counts: (value: Finding['value']) => boolean) {
  const values = valuesAt(index, item, sitesOf(readingItem(item), [side]));
  return values.some((v) => v === undefined)
    ? null
    : values.filter((v) => counts(v as Finding['value'])).length;
}

function lesionResult(index: Index, item: LesionItem, side: Side): LesionResult {
  const definition = readingItem(item);
  const values = valuesAt(index, item, sitesOf(definition, [side]));
  const found = values.some((v) => v !== undefined && isAbnormal(definition, v));
  const complete = values.every((v) => v !== undefined);
  return {
    any: found ? true : complete ? false : null,
    count: complete ? values.filter((v) => isAbnormal(definition, v as Finding['value'])).length : null,
  };
}

function ramrisSum(index: Index, item: RamrisItem, side: Side): RamrisSum {
  const sites = sitesOf(readingItem(item), [side]);
  const sum = (subset: readonly ReadingSite[]): number | null => {
    const values = valuesAt(index, item, subset);
    return values.some((v) => v === undefined) ? null : values.reduce<number>((s, v) => s + (v as number), 0);
  };
  return { ramrisSites: sum(sites.filter((s) => s.structure?.ramris)), allSites: sum(sites) };
}

export function leydenChangType(radial: unknown, ulnar: unknown): LeydenChangType | null {
  if (radial === undefined || ulnar === undefined) return null;
  if (radial === 'patent') return ulnar === 'patent' ? 1 : 2;
  return ulnar === 'patent' ? 3 : 4;
}

function deriveHandFrom(index: Index, side: Side): HandResults {
  const single = (item: ItemId, site: string) => index.get(findingKey(`${side}.${site}`, item))?.value;
  const avascular = single('avascular_areas', 'hand');
  return {
    side,
    lesions: Object.fromEntries(
      LESION_ITEMS.map((item) => [item, lesionResult(index, item, side)]),
    ) as Record<LesionItem, LesionResult>,
    ramris: Object.fromEntries(RAMRIS_ITEMS.map((item) => [item, ramrisSum(index, item, side)])) as Record<
      RamrisItem,
      RamrisSum
    >,
    abnormalDigitalArteries: countWhere(index, 'artery_status', side, (v) => v !== 'normal'),
    fingersWithoutVenousReturn: countWhere(index, 'venous_return', side, (v) => v === false),
    avascularAreas: typeof avascular === 'number' ? avascular : null,
    leydenChangType: leydenChangType(
      single('radial_patency', 'artery.radial'),
      single('ulnar_patency', 'artery.ulnar'),
    ),
  };
}

export const deriveHand = (reading: Reading, side: Side): HandResults =>
  deriveHandFrom(indexFindings(reading.findings), side);

const addAll = (values: (number | null)[]): number | null =>
  values.some((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v as number), 0);

const anyOf = (values: (boolean | null)[]): boolean | null =>
  values.includes(true) ? true : values.includes(null) ? null : false;

/** The hands' results and their combination: a lesion type is present if present on either hand; counts add up. */
export function deriveParticipant(reading: Reading, hands: Hands): ParticipantResults {
  const index = indexFindings(reading.findings);
  const perHand = sidesOf(hands).map((side) => deriveHandFrom(index, side));
  return {
    hands: perHand,
    lesions: Object.fromEntries(
      LESION_ITEMS.map((item) => [
        item,
        {
          any: anyOf(perHand.map((h) => h.lesions[item].any)),
          count: addAll(perHand.map((h) => h.lesions[item].count)),
        },
      ]),
    ) as Record<LesionItem, LesionResult>,
    ramris: Object.fromEntries(
      RAMRIS_ITEMS.map((item) => [
        item,
        {
          ramrisSites: addAll(perHand.map((h) => h.ramris[item].ramrisSites)),
          allSites: addAll(perHand.map((h) => h.ramris[item].allSites)),
        },
      ]),
    ) as Record<RamrisItem, RamrisSum>,
    abnormalDigitalArteries: addAll(perHand.map((h) => h.abnormalDigitalArteries)),
    fingersWithoutVenousReturn: addAll(perHand.map((h) => h.fingersWithoutVenousReturn)),
    avascularAreas: addAll(perHand.map((h) => h.avascularAreas)),
  };
}
