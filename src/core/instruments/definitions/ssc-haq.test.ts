import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { haqDi } from './haq-di.ts';
import { sscHaq } from './ssc-haq.ts';

const questions = (value: number) =>
  Object.fromEntries(haqDi.items.filter((i) => i.type === 'integer').map((i) => [i.id, value]));
const VAS = {
  vas_pain_cm: 7.5,
  vas_raynaud_cm: 15,
  vas_digital_ulcers_cm: 0,
  vas_gastrointestinal_cm: 3,
  vas_breathing_cm: 1.2,
  vas_overall_cm: 10,
};
const score = (input: Record<string, unknown>, variant?: string) => scoreInstrument(sscHaq, input, variant);

describe('ssc-haq (Steen and Medsger 1997)', () => {
  it('reports the HAQ-DI as total and each VAS as cm ÷ 5, apart from the index', () => {
    expect(score({ ...questions(1), ...VAS })).toMatchObject({
      total: 1,
      complete: true,
      vas: { pain: 1.5, raynaud: 3, digital_ulcers: 0, gastrointestinal: 0.6, breathing: 0.24, overall: 2 },
    });
  });
  it('gives the same index as haq-di for the same answers, in both variants', () => {
    const answers = { ...questions(1), aid_grip: true, help_activities: true };
    for (const variant of ['standard', 'no-aids'])
      expect(score({ ...answers, ...VAS }, variant).total).toBe(
        scoreInstrument(haqDi, answers, variant).total,
      );
    expect(score({ ...answers, ...VAS }).total).toBe(10 / 8);
    expect(score({ ...answers, ...VAS }, 'no-aids').total).toBe(1);
  });
  it('keeps the index when scales are missing, with the scale null and the form incomplete', () => {
    const { vas_breathing_cm: _b, ...rest } = VAS;
    expect(score({ ...questions(2), ...rest })).toMatchObject({
      total: 2,
      complete: false,
      missing: ['vas_breathing_cm'],
      vas: { breathing: null, pain: 1.5 },
    });
  });
  it('keeps the scales when the index needs more categories', () => {
    expect(score(VAS)).toMatchObject({ total: null, vas: { raynaud: 3 } });
  });
  it('scores the extremes: no difficulty and 0 cm everywhere, then unable and 15 cm everywhere', () => {
    const lines = (cm: number) => Object.fromEntries(Object.keys(VAS).map((id) => [id, cm]));
    const none = score({ ...questions(0), ...lines(0) });
    expect(none.total).toBe(0);
    expect(Object.values(none.vas as object)).toEqual([0, 0, 0, 0, 0, 0]);
    const worst = score({ ...questions(3), ...lines(15) });
    expect(worst.total).toBe(3);
    expect(Object.values(worst.vas as object)).toEqual([3, 3, 3, 3, 3, 3]);
  });
  it('treats a scale coded not applicable (no digital ulcers ever) as missing', () => {
    expect(score({ ...questions(0), ...VAS, vas_digital_ulcers_cm: 'NA' })).toMatchObject({
      complete: false,
      missing: ['vas_digital_ulcers_cm'],
      vas: { digital_ulcers: null },
    });
  });
  it('lists the missing HAQ questions along with the scales', () => {
    expect(score({ ...VAS, dressing_1: 1 }).missing).toHaveLength(19);
  });
  it('refuses a mark beyond the 15 cm line', () => {
    expect(() => score({ ...questions(0), ...VAS, vas_pain_cm: 15.1 })).toThrow(
      expect.objectContaining({
        fields: [
          {
            path: 'vas_pain_cm',
            code: 'out_of_range',
            message: expect.stringContaining('from 0 to 15 (cm)'),
          },
        ],
      }),
    );
  });
});
