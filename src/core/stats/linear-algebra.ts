/**
 * Householder QR for the small least-squares problems of logistic regression (n rows, a handful of columns),
 * as LINPACK's dqrdc2 does inside R's lm.fit/glm.fit, so that coefficients and standard errors come from the
 * same numerically stable factorisation R uses rather than from normal equations.
 */
export interface QrFit {
  coefficients: Float64Array;
  /** Upper-triangular R, row-major: r[i][j] for j >= i. */
  r: Float64Array[];
  /** First column whose residual norm fell below tolerance x its original norm, or null at full rank. */
  deficientColumn: number | null;
}

export function qrLeastSquares(
  columns: readonly Float64Array[],
  rhs: Float64Array,
  tolerance: number,
): QrFit {
  const p = columns.length;
  const n = rhs.length;
  const a = columns.map((c) => Float64Array.from(c));
  const b = Float64Array.from(rhs);
  const r = Array.from({ length: p }, () => new Float64Array(p));
  const v = new Float64Array(n);
  let deficientColumn: number | null = null;
  for (let k = 0; k < p; k++) {
    const col = a[k] as Float64Array;
    let norm = 0;
    for (let i = k; i < n; i++) {
      const x = col[i] as number;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (tolerance > 0 && deficientColumn === null) {
      const original = columns[k] as Float64Array;
      let size = 0;
      for (let i = 0; i < n; i++) {
        const x = original[i] as number;
        size += x * x;
      }
      if (norm <= tolerance * Math.sqrt(size)) deficientColumn = k;
    }
    const alpha = (col[k] as number) > 0 ? -norm : norm;
    let vv = 0;
    for (let i = k; i < n; i++) {
      const x = i === k ? (col[i] as number) - alpha : (col[i] as number);
      v[i] = x;
      vv += x * x;
    }
    if (vv > 0)
      for (const target of [...a.slice(k), b]) {
        let dot = 0;
        for (let i = k; i < n; i++) dot += (v[i] as number) * (target[i] as number);
        const scale = (2 * dot) / vv;
        for (let i = k; i < n; i++) target[i] = (target[i] as number) - scale * (v[i] as number);
      }
    for (let j = k; j < p; j++) (r[k] as Float64Array)[j] = (a[j] as Float64Array)[k] as number;
  }
  const coefficients = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let j = i + 1; j < p; j++) s -= ((r[i] as Float64Array)[j] as number) * (coefficients[j] as number);
    coefficients[i] = s / ((r[i] as Float64Array)[i] as number);
  }
  return { coefficients, r, deficientColumn };
}

/** Inverse of an upper-triangular matrix. */
export function invertUpper(r: readonly Float64Array[]): Float64Array[] {
  const p = r.length;
  const inv = Array.from({ length: p }, () => new Float64Array(p));
  for (let j = p - 1; j >= 0; j--) {
    (inv[j] as Float64Array)[j] = 1 / ((r[j] as Float64Array)[j] as number);
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++)
        s += ((r[i] as Float64Array)[k] as number) * ((inv[k] as Float64Array)[j] as number);
      (inv[i] as Float64Array)[j] = -s / ((r[i] as Float64Array)[i] as number);
    }
  }
  return inv;
}

/** (R'R)^-1 from the QR factor R, as R's chol2inv(): the unscaled covariance of the coefficients. */
export function crossprodInverse(r: readonly Float64Array[]): Float64Array[] {
  const inv = invertUpper(r);
  const p = r.length;
  const out = Array.from({ length: p }, () => new Float64Array(p));
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = Math.max(i, j); k < p; k++)
        s += ((inv[i] as Float64Array)[k] as number) * ((inv[j] as Float64Array)[k] as number);
      (out[i] as Float64Array)[j] = s;
    }
  return out;
}
