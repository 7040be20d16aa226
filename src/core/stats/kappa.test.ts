import { describe, expect, it } from 'vitest';
import { cohenKappa } from './kappa.ts';

const rate = (rater1: number[], rater2: number[]) =>
  cohenKappa({ rater1, rater2, weights: 'none', level: 0.95 });

describe("Cohen's kappa at the edges R reports", () => {
  // psych::cohen.kappa(cbind(rep(0, 28), rep(0, 28)))$kappa is NA ("no variance"): nothing to agree beyond chance.
  it('is undefined, with a warning, when both raters used one category throughout', () => {
    for (const n of [3, 7, 28, 49]) {
      const result = rate(Array(n).fill(0), Array(n).fill(0));
      expect(result.expectedAgreement).toBe(1);
      expect(result.kappa).toBeNaN();
      expect(result.warning).toMatch(/single category/);
    }
  });

  // psych::cohen.kappa(cbind(rep(0, 28), c(rep(0, 27), 1)))$kappa is 0.
  it('is 0 when one rater never varies and the other does once', () => {
    const result = rate(Array(28).fill(0), [...Array(27).fill(0), 1]);
    expect(result.kappa).toBeCloseTo(0, 12);
    expect(result.warning).toBeNull();
  });
});
