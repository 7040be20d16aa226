/**
 * The hypergeometric distribution by Loader's saddle-point method: C. Loader, "Fast and accurate computation of
 * binomial probabilities" (2000), as used by R's src/nmath/dbinom.c, bd0.c, stirlerr.c and dhyper.c. Working
 * through binomial deviances instead of log-factorials keeps the relative error near 1e-15 even for large tables.
 */

const LN_2PI = 1.8378770664093456;

/**
 * log(n!) - log(sqrt(2 pi n) (n/e)^n), tabulated at half-integers up to 15 (Loader's table, as the nearest doubles),
 * series beyond.
 */
const STIRLING_ERROR_HALVES = [
  0.0, 0.15342640972002736, 0.08106146679532726, 0.05481412105191765, 0.0413406959554093, 0.03316287351993629,
  0.02767792568499834, 0.023746163656297496, 0.020790672103765093, 0.018488450532673187, 0.016644691189821193,
  0.015134973221917378, 0.013876128823070748, 0.012810465242920227, 0.01189670994589177, 0.011104559758206917,
  0.010411265261972096, 0.009799416126158804, 0.009255462182712733, 0.008768700134139386, 0.00833056343336287,
  0.00793411456431402, 0.007573675487951841, 0.007244554301320383, 0.00694284010720953, 0.006665247032707682,
  0.006408994188004207, 0.006171712263039458, 0.0059513701127588475, 0.0057462165130101155,
  0.005554733551962801,
];

const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/** Only called with integer n (counts), so the table covers every n <= 15. */
function stirlingError(n: number): number {
  if (n <= 15) return STIRLING_ERROR_HALVES[2 * n] ?? Number.NaN;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** Deviance term x log(x/np) + np - x, by a series when x is close to np to avoid cancellation. */
function binomialDeviance(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < Number.MIN_VALUE) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / np) + np - x;
}

function logBinomialRaw(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (q === 0) return x === n ? 0 : Number.NEGATIVE_INFINITY;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -binomialDeviance(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) return q < 0.1 ? -binomialDeviance(n, n * p) - n * q : n * Math.log(p);
  if (x < 0 || x > n) return Number.NEGATIVE_INFINITY;
  const lc =
    stirlingError(n) -
    stirlingError(x) -
    stirlingError(n - x) -
    binomialDeviance(x, n * p) -
    binomialDeviance(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}

/** log P(X = x) when drawing k balls from an urn of m white and n black balls. */
export function logDhyper(x: number, m: number, n: number, k: number): number {
  if (x < 0 || k < x || m < x || k - x > n) return Number.NEGATIVE_INFINITY;
  if (k === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  const p = k / (m + n);
  const q = (m + n - k) / (m + n);
  return logBinomialRaw(x, m, p, q) + logBinomialRaw(k - x, n, p, q) - logBinomialRaw(k, m + n, p, q);
}

/** P(X <= x) (or P(X > x)), summing the shorter tail by the term ratio as R's src/nmath/phyper.c does. */
export function phyper(x: number, m: number, n: number, k: number, lowerTail = true): number {
  let white = m;
  let black = n;
  let q = Math.floor(x + 1e-7);
  let lower = lowerTail;
  if (q * (white + black) > k * white) {
    [white, black] = [black, white];
    q = k - q - 1;
    lower = !lower;
  }
  if (q < 0 || q < k - black) return lower ? 0 : 1;
  if (q >= white || q >= k) return lower ? 1 : 0;
  const d = Math.exp(logDhyper(q, white, black, k));
  if (d === 0) return lower ? 0 : 1;
  let sum = 0;
  let term = 1;
  for (let i = q; i > 0 && term >= Number.EPSILON * sum; i--) {
    term *= (i * (black - k + i)) / (k + 1 - i) / (white + 1 - i);
    sum += term;
  }
  const p = d * (1 + sum);
  return lower ? p : 0.5 - p + 0.5;
}
