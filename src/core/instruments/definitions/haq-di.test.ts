import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { haqDi } from './haq-di.ts';

const QUESTIONS = haqDi.items.filter((i) => i.type === 'integer').map((i) => i.id);
const all = (value: number) => Object.fromEntries(QUESTIONS.map((id) => [id, value]));
const score = (input: Record<string, unknown>, variant?: string) => scoreInstrument(haqDi, input, variant);

/** Category scores 1, 2, 0, 1, 2, 1, 2, 1 (the highest item of each): DI = 10 / 8 = 1.25. */
const WORKED = {
  dressing_1: 1,
  dressing_2: 0,
  arising_1: 2,
  arising_2: 1,
  eating_1: 0,
  eating_2: 0,
  eating_3: 0,
  walking_1: 1,
  walking_2: 1,
  hygiene_1: 2,
  hygiene_2: 2,
  hygiene_3: 0,
  reach_1: 1,
  reach_2: 0,
  grip_1: 2,
  grip_2: 1,
  grip_3: 0,
  activities_1: 1,
  activities_2: 0,
  activities_3: 0,
};

describe('haq-di (Fries 1980; Bruce and Fries 2003)', () => {
  it('has 20 questions, 7 aid items and 8 help items', () => {
    expect(QUESTIONS).toHaveLength(20);
    expect(haqDi.items.filter((i) => i.id.startsWith('aid_'))).toHaveLength(7);
    expect(haqDi.items.filter((i) => i.id.startsWith('help_'))).toHaveLength(8);
  });
  it('scores 0 and 3 at the extremes', () => {
    expect(score(all(0))).toMatchObject({ total: 0, complete: true, missing: [] });
    expect(score(all(3)).total).toBe(3);
  });
  it('takes the highest item of each category and averages the 8 categories', () => {
    expect(score(WORKED)).toMatchObject({
      total: 1.25,
      categories: {
        dressing: 1,
        arising: 2,
        eating: 0,
        walking: 1,
        hygiene: 2,
        reach: 1,
        grip: 2,
        activities: 1,
      },
    });
  });
  it('raises a category of 0 or 1 to 2 for an aid or help, and leaves 3 alone', () => {
    // eating 0 → 2 by a device; dressing 1 → 2 by help; the DI goes from 10/8 to 13/8.
    expect(score({ ...WORKED, aid_eating: true, help_dressing: true }).total).toBe(13 / 8);
    expect(score({ ...all(3), aid_grip: true }).total).toBe(3);
    expect(score({ ...WORKED, help_activities: true }).categories).toMatchObject({ activities: 2 });
    expect(score({ ...WORKED, aid_walking: false }).total).toBe(1.25);
  });
  it('variant no-aids ignores aids and help', () => {
    expect(score({ ...WORKED, aid_eating: true, help_dressing: true }, 'no-aids')).toMatchObject({
      total: 1.25,
      variant: 'no-aids',
    });
  });
  it('scores a category from its answered items only, and leaves an unanswered category out', () => {
    const { dressing_1: _a, dressing_2: _b, ...noDressing } = WORKED;
    // 7 categories: (10 - 1) / 7.
    expect(score({ ...noDressing, grip_1: 'ND' })).toMatchObject({
      total: 8 / 7,
      complete: false,
      missing: ['dressing_1', 'dressing_2', 'grip_1'],
      categories: { dressing: null, grip: 1 },
    });
    // An aid cannot score a category that has no answer.
    expect(score({ ...noDressing, help_dressing: true }).categories).toMatchObject({ dressing: null });
  });
  it('needs 6 of the 8 categories: 6 give an index, 5 do not', () => {
    const six = { ...all(1) };
    for (const id of ['dressing_1', 'dressing_2', 'arising_1', 'arising_2']) delete six[id];
    expect(score(six)).toMatchObject({ total: 1, complete: false });
    const five = { ...six };
    for (const id of ['eating_1', 'eating_2', 'eating_3']) delete five[id];
    expect(score(five)).toMatchObject({ total: null, complete: false });
  });
  it('refuses answers outside 0-3 and non-boolean aids', () => {
    expect(() => score({ ...all(0), walking_1: 4, aid_walking: 'cane' })).toThrow(
      expect.objectContaining({
        fields: [
          {
            path: 'walking_1',
            code: 'out_of_range',
            message: expect.stringContaining('an integer from 0 to 3'),
          },
          { path: 'aid_walking', code: 'invalid_type', message: expect.stringContaining('true or false') },
        ],
      }),
    );
  });
});
