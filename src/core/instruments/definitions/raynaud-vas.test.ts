import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { raynaudVas } from './raynaud-vas.ts';

const score = (input: unknown) => scoreInstrument(raynaudVas, input);

describe('raynaud-vas (protocol NCT04223817)', () => {
  it.each([0, 0.1, 5.5, 7.25, 9.9, 10])('reports %s as entered', (value) => {
    expect(score({ value })).toMatchObject({
      total: value,
      complete: true,
      missing: [],
      interpretation: null,
    });
  });
  it('is incomplete when missing or coded unknown', () => {
    expect(score({})).toMatchObject({ total: null, complete: false, missing: ['value'] });
    expect(score({ value: 'UNK' })).toMatchObject({ total: null, missing: ['value'] });
  });
  it('refuses values outside 0-10, text and unknown items', () => {
    for (const [value, code] of [
      [-0.1, 'out_of_range'],
      [10.1, 'out_of_range'],
      ['5', 'invalid_type'],
    ] as const)
      expect(() => score({ value })).toThrow(
        expect.objectContaining({
          fields: [{ path: 'value', code, message: expect.stringContaining('from 0 to 10') }],
        }),
      );
    expect(() => score({ value: 3, vas: 3 })).toThrow(/Invalid input/);
  });
});
