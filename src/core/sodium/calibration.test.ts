import { describe, expect, it } from 'vitest';
import { ManusError } from '../errors.ts';
import { concentrationOf, fitCalibration } from './calibration.ts';

describe('tube calibration', () => {
  it('fits an exact line with r² = 1 and zero residuals', () => {
    const line = fitCalibration(
      [50, 100, 150, 250],
      [50 * 6.5 + 12, 100 * 6.5 + 12, 150 * 6.5 + 12, 250 * 6.5 + 12],
    );
    expect(line.slope).toBeCloseTo(6.5, 12);
    expect(line.intercept).toBeCloseTo(12, 10);
    expect(line.r2).toBeCloseTo(1, 12);
    line.residuals.forEach((r) => expect(Math.abs(r)).toBeLessThan(1e-9));
    expect(concentrationOf(line, 200 * 6.5 + 12)).toBeCloseTo(200, 10);
  });

  it('matches a least-squares fit worked by hand', () => {
    // x = 0, 1, 2; y = 1, 3, 2: Sxx = 2, Sxy = 1, so slope 0.5, intercept 2 - 0.5 = 1.5; SSres 1.5 of SStot 2.
    const line = fitCalibration([0, 1, 2], [1, 3, 2]);
    expect(line.slope).toBeCloseTo(0.5, 12);
    expect(line.intercept).toBeCloseTo(1.5, 12);
    expect(line.r2).toBeCloseTo(0.25, 12);
    expect(line.residuals.map((r) => +r.toFixed(12))).toEqual([-0.5, 1, -0.5]);
  });

  it('stays exact with a large signal offset', () => {
    const line = fitCalibration([10, 20, 30], [1e9 + 10, 1e9 + 20, 1e9 + 30]);
    expect(line.slope).toBeCloseTo(1, 9);
    expect(line.r2).toBeCloseTo(1, 9);
  });

  it('refuses fewer than two tubes, equal concentrations, and a slope that is not positive', () => {
    const kind = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof ManusError ? `${error.kind}: ${error.message}` : 'other';
      }
      return 'none';
    };
    expect(kind(() => fitCalibration([100], [5]))).toMatch(/^bad_request: .*at least two/);
    expect(kind(() => fitCalibration([100, 100], [5, 6]))).toMatch(/^bad_request: .*same concentration/);
    expect(kind(() => fitCalibration([50, 100], [6, 5]))).toMatch(/^bad_request: .*slope/);
  });
});
