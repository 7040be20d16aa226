import { z } from 'zod';
import { logDhyper, phyper } from './hypergeometric.ts';
import { fisherRxcPValue } from './fisher-rxc.ts';
import { countTable, level } from './schemas.ts';
import { uniroot } from './zeroin.ts';

export const fisherExactInput = z.strictObject({ table: countTable, level });

export type FisherExactResult =
  | { shape: '2x2'; pValue: number; oddsRatio: number; ci: [number, number]; level: number }
  | { shape: 'r x c'; pValue: number };

/**
 * Fisher's exact test, two-sided, as R's fisher.test(). A 2 x 2 table also gets the conditional maximum-likelihood
 * odds ratio and its exact confidence interval (Cornfield 1956), found with uniroot() exactly as R does; larger
 * tables get the p-value only.
 */
export function fisherExact(input: z.output<typeof fisherExactInput>): FisherExactResult {
  const { table } = input;
  if (table.length === 2 && table[0]?.length === 2) {
    const [[a, b], [c, d]] = table as [[number, number], [number, number]];
    return { shape: '2x2', ...fisher2x2(a, b, c, d, input.level), level: input.level };
  }
  return { shape: 'r x c', pValue: fisherRxcPValue(table) };
}

/** Two-sided p sums the tables no more probable than the observed one, with R's relative fuzz of 1e-7. */
const RELATIVE_FUZZ = 1 + 1e-7;

/**
 * The two-sided p-value alone of Fisher's exact test on [[a, b], [c, d]], as fisher.test()$p.value: the null
 * (hypergeometric) probabilities are built from the mode outward by their term ratio, relative to the mode, so a
 * table of 20,000 costs one pass without logarithms; terms that underflow are 0, as in R's exp(d - max(d)).
 */
export function fisherPValue2x2(a: number, b: number, c: number, d: number): number {
  const m = a + c;
  const n = b + d;
  const k = a + b;
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const density = new Float64Array(hi - lo + 1);
  const mode = Math.min(hi, Math.max(lo, Math.floor(((k + 1) * (m + 1)) / (m + n + 2))));
  density[mode - lo] = 1;
  for (let s = mode; s < hi; s++)
    density[s + 1 - lo] = ((density[s - lo] as number) * (m - s) * (k - s)) / ((s + 1) * (n - k + s + 1));
  for (let s = mode; s > lo; s--)
    density[s - 1 - lo] = ((density[s - lo] as number) * s * (n - k + s)) / ((m - s + 1) * (k - s + 1));
  const observed = (density[a - lo] as number) * RELATIVE_FUZZ;
  let total = 0;
  let tail = 0;
  for (const p of density) {
    total += p;
    if (p <= observed) tail += p;
  }
  return tail / total;
}

/** Below this, exp() of a log-density relative to the largest is exactly 0 (the smallest double is exp(-744.4)). */
const EXP_UNDERFLOW = -746;

function fisher2x2(a: number, b: number, c: number, d: number, confidence: number) {
  const m = a + c;
  const n = b + d;
  const k = a + b;
  const x = a;
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const size = hi - lo + 1;
  const logdc = new Float64Array(size);
  for (let i = 0; i < size; i++) logdc[i] = logDhyper(lo + i, m, n, k);
  // Reused by every evaluation below (each is consumed before the next): the root-finding evaluates the distribution
  // about a hundred times, over a support of thousands on a large study.
  const density = new Float64Array(size);

  /**
   * The conditional distribution of x given the margins under odds ratio ncp (Fisher's noncentral hypergeometric),
   * normalised, in density[from..to]. Outside that window exp(l - top) is exactly 0 in double precision, so leaving
   * those terms out changes no sum: the result is the one R's whole-support computation gives, at a fraction of the
   * cost (the distribution is log-concave, so the window is one run around its mode).
   */
  const dnhyper = (ncp: number): { from: number; to: number } => {
    const logNcp = Math.log(ncp);
    let top = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < size; i++) {
      const l = (logdc[i] as number) + logNcp * (lo + i);
      density[i] = l;
      if (l > top) top = l;
    }
    let from = 0;
    while ((density[from] as number) - top < EXP_UNDERFLOW) from++;
    let to = size - 1;
    while ((density[to] as number) - top < EXP_UNDERFLOW) to--;
    let total = 0;
    for (let i = from; i <= to; i++) {
      const v = Math.exp((density[i] as number) - top);
      density[i] = v;
      total += v;
    }
    for (let i = from; i <= to; i++) density[i] = (density[i] as number) / total;
    return { from, to };
  };
  const mnhyper = (ncp: number): number => {
    if (ncp === 0) return lo;
    if (ncp === Number.POSITIVE_INFINITY) return hi;
    const { from, to } = dnhyper(ncp);
    let mean = 0;
    for (let i = from; i <= to; i++) mean += (lo + i) * (density[i] as number);
    return mean;
  };
  const pnhyper = (q: number, ncp: number, upperTail: boolean): number => {
    if (ncp === 1) return upperTail ? phyper(x - 1, m, n, k, false) : phyper(x, m, n, k);
    if (ncp === 0) return Number(upperTail ? q <= lo : q >= lo);
    if (ncp === Number.POSITIVE_INFINITY) return Number(upperTail ? q <= hi : q >= hi);
    const { from, to } = dnhyper(ncp);
    let tail = 0;
    for (let i = from; i <= to; i++) if (upperTail ? lo + i >= q : lo + i <= q) tail += density[i] as number;
    return tail;
  };

  const pValue = fisherPValue2x2(a, b, c, d);

  const mle = (): number => {
    if (x === lo) return 0;
    if (x === hi) return Number.POSITIVE_INFINITY;
    const mu = mnhyper(1);
    if (mu > x) return uniroot((t) => mnhyper(t) - x, 0, 1);
    if (mu < x) return 1 / uniroot((t) => mnhyper(1 / t) - x, Number.EPSILON, 1);
    return 1;
  };
  const upperLimit = (alpha: number): number => {
    if (x === hi) return Number.POSITIVE_INFINITY;
    const p = pnhyper(x, 1, false);
    if (p < alpha) return uniroot((t) => pnhyper(x, t, false) - alpha, 0, 1);
    if (p > alpha) return 1 / uniroot((t) => pnhyper(x, 1 / t, false) - alpha, Number.EPSILON, 1);
    return 1;
  };
  const lowerLimit = (alpha: number): number => {
    if (x === lo) return 0;
    const p = pnhyper(x, 1, true);
    if (p > alpha) return uniroot((t) => pnhyper(x, t, true) - alpha, 0, 1);
    if (p < alpha) return 1 / uniroot((t) => pnhyper(x, 1 / t, true) - alpha, Number.EPSILON, 1);
    return 1;
  };
  const alpha = (1 - confidence) / 2;
  return {
    pValue,
    oddsRatio: mle(),
    ci: [lowerLimit(alpha), upperLimit(alpha)] as [number, number],
  };
}
