import { z } from 'zod';
import { correlation, roundHalfEven } from './descriptive.ts';
import { pnorm, pt } from './distributions.ts';
import { hasTies, rankWithTies } from './ranks.ts';
import { sameLength, sample } from './schemas.ts';

export const spearmanInput = z.strictObject({ x: sample(2), y: sample(2) }).superRefine(sameLength);

export interface SpearmanResult {
  rho: number;
  /** R's S: the sum of squared rank differences, (n^3 - n)(1 - rho)/6. */
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic-t';
  warning: string | null;
}

/** Above this n, cor.test() uses the t approximation even without ties (n^3 would overflow AS 89's integers). */
const AS89_LIMIT = 1290;

/**
 * Spearman's rank correlation test, two-sided, as R's cor.test(method = "spearman"): without ties and for
 * n <= 1290, the null distribution of S by algorithm AS 89 (Best & Roberts, Appl. Statist. 24 (1975) 377;
 * R's src/library/stats/src/prho.c: exact enumeration for n <= 9, Edgeworth series above); otherwise the
 * t approximation with n - 2 degrees of freedom.
 */
export function spearman(input: z.output<typeof spearmanInput>): SpearmanResult {
  const rx = rankWithTies(input.x);
  const ry = rankWithTies(input.y);
  const n = input.x.length;
  const rho = correlation(rx.ranks, ry.ranks);
  if (Number.isNaN(rho))
    return {
      rho,
      statistic: Number.NaN,
      pValue: Number.NaN,
      method: 'asymptotic-t',
      warning: 'the standard deviation is zero',
    };
  const ties = hasTies(rx) || hasTies(ry);
  const exact = !ties && n <= AS89_LIMIT;
  const q = ((n ** 3 - n) * (1 - rho)) / 6;
  const tail = (lowerTail: boolean): number => {
    if (exact) return prho(n, roundHalfEven(q) + 2 * Number(lowerTail), lowerTail);
    const r = 1 - q / ((n * (n ** 2 - 1)) / 6);
    return pt(r / Math.sqrt((1 - r ** 2) / (n - 2)), n - 2, !lowerTail);
  };
  const p = q > (n ** 3 - n) / 6 ? tail(false) : tail(true);
  return {
    rho,
    statistic: q,
    pValue: Math.min(2 * p, 1),
    method: exact ? 'exact' : 'asymptotic-t',
    warning: ties ? 'Cannot compute exact p-value with ties' : null,
  };
}

/** Edgeworth series coefficients of AS 89. */
const C = [
  0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932, 0.0879, 0.0151, 0.0072, 0.0831, 0.0131, 4.6e-4,
] as const;
const EXACT_MAX_N = 9;

/** AS 89: P(S >= is), or P(S < is) for the lower tail, where S is the sum of squared rank differences. */
function prho(n: number, is: number, lowerTail: boolean): number {
  const start = lowerTail ? 0 : 1;
  if (n <= 1 || is <= 0) return start;
  const n3 = (n * (n * n - 1)) / 3;
  if (is > n3) return 1 - start;
  if (n <= EXACT_MAX_N) {
    const { atLeast, permutations } = countPermutationsAtLeast(n, is);
    return (lowerTail ? permutations - atLeast : atLeast) / permutations;
  }
  const [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12] = C;
  const b = 1 / n;
  const x = ((6 * (is - 1) * b) / (n * n - 1) - 1) * Math.sqrt(n - 1);
  let y = x * x;
  const u =
    x *
    b *
    (c1 +
      b * (c2 + c3 * b) +
      y * (-c4 + b * (c5 + c6 * b) - y * b * (c7 + c8 * b - y * (c9 - c10 * b + y * b * (c11 - c12 * y)))));
  y = u / Math.exp(y / 2);
  const p = (lowerTail ? -y : y) + pnorm(x, lowerTail);
  return Math.min(1, Math.max(0, p));
}

/** Counts the permutations of 1..n whose sum of squared displacements is at least `is` (n <= 9: 362,880 at most). */
function countPermutationsAtLeast(n: number, is: number): { atLeast: number; permutations: number } {
  const used = new Array<boolean>(n + 1).fill(false);
  let atLeast = 0;
  let permutations = 0;
  const place = (position: number, sum: number): void => {
    if (position > n) {
      permutations += 1;
      if (sum >= is) atLeast += 1;
      return;
    }
    for (let value = 1; value <= n; value++) {
      if (used[value]) continue;
      used[value] = true;
      place(position + 1, sum + (position - value) ** 2);
      used[value] = false;
    }
  };
  place(1, 0);
  return { atLeast, permutations };
}
