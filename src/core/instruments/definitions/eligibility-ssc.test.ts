import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { eligibilitySsc } from './eligibility-ssc.ts';
import { COMMON_EXCLUSION, COMMON_INCLUSION, favourableAnswers } from './screening.ts';

/** A participant who meets every criterion. */
const ELIGIBLE = { ...favourableAnswers(eligibilitySsc), age_years: 54 };
const score = (changes: Record<string, unknown>) =>
  scoreInstrument(eligibilitySsc, { ...ELIGIBLE, ...changes });
const ids = (items: readonly { id: string }[]) => items.map((i) => i.id);

describe('eligibility-ssc (protocol NCT04223817)', () => {
  it('asks exactly the protocol’s SSc-arm criteria, then those common to both arms', () => {
    expect(ids(eligibilitySsc.items)).toEqual([
      'meets_acr_eular_2013',
      'followed_in_internal_medicine',
      ...ids(COMMON_INCLUSION),
      'overlap_syndrome',
      'clinical_digital_osteoarthritis',
      ...ids(COMMON_EXCLUSION),
    ]);
    expect(ELIGIBLE).toMatchObject({
      meets_acr_eular_2013: true,
      overlap_syndrome: false,
      written_consent: true,
    });
  });
  it('is eligible when every answer is favourable', () => {
    expect(score({})).toMatchObject({
      eligible: true,
      reasons: [],
      complete: true,
      total: null,
      interpretation: 'eligible',
    });
  });
  it('requires the ACR/EULAR 2013 classification', () => {
    expect(score({ meets_acr_eular_2013: false })).toMatchObject({
      eligible: false,
      reasons: ['meets_acr_eular_2013'],
      interpretation: 'not_eligible',
    });
  });
  it('requires age 18 or more (inclusive)', () => {
    expect(score({ age_years: 17 }).reasons).toEqual(['age_years']);
    expect(score({ age_years: 18 }).eligible).toBe(true);
  });
  it('excludes an overlap syndrome and clinical digital osteoarthritis', () => {
    expect(score({ overlap_syndrome: true, clinical_digital_osteoarthritis: true }).reasons).toEqual([
      'overlap_syndrome',
      'clinical_digital_osteoarthritis',
    ]);
  });
  it('requires consent and social insurance, and excludes pregnancy and protected persons', () => {
    expect(
      score({
        written_consent: false,
        social_insurance: false,
        pregnant_or_breastfeeding: true,
        under_guardianship: true,
        reinforced_protection: true,
      }).reasons,
    ).toEqual([
      'written_consent',
      'social_insurance',
      'under_guardianship',
      'reinforced_protection',
      'pregnant_or_breastfeeding',
    ]);
  });
  it('excludes a 7 T contraindication and each comfort condition', () => {
    for (const id of [
      'mri_7t_contraindication',
      'acute_cardiac_or_respiratory_failure',
      'cannot_hold_prone_position',
      'bedridden',
      'claustrophobia',
      'other_comfort_condition',
    ])
      expect(score({ [id]: true }).reasons).toEqual([id]);
  });
  it('is not yet eligible while an item is unanswered, but an excluding answer already decides', () => {
    expect(score({ claustrophobia: undefined })).toMatchObject({
      eligible: false,
      reasons: [],
      complete: false,
      missing: ['claustrophobia'],
      interpretation: 'incomplete',
    });
    expect(score({ claustrophobia: 'UNK', age_years: 16 })).toMatchObject({
      eligible: false,
      reasons: ['age_years'],
      interpretation: 'not_eligible',
    });
  });
  it('refuses an age that is not a whole number of years', () => {
    expect(() => score({ age_years: 17.5 })).toThrow(
      expect.objectContaining({
        fields: [{ path: 'age_years', code: 'not_an_integer', message: expect.stringContaining('integer') }],
      }),
    );
  });
});
