import { describe, expect, it } from 'vitest';
import { crossFormWarnings } from './cross-form-checks.ts';

const scores = new Map<string, Record<string, unknown> | null>([
  ['acr-eular-2013', { classification: 'not_classified', total: 7 }],
  ['mri-safety-7t', { complete: true, reasons: ['cardiac_pacemaker'] }],
  ['demographics', { age_years: 54 }],
]);

describe('cross-form checks of the eligibility forms', () => {
  it('warns on each restated fact that disagrees with its source form', () => {
    expect(
      crossFormWarnings(
        'eligibility-ssc',
        { meets_acr_eular_2013: true, mri_7t_contraindication: false, age_years: 45 },
        scores,
      ),
    ).toEqual([
      {
        path: 'meets_acr_eular_2013',
        code: 'mismatch',
        message: 'The acr-eular-2013 form says false; this form says true',
      },
      {
        path: 'mri_7t_contraindication',
        code: 'mismatch',
        message: 'The mri-safety-7t form says true; this form says false',
      },
      { path: 'age_years', code: 'mismatch', message: 'The demographics form says 54; this form says 45' },
    ]);
  });

  it('is silent when they agree, when the source is missing or undecided, and for other forms', () => {
    expect(
      crossFormWarnings('eligibility-control', { mri_7t_contraindication: true, age_years: 54 }, scores),
    ).toEqual([]);
    expect(crossFormWarnings('eligibility-ssc', { meets_acr_eular_2013: true }, new Map())).toEqual([]);
    expect(
      crossFormWarnings(
        'eligibility-ssc',
        { meets_acr_eular_2013: true },
        new Map([['acr-eular-2013', { classification: null }]]),
      ),
    ).toEqual([]);
    expect(crossFormWarnings('mrss', { face: 1 }, scores)).toEqual([]);
  });
});
