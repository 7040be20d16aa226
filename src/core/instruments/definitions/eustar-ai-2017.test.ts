import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { eustarAi2017 } from './eustar-ai-2017.ts';
import { labs } from './labs.ts';

/** A patient with nothing active. */
const QUIET = {
  delta_skin: false,
  mrss: 4,
  digital_ulcers: false,
  tendon_friction_rubs: false,
  crp_mg_l: 2,
  dlco_percent_predicted: 85,
};
const score = (changes: Record<string, unknown>, variant?: string) =>
  scoreInstrument(eustarAi2017, { ...QUIET, ...changes }, variant);

describe('eustar-ai-2017 (Valentini 2017)', () => {
  it('scores 0 and inactive when nothing is active', () => {
    expect(score({})).toMatchObject({
      total: 0,
      complete: true,
      interpretation: 'inactive',
      variant: 'dichotomous',
    });
  });
  it('reaches the maximum of 10', () => {
    expect(
      score({
        delta_skin: true,
        mrss: 30,
        digital_ulcers: true,
        tendon_friction_rubs: true,
        crp_mg_l: 40,
        dlco_percent_predicted: 50,
      }).total,
    ).toBe(10);
  });
  it('counts mRSS strictly above 18', () => {
    expect(score({ mrss: 18 }).total).toBe(0);
    expect(score({ mrss: 19 }).total).toBe(1.5);
  });
  it('counts CRP strictly above 10 mg/L (1 mg/dL)', () => {
    expect(score({ crp_mg_l: 10 }).total).toBe(0);
    expect(score({ crp_mg_l: 10.1 }).total).toBe(2.25);
  });
  it('reads CRP in mg/L: 1.5 mg/dL from the labs form is 15 mg/L and counts, 1.5 taken as mg/L would not', () => {
    const crp = scoreInstrument(labs, { crp: { value: 1.5, unit: 'mg/dL' } }).crp_mg_l as number;
    expect(crp).toBe(15);
    expect(score({ crp_mg_l: crp })).toMatchObject({ total: 2.25, interpretation: 'inactive' });
    expect(score({ crp_mg_l: 1.5 }).total).toBe(0);
  });
  it('counts DLCO strictly below 70 % of predicted', () => {
    expect(score({ dlco_percent_predicted: 70 }).total).toBe(0);
    expect(score({ dlco_percent_predicted: 69.9 }).total).toBe(1);
  });
  it('is active from 2.5 inclusive', () => {
    expect(score({ delta_skin: true, dlco_percent_predicted: 60 })).toMatchObject({
      total: 2.5,
      interpretation: 'active',
    });
    expect(score({ tendon_friction_rubs: true })).toMatchObject({ total: 2.25, interpretation: 'inactive' });
    expect(score({ digital_ulcers: true, delta_skin: true })).toMatchObject({
      total: 3,
      interpretation: 'active',
    });
  });
  it('variant hybrid weighs mRSS up to 18 at 0.084 per point and above 18 at 1.5', () => {
    expect(score({ mrss: 10 }, 'hybrid').total).toBeCloseTo(0.84, 12);
    expect(score({ mrss: 18 }, 'hybrid').total).toBeCloseTo(1.512, 12);
    expect(score({ mrss: 19 }, 'hybrid').total).toBe(1.5);
    expect(score({ mrss: 0, delta_skin: true }, 'hybrid')).toMatchObject({ total: 1.5, variant: 'hybrid' });
    expect(score({ mrss: 12, tendon_friction_rubs: true }, 'hybrid').interpretation).toBe('active');
  });
  it('has no total when an item is missing, but states the activity when the missing items cannot change it', () => {
    const { dlco_percent_predicted: _d, ...noDlco } = QUIET;
    const active = scoreInstrument(eustarAi2017, { ...noDlco, tendon_friction_rubs: true, crp_mg_l: 20 });
    expect(active).toMatchObject({
      total: null,
      complete: false,
      missing: ['dlco_percent_predicted'],
      interpretation: 'active',
    });
    expect(scoreInstrument(eustarAi2017, noDlco).interpretation).toBe('inactive');
    expect(scoreInstrument(eustarAi2017, { ...noDlco, delta_skin: true }).interpretation).toBeNull();
    const { mrss: _m, ...noMrss } = QUIET;
    // Hybrid: a missing mRSS could add up to 18 × 0.084 = 1.512, so with DLCO < 70 (1) the cut-off is reachable.
    expect(scoreInstrument(eustarAi2017, noMrss, 'hybrid').interpretation).toBe('inactive');
    expect(
      scoreInstrument(eustarAi2017, { ...noMrss, dlco_percent_predicted: 50 }, 'hybrid').interpretation,
    ).toBeNull();
    expect(scoreInstrument(eustarAi2017, { dlco_percent_predicted: 'ND' })).toMatchObject({
      total: null,
      interpretation: null,
    });
  });
  it('refuses an mRSS above 51, a negative CRP and a DLCO above 200', () => {
    expect(() => score({ mrss: 52, crp_mg_l: -1, dlco_percent_predicted: 201 })).toThrow(
      expect.objectContaining({
        fields: [
          { path: 'mrss', code: 'out_of_range', message: expect.stringContaining('from 0 to 51') },
          {
            path: 'crp_mg_l',
            code: 'out_of_range',
            message: expect.stringContaining('from 0 to 1000 (mg/L)'),
          },
          {
            path: 'dlco_percent_predicted',
            code: 'out_of_range',
            message: expect.stringContaining('from 0 to 200'),
          },
        ],
      }),
    );
  });
});
