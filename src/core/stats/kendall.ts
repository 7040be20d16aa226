import { z } from 'zod';
import { roundHalfEven } from './descriptive.ts';
import { pnorm } from './distributions.ts';
import { sameLength, sample } from './schemas.ts';

export const kendallInput = z.strictObject({ x: sample(2), y: sample(2) }).superRefine(sameLength);

export interface KendallResult {
  /** Kendall's tau-b (ties adjusted), as R's cor(method = "kendall"). */
  tau: number;
  /** T (concordant pairs) for the exact test, z for the normal approximation. */
  statistic: number;
  pValue: number;
  method: 'exact' | 'normal';
  warning: string | null;
}

const EXACT_LIMIT = 50;

/**
 * Kendall's rank correlation test, two-sided, as R's cor.test(method = "kendall"): for n < 50 without ties, the
 * exact distribution of the number of concordant pairs (the inversion counts of permutations, R's
 * src/library/stats/src/kendall.c); otherwise the normal approximation with the tie-corrected variance of S
 * (Kendall 1970, "Rank Correlation Methods", ch. 4).
 */
export function kendall(input: z.output<typeof kendallInput>): KendallResult {
  const { x, y } = input;
  const n = x.length;
  let s = 0;
  let pairsX = 0;
  let pairsY = 0;
  for (let i = 1; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const dx = Math.sign((x[i] as number) - (x[k] as number));
      const dy = Math.sign((y[i] as number) - (y[k] as number));
      s += dx * dy;
      pairsX += dx * dx;
      pairsY += dy * dy;
    }
  }
  if (pairsX === 0 || pairsY === 0)
    return {
      tau: Number.NaN,
      statistic: Number.NaN,
      pValue: Number.NaN,
      method: 'normal',
      warning: 'the standard deviation is zero',
    };
  const tau = s / (Math.sqrt(pairsX) * Math.sqrt(pairsY));
  const xTies = tieSizes(x);
  const yTies = tieSizes(y);
  const ties = xTies.length > 0 || yTies.length > 0;
  if (n < EXACT_LIMIT && !ties) {
    const q = roundHalfEven(((tau + 1) * n * (n - 1)) / 4);
    const p = q > (n * (n - 1)) / 4 ? 1 - pkendall(q - 1, n) : pkendall(q, n);
    return { tau, statistic: q, pValue: Math.min(2 * p, 1), method: 'exact', warning: null };
  }
  const sum = (ts: number[], f: (t: number) => number) => ts.reduce((acc, t) => acc + f(t), 0);
  const t0 = (n * (n - 1)) / 2;
  const t1 = sum(xTies, (t) => t * (t - 1)) / 2;
  const t2 = sum(yTies, (t) => t * (t - 1)) / 2;
  const bigS = tau * Math.sqrt((t0 - t1) * (t0 - t2));
  const v0 = n * (n - 1) * (2 * n + 5);
  const vt = sum(xTies, (t) => t * (t - 1) * (2 * t + 5));
  const vu = sum(yTies, (t) => t * (t - 1) * (2 * t + 5));
  const v1 = sum(xTies, (t) => t * (t - 1)) * sum(yTies, (t) => t * (t - 1));
  const v2 = sum(xTies, (t) => t * (t - 1) * (t - 2)) * sum(yTies, (t) => t * (t - 1) * (t - 2));
  const varS = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + v2 / (9 * n * (n - 1) * (n - 2));
  const statistic = bigS / Math.sqrt(varS);
  return {
    tau,
    statistic,
    pValue: 2 * Math.min(pnorm(statistic), pnorm(statistic, false)),
    method: 'normal',
    warning: ties && n < EXACT_LIMIT ? 'Cannot compute exact p-value with ties' : null,
  };
}

/** Sizes of the groups of tied values (only groups of 2 or more), as R's table(x[duplicated(x)]) + 1. */
function tieSizes(values: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()].filter((c) => c > 1);
}

/**
 * P(T <= q) for n without ties: the number of permutations of n with at most q inversions over n!, the
 * recursion c(k, n) = sum_{i<n} c(k - i, n - 1) summed in R's order, and n! as the product R's gammafn forms
 * for n <= 50, so that 1 - P in the upper tail cancels exactly as it does in R.
 */
function pkendall(q: number, n: number): number {
  const top = Math.floor(q + 1e-7);
  const maxInversions = (n * (n - 1)) / 2;
  if (top < 0) return 0;
  if (top > maxInversions) return 1;
  let counts = new Float64Array([1]);
  for (let size = 2; size <= n; size++) {
    const limit = (size * (size - 1)) / 2;
    const next = new Float64Array(limit + 1);
    for (let k = 0; k <= limit; k++) {
      let acc = 0;
      for (let i = 0; i < size; i++) {
        const from = k - i;
        if (from >= 0 && from < counts.length) acc += counts[from] as number;
      }
      next[k] = acc;
    }
    counts = next;
  }
  let p = 0;
  for (let j = 0; j <= top; j++) p += counts[j] as number;
  let factorial = 1;
  for (let i = 2; i <= n; i++) factorial *= i;
  return p / factorial;
}
