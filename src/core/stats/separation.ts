import type { Design } from './design.ts';

/**
 * Whether the outcome is completely or quasi-completely separated (Albert & Anderson, Biometrika 71 (1984) 1-10),
 * i.e. the maximum-likelihood estimates do not exist. With z_i = (2 y_i - 1) x_i, separation means some direction
 * d has z_i . d >= 0 for every i, not all zero. By Stiemke's lemma that happens exactly when no strictly positive
 * lambda solves Z' lambda = 0, which phase 1 of the simplex method decides: lambda = 1 + mu, mu >= 0, with one
 * artificial variable per column of X (Konis 2007 states the same check as the primal linear programme).
 */
export function isSeparated(design: Design): boolean {
  const { columns, y } = design;
  const n = y.length;
  const p = columns.length;
  // Columns scaled to unit maximum so one tolerance fits every predictor's units.
  const z = columns.map((column) => {
    const scale = column.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
    return column.map((v, i) => ((y[i] === 1 ? 1 : -1) * v) / scale);
  });
  const b = z.map((row) => -row.reduce((s, v) => s + v, 0));
  const sign = b.map((v) => (v < 0 ? -1 : 1));
  const column = (j: number): Float64Array =>
    j < n ? Float64Array.from(z, (row, k) => (sign[k] as number) * (row[j] as number)) : unit(p, j - n);
  // Without separation the phase-1 optimum is exactly 0 and rounding leaves ~1e-16 per row; with it, the residual
  // is at least the summed margin by which the (unit-scaled) separating direction clears the data.
  const tolerance = 1e-9 * Math.max(1, n);
  // Basis: one variable per constraint row, starting with the artificials n..n+p-1.
  const basis = Array.from({ length: p }, (_, k) => n + k);
  const inverse = Array.from({ length: p }, (_, k) => unit(p, k));
  const values = Float64Array.from(b, (v, k) => v * (sign[k] as number));
  const inBasis = new Set(basis);
  for (let pivot = 0; pivot < 50 * (n + p); pivot++) {
    // Duals of the phase-1 cost (1 on artificials); Bland's rule picks the lowest-index improving column.
    const dual = new Float64Array(p);
    basis.forEach((v, row) => {
      if (v >= n)
        for (let k = 0; k < p; k++)
          dual[k] = (dual[k] as number) + ((inverse[row] as Float64Array)[k] as number);
    });
    let entering = -1;
    for (let j = 0; j < n && entering < 0; j++) {
      if (inBasis.has(j)) continue;
      let reduced = 0;
      for (let k = 0; k < p; k++)
        reduced -= (dual[k] as number) * (sign[k] as number) * ((z[k] as Float64Array)[j] as number);
      if (reduced < -1e-12) entering = j;
    }
    if (entering < 0) break;
    const a = column(entering);
    const direction = inverse.map((row) => row.reduce((s, v, k) => s + v * (a[k] as number), 0));
    let leaving = -1;
    let best = Number.POSITIVE_INFINITY;
    direction.forEach((d, row) => {
      if (d <= 1e-12) return;
      const ratio = (values[row] as number) / d;
      if (
        ratio < best - 1e-15 ||
        (Math.abs(ratio - best) <= 1e-15 && (basis[row] as number) < (basis[leaving] ?? Infinity))
      ) {
        best = ratio;
        leaving = row;
      }
    });
    if (leaving < 0) break;
    const d = direction[leaving] as number;
    const pivotRow = inverse[leaving] as Float64Array;
    for (let k = 0; k < p; k++) pivotRow[k] = (pivotRow[k] as number) / d;
    values[leaving] = (values[leaving] as number) / d;
    direction.forEach((factor, row) => {
      if (row === leaving || factor === 0) return;
      const target = inverse[row] as Float64Array;
      for (let k = 0; k < p; k++) target[k] = (target[k] as number) - factor * (pivotRow[k] as number);
      values[row] = (values[row] as number) - factor * (values[leaving] as number);
    });
    inBasis.delete(basis[leaving] as number);
    basis[leaving] = entering;
    inBasis.add(entering);
  }
  const infeasibility = basis.reduce((s, v, row) => (v >= n ? s + Math.max(0, values[row] as number) : s), 0);
  return infeasibility > tolerance;
}

function unit(p: number, k: number): Float64Array {
  const e = new Float64Array(p);
  e[k] = 1;
  return e;
}
