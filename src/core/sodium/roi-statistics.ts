/** Per-ROI statistics over typed arrays, without copying volumes. */

/** Arithmetic mean and sample SD (denominator n - 1; 0 for a single value) of a segment, in two passes. */
export function meanAndSd(values: ArrayLike<number>): { mean: number; sd: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  return { mean, sd: n > 1 ? Math.sqrt(squares / (n - 1)) : 0 };
}

/** The k-th smallest value (0-based) of `values[from, to)`, by Hoare's quickselect; reorders that range. */
function select(values: Float32Array, from: number, to: number, k: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    // Median of three keeps sorted or constant runs (flat ROIs) from degrading to quadratic time.
    const mid = (lo + hi) >>> 1;
    const [a, b, c] = [values[lo]!, values[mid]!, values[hi]!];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** The median of a segment (the mean of the two middle values for an even count); reorders the segment. */
export function medianInPlace(values: Float32Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const upper = select(values, 0, n, n >> 1);
  if (n % 2 === 1) return upper;
  // After selecting the upper middle, every value before it is ≤ it: the lower middle is their maximum.
  let lower = values[0]!;
  for (let i = 1; i < n >> 1; i++) if (values[i]! > lower) lower = values[i]!;
  return (lower + upper) / 2;
}

/**
 * Which ROIs contain at least one 2×2×2 block of voxels. An ROI without one is thinner than two voxels in some
 * direction (a sheet, a line, or scattered voxels), which is where partial volume dominates the measurement.
 * Returns a flag per dense ROI index (index 0, "no ROI", is never set).
 */
export function roisWithBlock(
  dense: Uint8Array | Uint16Array,
  dims: readonly [number, number, number],
  roiCount: number,
): Uint8Array {
  const [nx, ny, nz] = dims;
  const sx = nx * ny;
  const found = new Uint8Array(roiCount + 1);
  for (let k = 0; k < nz - 1; k++) {
    for (let j = 0; j < ny - 1; j++) {
      let i = k * sx + j * nx;
      const end = i + nx - 1;
      for (; i < end; i++) {
        const d = dense[i]!;
        if (d === 0 || found[d] === 1) continue;
        if (
          dense[i + 1] === d &&
          dense[i + nx] === d &&
          dense[i + nx + 1] === d &&
          dense[i + sx] === d &&
          dense[i + sx + 1] === d &&
          dense[i + sx + nx] === d &&
          dense[i + sx + nx + 1] === d
        )
          found[d] = 1;
      }
    }
  }
  return found;
}
