import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { raynaudConditionScore } from './raynaud-condition-score.ts';

const score = (input: unknown) => scoreInstrument(raynaudConditionScore, input);

describe('raynaud-condition-score (Merkel 2002)', () => {
  it('averages a 7-day diary at full precision', () => {
    expect(score({ days: [1, 2, 2, 3, 3, 3, 4] })).toMatchObject({
      total: 18 / 7,
      complete: true,
      missing: [],
      days_recorded: 7,
    });
  });
  it('averages a 14-day diary', () => {
    expect(score({ days: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6] }).total).toBe(3);
  });
  it('is incomplete with fewer than 7 days (6 is not enough)', () => {
    expect(score({ days: [5, 5, 5, 5, 5, 5] })).toMatchObject({
      total: null,
      complete: false,
      missing: ['days'],
      days_recorded: 6,
    });
  });
  it('is incomplete without a diary, or with a missing-data code', () => {
    expect(score({})).toMatchObject({ total: null, missing: ['days'], days_recorded: 0 });
    expect(score({ days: 'NASK' })).toMatchObject({ total: null, missing: ['days'] });
  });
  it('scores the extremes 0 and 10', () => {
    expect(score({ days: Array(7).fill(0) }).total).toBe(0);
    expect(score({ days: Array(7).fill(10) }).total).toBe(10);
  });
  it('averages attacks and minutes per day when recorded', () => {
    expect(
      score({ days: Array(7).fill(2), attacks: [1, 2, 3, 0, 0, 1, 0], minutes: [10, 20, 30, 0, 0, 10, 0] }),
    ).toMatchObject({ total: 2, attacks_per_day: 1, minutes_per_day: 10 });
    expect(score({ days: Array(7).fill(2) })).toMatchObject({ attacks_per_day: null, minutes_per_day: null });
  });
  it('refuses attacks or minutes that do not match the diary days', () => {
    expect(() => score({ days: Array(7).fill(2), attacks: [1, 2] })).toThrow(
      expect.objectContaining({
        fields: [{ path: 'attacks', code: 'rule', message: 'must have one entry per diary day (7)' }],
      }),
    );
  });
  it('refuses ratings above 10, fractions, and more than 14 days', () => {
    expect(() => score({ days: [1, 2, 11, 3, 3, 3, 3] })).toThrow(
      expect.objectContaining({
        fields: [
          { path: 'days', code: 'out_of_range', message: expect.stringContaining('each from 0 to 10') },
        ],
      }),
    );
    expect(() => score({ days: [1, 2, 2.5, 3, 3, 3, 3] })).toThrow(/Invalid input/);
    expect(() => score({ days: Array(15).fill(1) })).toThrow(
      expect.objectContaining({
        fields: [{ path: 'days', code: 'too_long', message: expect.stringContaining('at most 14 integers') }],
      }),
    );
  });
});
