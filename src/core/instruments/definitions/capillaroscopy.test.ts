import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { capillaroscopy } from './capillaroscopy.ts';

const score = (input: unknown) => scoreInstrument(capillaroscopy, input);

describe('capillaroscopy (Cutolo 2000; Smith 2019, 2020)', () => {
  it.each([
    ['early', true],
    ['active', true],
    ['late', true],
    ['non_specific', false],
    ['normal', false],
  ])(
    'pattern %s is a scleroderma pattern: %s, and implies the ACR/EULAR item accordingly',
    (pattern, scleroderma) => {
      expect(score({ pattern })).toMatchObject({
        total: null,
        complete: true,
        pattern,
        scleroderma_pattern: scleroderma,
        abnormal_nailfold_capillaries: scleroderma,
        interpretation: scleroderma ? 'scleroderma_pattern' : 'non_scleroderma_pattern',
      });
    },
  );
  it('records the measurements without letting them override the reader’s pattern', () => {
    expect(
      score({
        pattern: 'normal',
        density_per_mm: 8.5,
        giant_capillaries: false,
        haemorrhages: false,
        abnormal_shapes: false,
      }),
    ).toMatchObject({ complete: true, scleroderma_pattern: false });
    expect(score({ pattern: 'late', density_per_mm: 2.5, abnormal_shapes: true }).missing).toEqual([]);
  });
  it('is incomplete without a pattern', () => {
    expect(score({ density_per_mm: 4 })).toMatchObject({
      complete: false,
      missing: ['pattern'],
      pattern: null,
      scleroderma_pattern: null,
      abnormal_nailfold_capillaries: null,
      interpretation: null,
    });
  });
  it('refuses an unknown pattern and an impossible density, listing the allowed values', () => {
    expect(() => score({ pattern: 'scleroderma', density_per_mm: 31 })).toThrow(
      expect.objectContaining({
        fields: [
          {
            path: 'pattern',
            code: 'invalid_option',
            message: expect.stringContaining('one of: normal, non_specific, early, active, late'),
          },
          { path: 'density_per_mm', code: 'out_of_range', message: expect.stringContaining('from 0 to 30') },
        ],
      }),
    );
  });
});
