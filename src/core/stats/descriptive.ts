/**
 * Means and variances computed as R does (src/main/summary.c, src/library/stats/src/cov.c): a second pass adds
 * the mean residual to the first-pass mean, and variances sum squared deviations from that corrected mean. This
 * keeps results equal to R's to the last digit or two, even for data with a large common offset.
 */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  const first = sum / values.length;
  if (!Number.isFinite(first)) return first;
  let residual = 0;
  for (let i = 0; i < values.length; i++) residual += (values[i] as number) - first;
  return first + residual / values.length;
}

/** Sample variance (denominator n - 1); NaN for fewer than two values, as in R. */
export function variance(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - m) * (v - m);
  return sum / (values.length - 1);
}

/** Pearson correlation as R's cor(): centred cross-products, clamped to [-1, 1]. NaN when a variable is constant. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  // R divides each sum by n - 1 before the square roots; doing the same makes a perfect correlation exactly 1.
  const n1 = x.length - 1;
  const r = sxy / n1 / (Math.sqrt(sxx / n1) * Math.sqrt(syy / n1));
  return Math.max(-1, Math.min(1, r));
}

/** Round half to even, as R's round() does (IEC 60559), unlike Math.round. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
