import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { eligibilityControl } from './eligibility-control.ts';
import { eligibilitySsc } from './eligibility-ssc.ts';
import { COMMON_EXCLUSION, COMMON_INCLUSION, favourableAnswers } from './screening.ts';

const ELIGIBLE = { ...favourableAnswers(eligibilityControl), age_years: 61 };
const score = (changes: Record<string, unknown>) =>
  scoreInstrument(eligibilityControl, { ...ELIGIBLE, ...changes });
const ids = (items: readonly { id: string }[]) => items.map((i) => i.id);

describe('eligibility-control (protocol NCT04223817)', () => {
  it('asks exactly the protocol’s control-arm criteria, sharing the general ones with the SSc arm', () => {
    expect(ids(eligibilityControl.items)).toEqual([
      'hospitalised_in_internal_medicine',
      ...ids(COMMON_INCLUSION),
      'raynaud_phenomenon',
      'history_inflammatory_rheumatism',
      'history_autoimmune_disease',
      'inflammatory_joint_symptoms_last_month',
      'clinical_osteoarthritis',
      'clinical_arthritis',
      ...ids(COMMON_EXCLUSION),
    ]);
    const ssc = new Set(ids(eligibilitySsc.items));
    expect(eligibilityControl.items.filter((i) => ssc.has(i.id))).toHaveLength(12);
    expect(ELIGIBLE).toMatchObject({ raynaud_phenomenon: false, hospitalised_in_internal_medicine: true });
  });
  it('is eligible when every answer is favourable', () => {
    expect(score({})).toMatchObject({ eligible: true, reasons: [], interpretation: 'eligible' });
  });
  it('excludes Raynaud’s phenomenon', () => {
    expect(score({ raynaud_phenomenon: true })).toMatchObject({
      eligible: false,
      reasons: ['raynaud_phenomenon'],
    });
  });
  it('excludes a history of inflammatory rheumatism or of autoimmune disease', () => {
    expect(score({ history_inflammatory_rheumatism: true }).reasons).toEqual([
      'history_inflammatory_rheumatism',
    ]);
    expect(score({ history_autoimmune_disease: true }).reasons).toEqual(['history_autoimmune_disease']);
  });
  it('excludes inflammatory joint symptoms in the previous month', () => {
    expect(score({ inflammatory_joint_symptoms_last_month: true }).reasons).toEqual([
      'inflammatory_joint_symptoms_last_month',
    ]);
  });
  it('excludes clinical signs of osteoarthritis or arthritis, listing both', () => {
    expect(score({ clinical_osteoarthritis: true, clinical_arthritis: true }).reasons).toEqual([
      'clinical_osteoarthritis',
      'clinical_arthritis',
    ]);
  });
  it('requires hospitalisation in internal medicine, age 18 or more, and consent', () => {
    expect(
      score({ hospitalised_in_internal_medicine: false, age_years: 0, written_consent: false }).reasons,
    ).toEqual(['hospitalised_in_internal_medicine', 'age_years', 'written_consent']);
    expect(score({ age_years: 18 }).eligible).toBe(true);
  });
  it('is incomplete, not eligible, while the Raynaud question is unanswered', () => {
    expect(score({ raynaud_phenomenon: null })).toMatchObject({
      eligible: false,
      reasons: [],
      missing: ['raynaud_phenomenon'],
      interpretation: 'incomplete',
    });
  });
});
