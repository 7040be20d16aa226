/** Mid-ranks with ties averaged (R's rank(ties.method = "average")), 1-based, and the sizes of the tie groups. */
export interface Ranking {
  ranks: Float64Array;
  /** Size of every group of equal values, singletons included. */
  tieSizes: number[];
}

/**
 * Sorts a typed copy natively (no comparator), records the mid-rank at the start of each group of equal values,
 * and finds each value's group by binary search: O(n log n) and several times faster than sorting indices.
 */
export function rankWithTies(values: ArrayLike<number>): Ranking {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const midRankAtStart = new Float64Array(n);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && sorted[end] === sorted[start]) end += 1;
    midRankAtStart[start] = (start + 1 + end) / 2;
    tieSizes.push(end - start);
    start = end;
  }
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = midRankAtStart[lo] as number;
  }
  return { ranks, tieSizes };
}

export const hasTies = (ranking: Ranking): boolean => ranking.tieSizes.some((size) => size > 1);
