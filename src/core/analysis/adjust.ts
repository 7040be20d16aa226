/** Multiplicity adjustment of one family of p-values, by R's p.adjust() (src/core/stats/p-adjust.ts). */
import { pAdjust } from '../stats/p-adjust.ts';
import type { AdjustMethod } from './types.ts';

/** Adjusted p-values in input order; null p-values (untestable rows) stay null and are not counted in the family. */
export function adjustFamily(pValues: readonly (number | null)[], method: AdjustMethod): (number | null)[] {
  const tested = pValues.flatMap((p, i) => (p === null ? [] : [i]));
  if (method === 'none' || tested.length === 0) return [...pValues];
  const { adjusted } = pAdjust({
    p: tested.map((i) => pValues[i] as number),
    method: method === 'BH' ? 'bh' : method,
  });
  const out: (number | null)[] = pValues.map(() => null);
  tested.forEach((index, k) => (out[index] = adjusted[k] as number));
  return out;
}
