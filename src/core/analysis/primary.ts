/**
 * The primary outcome: for each abnormality, participants with at least one lesion (grade at or above the item's
 * threshold) anywhere, at each site of each hand, and at each site with the hands pooled, compared between arms.
 * Per-hand sites are one multiplicity family per abnormality, pooled sites another; the `any` row is the main test
 * and is not adjusted.
 */
import { pooledLabel } from '../anatomy/hand.ts';
import type { AnatomyStructure, Side } from '../anatomy/types.ts';
import { sidesOf } from '../reading/findings.ts';
import { readingItem } from '../reading/items.ts';
import { isAbnormal } from '../reading/scale.ts';
import { sitesOf } from '../reading/sites.ts';
import type { Arm } from '../study/protocol.ts';
import { adjustFamily } from './adjust.ts';
import { compareProportions } from './compare.ts';
import type { ParticipantInput } from './input.ts';
import {
  PRIMARY_ABNORMALITIES,
  type AdjustMethod,
  type PrimaryAbnormality,
  type PrimaryRow,
} from './types.ts';

export const PRIMARY_FAMILY =
  'per abnormality: its per-hand sites form one family, its pooled (left and right) sites another; the any row is not adjusted';

/** Lesion counts of one arm: analysed participants, per side imaged, and with a lesion anywhere / per site / per pooled site. */
interface ArmTally {
  participants: number;
  imaged: Record<Side, number>;
  any: number;
  site: Map<string, number>;
  pooled: Map<string, number>;
}

const emptyTally = (): ArmTally => ({
  participants: 0,
  imaged: { R: 0, L: 0 },
  any: 0,
  site: new Map(),
  pooled: new Map(),
});
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

function tally(
  analysed: readonly ParticipantInput[],
  abnormality: PrimaryAbnormality,
): Record<Arm, ArmTally> {
  const item = readingItem(abnormality);
  const byArm: Record<Arm, ArmTally> = { ssc: emptyTally(), control: emptyTally() };
  for (const p of analysed) {
    const exam = p.exam;
    if (!exam?.final) continue;
    const t = byArm[p.arm];
    t.participants += 1;
    for (const side of sidesOf(exam.hands)) t.imaged[side] += 1;
    const pooled = new Set<string>();
    for (const f of exam.final.abnormal) {
      if (f.item !== abnormality || !isAbnormal(item, f.value)) continue;
      bump(t.site, f.site);
      pooled.add(f.site.slice(2));
    }
    if (pooled.size > 0) t.any += 1;
    for (const id of pooled) bump(t.pooled, id);
  }
  return byArm;
}

export function primaryRows(
  analysed: readonly ParticipantInput[],
  options: { adjust: AdjustMethod; confidenceLevel: number },
): PrimaryRow[] {
  const level = options.confidenceLevel;
  return PRIMARY_ABNORMALITIES.flatMap((abnormality) => {
    const t = tally(analysed, abnormality);
    const item = readingItem(abnormality);
    const anyRow: PrimaryRow = {
      abnormality,
      site: 'any',
      level: 'any',
      side: null,
      kind: null,
      label: { en: `${item.label.en}, any site`, fr: `${item.label.fr}, tout site` },
      ...compareProportions(
        {
          ssc: { n: t.ssc.any, N: t.ssc.participants },
          control: { n: t.control.any, N: t.control.participants },
        },
        level,
        { oddsRatio: true },
      ),
      pAdjusted: null,
    };
    anyRow.pAdjusted = anyRow.pValue;
    const structures = sitesOf(item, ['R', 'L']).map((s) => s.structure as AnatomyStructure);
    const siteRows = structures.map((s): PrimaryRow => {
      const side = s.side;
      return {
        abnormality,
        site: s.id,
        level: 'site',
        side,
        kind: s.kind,
        label: s.label,
        ...compareProportions(
          {
            ssc: { n: t.ssc.site.get(s.id) ?? 0, N: t.ssc.imaged[side] },
            control: { n: t.control.site.get(s.id) ?? 0, N: t.control.imaged[side] },
            missing: {
              ssc: t.ssc.participants - t.ssc.imaged[side],
              control: t.control.participants - t.control.imaged[side],
            },
          },
          level,
        ),
        pAdjusted: null,
      };
    });
    const pooledRows = structures
      .filter((s) => s.side === 'R')
      .map((s): PrimaryRow => ({
        abnormality,
        site: s.pooledId,
        level: 'pooled',
        side: null,
        kind: s.kind,
        label: pooledLabel(s.pooledId),
        ...compareProportions(
          {
            ssc: { n: t.ssc.pooled.get(s.pooledId) ?? 0, N: t.ssc.participants },
            control: { n: t.control.pooled.get(s.pooledId) ?? 0, N: t.control.participants },
          },
          level,
        ),
        pAdjusted: null,
      }));
    for (const family of [siteRows, pooledRows]) {
      const adjusted = adjustFamily(
        family.map((r) => r.pValue),
        options.adjust,
      );
      family.forEach((row, i) => (row.pAdjusted = adjusted[i] ?? null));
    }
    return [anyRow, ...siteRows, ...pooledRows];
  });
}
