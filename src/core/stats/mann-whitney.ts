import { z } from 'zod';
import { pnorm } from './distributions.ts';
import { hasTies, rankWithTies } from './ranks.ts';
import { sample } from './schemas.ts';

export const mannWhitneyInput = z.strictObject({ x: sample(1), y: sample(1) });

export interface MannWhitneyResult {
  /** R's W: the rank sum of x minus nx(nx + 1)/2. */
  statistic: number;
  pValue: number;
  method: 'exact' | 'normal';
  warning: string | null;
}

/** R's wilcox.test(x, y) switches to the normal approximation at 50 observations in either group. */
const EXACT_LIMIT = 50;

/**
 * Wilcoxon-Mann-Whitney rank-sum test, two-sided, with the defaults of R's wilcox.test(x, y): the exact null
 * distribution when both groups have fewer than 50 values and there are no ties, otherwise the normal
 * approximation with continuity correction and the tie correction of the variance.
 */
export function mannWhitney(input: z.output<typeof mannWhitneyInput>): MannWhitneyResult {
  const { x, y } = input;
  const nx = x.length;
  const ny = y.length;
  const ranking = rankWithTies([...x, ...y]);
  let rankSumX = 0;
  for (let i = 0; i < nx; i++) rankSumX += ranking.ranks[i] as number;
  const statistic = rankSumX - (nx * (nx + 1)) / 2;
  const exactWanted = nx < EXACT_LIMIT && ny < EXACT_LIMIT;
  const ties = hasTies(ranking);
  if (exactWanted && !ties) {
    const distribution = rankSumDistribution(nx, ny);
    const p = statistic > (nx * ny) / 2 ? distribution.upper(statistic - 1) : distribution.lower(statistic);
    return { statistic, pValue: Math.min(2 * p, 1), method: 'exact', warning: null };
  }
  const n = nx + ny;
  const tieTerm = ranking.tieSizes.reduce((s, t) => s + (t * t * t - t), 0);
  const z0 = statistic - (nx * ny) / 2;
  const sigma = Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const z = (z0 - Math.sign(z0) * 0.5) / sigma;
  const pValue = 2 * Math.min(pnorm(z), pnorm(z, false));
  return {
    statistic,
    pValue,
    method: 'normal',
    warning: exactWanted ? 'cannot compute exact p-value with ties' : null,
  };
}

/**
 * The null distribution of W for group sizes m and n: the number of m-subsets of ranks 1..m+n by rank sum,
 * built one rank at a time (the count recursion of R's src/nmath/wilcox.c, unrolled). Tails are summed directly
 * so that small p-values keep full relative precision.
 */
function rankSumDistribution(m: number, n: number) {
  const maxW = m * n;
  // ways[j][w]: subsets of size j of the ranks seen so far whose W-contribution is w.
  const ways = Array.from({ length: m + 1 }, () => new Float64Array(maxW + 1));
  (ways[0] as Float64Array)[0] = 1;
  for (let rank = 1; rank <= m + n; rank++) {
    for (let j = Math.min(m, rank); j >= 1; j--) {
      // Choosing rank r as the j-th smallest of x adds r - j to W (the number of y values below it).
      const shift = rank - j;
      if (shift > n) continue;
      const to = ways[j] as Float64Array;
      const from = ways[j - 1] as Float64Array;
      for (let w = maxW; w >= shift; w--) to[w] = (to[w] as number) + (from[w - shift] as number);
    }
  }
  const counts = ways[m] as Float64Array;
  const total = counts.reduce((s, v) => s + v, 0);
  return {
    lower(q: number): number {
      let s = 0;
      for (let w = 0; w <= Math.min(q, maxW); w++) s += counts[w] as number;
      return s / total;
    },
    upper(q: number): number {
      let s = 0;
      for (let w = Math.max(q + 1, 0); w <= maxW; w++) s += counts[w] as number;
      return s / total;
    },
  };
}
