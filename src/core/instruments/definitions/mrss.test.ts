import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { mrss } from './mrss.ts';

const AREAS = mrss.items.map((i) => i.id);
const all = (value: number) => Object.fromEntries(AREAS.map((id) => [id, value]));

describe('mrss (Clements 1993/1995, Khanna 2017)', () => {
  it('has the 17 standard areas', () => {
    expect(AREAS).toHaveLength(17);
  });
  it('scores 0 for normal skin everywhere', () => {
    expect(scoreInstrument(mrss, all(0))).toMatchObject({
      instrument: 'mrss',
      total: 0,
      complete: true,
      missing: [],
    });
  });
  it('scores the maximum 51', () => {
    expect(scoreInstrument(mrss, all(3)).total).toBe(51);
  });
  it('sums a limited cutaneous pattern (fingers and hands only)', () => {
    const input = { ...all(0), fingers_right: 2, fingers_left: 2, hand_right: 1, hand_left: 1, face: 1 };
    expect(scoreInstrument(mrss, input).total).toBe(7);
  });
  it('sums a diffuse pattern', () => {
    const input = { ...all(1), anterior_chest: 2, forearm_right: 3, forearm_left: 3, upper_arm_right: 2 };
    expect(scoreInstrument(mrss, input).total).toBe(17 + 1 + 2 + 2 + 1);
  });
  it('is incomplete, with a null total, when an area is missing', () => {
    const { foot_left: _omit, ...input } = all(1);
    expect(scoreInstrument(mrss, input)).toMatchObject({
      total: null,
      complete: false,
      missing: ['foot_left'],
    });
  });
  it('treats a missing-data code as missing', () => {
    expect(scoreInstrument(mrss, { ...all(1), face: 'ND' })).toMatchObject({
      total: null,
      missing: ['face'],
    });
  });
  it('rejects out-of-range, fractional and unknown items, naming each', () => {
    expect(() => scoreInstrument(mrss, { ...all(1), face: 4, abdomen: 1.5, elbow: 1 })).toThrow(
      expect.objectContaining({
        fields: expect.arrayContaining([
          { path: 'elbow', code: 'unknown_field', message: expect.stringContaining('unknown item') },
          { path: 'face', code: 'out_of_range', message: expect.stringContaining('an integer from 0 to 3') },
          {
            path: 'abdomen',
            code: 'not_an_integer',
            message: expect.stringContaining('an integer from 0 to 3'),
          },
        ]),
      }),
    );
  });
});
