import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';
import { meanAndSd, medianInPlace, roisWithBlock } from './roi-statistics.ts';

const sortedMedian = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};

describe('ROI statistics', () => {
  it('computes the mean and the sample SD', () => {
    expect(meanAndSd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, sd: Math.sqrt(32 / 7) });
    expect(meanAndSd([3])).toEqual({ mean: 3, sd: 0 });
  });

  it('finds the median of odd, even, constant and tied segments', () => {
    expect(medianInPlace(Float32Array.from([5, 1, 3]))).toBe(3);
    expect(medianInPlace(Float32Array.from([4, 1, 3, 2]))).toBe(2.5);
    expect(medianInPlace(Float32Array.from([7, 7, 7, 7]))).toBe(7);
    expect(medianInPlace(Float32Array.from([1, 2, 2, 2, 9, 9]))).toBe(2);
    expect(medianInPlace(new Float32Array(0))).toBeNaN();
  });

  it('agrees with sorting on random segments of every small size', () => {
    const random = createRandom(3);
    for (let n = 1; n <= 200; n++) {
      // Rounded values make ties common, which is where partition schemes go wrong.
      const values = Array.from({ length: n }, () => Math.round(random.normal() * 4) + 0);
      expect(medianInPlace(Float32Array.from(values)) + 0).toBe(sortedMedian(values) + 0);
    }
  });

  it('tells ROIs that hold a 2×2×2 block from thinner ones', () => {
    const dims = [6, 6, 6] as const;
    const dense = new Uint8Array(216);
    const at = (x: number, y: number, z: number) => x + 6 * (y + 6 * z);
    // ROI 1: a 3×3×2 slab, thick enough. ROI 2: a one-voxel-thick 4×4 sheet. ROI 3: a diagonal line.
    for (let z = 0; z < 2; z++)
      for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) dense[at(x, y, z)] = 1;
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) dense[at(x, y, 4)] = 2;
    for (let i = 0; i < 6; i++) dense[at(i, i, 3 - Math.min(i, 3))] = 3;
    // A 2×2×2 block split across the edge of the grid does not wrap around.
    dense[at(5, 5, 5)] = 4;
    dense[at(0, 0, 0)] = 1;
    expect(Array.from(roisWithBlock(dense, dims, 4))).toEqual([0, 1, 0, 0, 0]);
  });
});
