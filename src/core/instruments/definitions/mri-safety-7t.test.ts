import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../score.ts';
import { mriSafety7t } from './mri-safety-7t.ts';
import { favourableAnswers } from './screening.ts';

const SAFE = favourableAnswers(mriSafety7t);
const score = (changes: Record<string, unknown>) => scoreInstrument(mriSafety7t, { ...SAFE, ...changes });

/** The absolute contraindications the protocol lists. */
const PROTOCOL = [
  'pregnancy',
  'ocular_metallic_foreign_body',
  'cardiac_pacemaker',
  'neurostimulator_not_7t_compatible',
  'cochlear_implant',
  'electronic_device_implanted_under_6_weeks',
  'metallic_heart_valve',
  'old_cranial_vascular_clips',
];

describe('mri-safety-7t (protocol NCT04223817; Fagan 2021)', () => {
  it('clears a participant who answers no to everything', () => {
    expect(score({})).toMatchObject({
      eligible: true,
      reasons: [],
      precautions: [],
      interpretation: 'eligible',
    });
  });
  it.each(PROTOCOL)('excludes on the protocol contraindication %s', (id) => {
    expect(score({ [id]: true })).toMatchObject({
      eligible: false,
      reasons: [id],
      interpretation: 'not_eligible',
    });
  });
  it.each(['other_active_implant', 'passive_implant_not_cleared_7t', 'metallic_foreign_body_elsewhere'])(
    'excludes on the usual 7 T item %s',
    (id) => {
      expect(score({ [id]: true }).reasons).toEqual([id]);
    },
  );
  it('lists precautions without excluding', () => {
    expect(score({ tattoo_or_permanent_makeup: true, non_removable_jewellery: true })).toMatchObject({
      eligible: true,
      reasons: [],
      precautions: ['tattoo_or_permanent_makeup', 'non_removable_jewellery'],
    });
  });
  it('lists every exclusion and precaution together', () => {
    const result = score({ cardiac_pacemaker: true, pregnancy: true, transdermal_patch: true });
    expect(result).toMatchObject({
      eligible: false,
      reasons: ['pregnancy', 'cardiac_pacemaker'],
      precautions: ['transdermal_patch'],
    });
  });
  it('does not clear anyone with an unanswered question', () => {
    expect(score({ cochlear_implant: 'NASK' })).toMatchObject({
      eligible: false,
      reasons: [],
      missing: ['cochlear_implant'],
      interpretation: 'incomplete',
    });
  });
});
