/**
 * Inter-reader agreement: the two reads of each exam are paired site by site (same exam, same site, same item, both
 * recorded), then per item, pooled over exams and sites, the percentage of identical values and Cohen's kappa from
 * the statistics engine, weighted as the item states (./items.ts: quadratic for grades, linear for ordered
 * categories, none for yes/no and unordered choices). The weights span the item's whole scale, not only the grades
 * the readers happened to use, so a kappa means the same thing from one data set to the next.
 */
import { cohenKappa } from '../stats/kappa.ts';
import { findingKey, indexFindings, type Reading } from './findings.ts';
import { READING_ITEMS, type ItemId, type ReadingItem, type Weighting } from './items.ts';
import { itemCategories } from './scale.ts';
import { resolveSite } from './sites.ts';

export interface ReadPair {
  /** The two reads of one exam. */
  a: Reading;
  b: Reading;
}

export interface ItemAgreement {
  item: ItemId;
  weighting: Weighting;
  pairs: number;
  /** Identical values, in percent; null without pairs. */
  percentAgreement: number | null;
  /** Null with fewer than 2 pairs, or when both readers used one category throughout (kappa is 0/0). */
  kappa: number | null;
}

export interface SiteAgreement extends ItemAgreement {
  /** The site with left and right pooled (`MCP2`, `artery.digital.3.ulnar`). */
  site: string;
}

/** Per-site kappas from fewer pairs than this are not reported: their confidence intervals span most of [-1, 1]. */
export const MIN_PAIRS_PER_SITE = 10;

type Rating = string | number;
interface Paired {
  item: ItemId;
  pooledSite: string | null;
  a: Rating;
  b: Rating;
}

const rating = (value: string | number | boolean): Rating =>
  typeof value === 'boolean' ? String(value) : value;

function pairValues(reads: readonly ReadPair[]): Paired[] {
  return reads.flatMap(({ a, b }) => {
    const other = indexFindings(b.findings);
    return [...indexFindings(a.findings).values()].flatMap((fa) => {
      const fb = other.get(findingKey(fa.site, fa.item));
      if (!fb) return [];
      const site = resolveSite(fa.site);
      const pooledSite = site && site.scope !== 'series' ? site.pooledId : null;
      return [{ item: fa.item, pooledSite, a: rating(fa.value), b: rating(fb.value) }];
    });
  });
}

function agreementOf(item: ReadingItem, paired: readonly Paired[]): ItemAgreement {
  const n = paired.length;
  const same = paired.filter((p) => p.a === p.b).length;
  let kappa: number | null = null;
  // One category throughout makes kappa 0/0 (NaN, as in R): reported as null.
  if (n >= 2) {
    const result = cohenKappa({
      rater1: paired.map((p) => p.a),
      rater2: paired.map((p) => p.b),
      weights: item.weighting,
      categories: itemCategories(item),
      level: 0.95,
    });
    kappa = Number.isFinite(result.kappa) ? result.kappa : null;
  }
  return {
    item: item.id,
    weighting: item.weighting,
    pairs: n,
    percentAgreement: n ? (100 * same) / n : null,
    kappa,
  };
}

/** Agreement per item (every item of the form, in form order), and per pooled site where the pairs allow. */
export function readerAgreement(
  reads: readonly ReadPair[],
  options: { minPairsPerSite?: number } = {},
): { items: ItemAgreement[]; sites: SiteAgreement[] } {
  const minPairs = options.minPairsPerSite ?? MIN_PAIRS_PER_SITE;
  const paired = pairValues(reads);
  const items = READING_ITEMS.map((item) =>
    agreementOf(
      item,
      paired.filter((p) => p.item === item.id),
    ),
  );
  const sites: SiteAgreement[] = [];
  for (const item of READING_ITEMS) {
    const bySite = new Map<string, Paired[]>();
    for (const p of paired) {
      if (p.item !== item.id || p.pooledSite === null) continue;
      const group = bySite.get(p.pooledSite);
      if (group) group.push(p);
      else bySite.set(p.pooledSite, [p]);
    }
    for (const [site, group] of bySite)
      if (group.length >= minPairs) sites.push({ site, ...agreementOf(item, group) });
  }
  return { items, sites };
}
