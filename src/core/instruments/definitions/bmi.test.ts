import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { bmi, whoBmiClass } from './bmi.ts';

describe('bmi (WHO TRS 894)', () => {
  it('computes kg/m² at full precision', () => {
    const result = scoreInstrument(bmi, { weight_kg: 70, height_cm: 175 });
    expect(result.total).toBeCloseTo(22.857142857142858, 12);
    expect(result.interpretation).toBe('normal');
  });
  it.each([
    [15.99, 'severe_thinness'],
    [16, 'moderate_thinness'],
    [17, 'mild_thinness'],
    [18.49999, 'mild_thinness'],
    [18.5, 'normal'],
    [24.999, 'normal'],
    [25, 'pre_obese'],
    [30, 'obese_1'],
    [35, 'obese_2'],
    [40, 'obese_3'],
  ])('classifies %s as %s on half-open intervals', (value, expected) => {
    expect(whoBmiClass(value)).toBe(expected);
  });
  it('classifies on the unrounded value (24.996 is normal though it rounds to 25.0)', () => {
    // 1.80 m: 80.987 kg gives 24.9960...
    const result = scoreInstrument(bmi, { weight_kg: 80.987, height_cm: 180 });
    expect(result.total).toBeLessThan(25);
    expect(result.interpretation).toBe('normal');
  });
  it.each([
    [64, 160, 25, 'pre_obese'],
    [76.8, 160, 30, 'obese_1'],
    [74, 200, 18.5, 'normal'],
  ])(
    'classifies %s kg at %s cm, exactly %s, above the bound despite floating-point error',
    (weight, height, total, expected) => {
      expect(scoreInstrument(bmi, { weight_kg: weight, height_cm: height })).toMatchObject({
        total,
        interpretation: expected,
      });
    },
  );
  it('is incomplete without height', () => {
    expect(scoreInstrument(bmi, { weight_kg: 60 })).toMatchObject({
      total: null,
      complete: false,
      missing: ['height_cm'],
    });
  });
  it('refuses zero weight and out-of-range height', () => {
    expect(() => scoreInstrument(bmi, { weight_kg: 0, height_cm: 260 })).toThrow(
      expect.objectContaining({
        fields: [
          { path: 'weight_kg', code: 'out_of_range', message: expect.stringContaining('greater than 0') },
          { path: 'height_cm', code: 'out_of_range', message: expect.stringContaining('from 50 to 250') },
        ],
      }),
    );
  });
  it('warns, without refusing, on an implausible adult height', () => {
    expect(scoreInstrument(bmi, { weight_kg: 40, height_cm: 120 }).warnings).toEqual([
      { path: 'height_cm', code: 'unusual_value', message: 'Unusual height for an adult: check the value' },
    ]);
  });
});
