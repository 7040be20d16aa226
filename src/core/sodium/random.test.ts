import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';

const draw = (seed: number, count: number, stream = 0) => {
  const random = createRandom(seed, stream);
  return Array.from({ length: count }, () => random.uniform());
};

describe('seeded random numbers', () => {
  it('repeats a sequence for a seed, and differs between seeds and streams', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100));
    expect(draw(42, 100)).not.toEqual(draw(43, 100));
    expect(draw(42, 100)).not.toEqual(draw(42, 100, 1));
  });

  it('draws uniforms on [0, 1) with the moments of the uniform distribution', () => {
    const values = draw(7, 200_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    // Standard errors: sqrt(1/12 / n) = 6.5e-4 for the mean, about 2e-4 for the variance.
    expect(mean).toBeCloseTo(0.5, 2);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(1e-3);
    // Deciles are equally filled: a chi-square with 9 degrees of freedom, far below its 0.1 % point (27.9).
    const counts = new Array<number>(10).fill(0);
    for (const v of values) counts[Math.floor(v * 10)]!++;
    const expected = values.length / 10;
    expect(counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0)).toBeLessThan(27.9);
  });

  it('draws standard normal deviates (Box-Muller)', () => {
    const random = createRandom(11);
    const values = Array.from({ length: 200_000 }, () => random.normal());
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    const kurtosis = values.reduce((s, v) => s + (v - mean) ** 4, 0) / values.length / variance ** 2;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.01);
    expect(Math.abs(kurtosis - 3)).toBeLessThan(0.05);
    // P(|Z| > 1.96) = 5 %.
    expect(values.filter((v) => Math.abs(v) > 1.96).length / values.length).toBeCloseTo(0.05, 2);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => createRandom(1.5)).toThrow(/integer/);
  });
});
