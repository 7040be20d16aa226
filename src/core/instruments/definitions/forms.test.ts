import { describe, expect, it } from 'vitest';
import { scoreInstrument, scoreValidated } from '../score.ts';
import { validateItems } from '../validate.ts';
import { autoantibodies } from './autoantibodies.ts';
import { decimalYearsBetween, wholeYearsBetween } from './common.ts';
import { demographics } from './demographics.ts';
import { labs } from './labs.ts';
import { oralAperture } from './oral-aperture.ts';
import { organInvolvement } from './organ-involvement.ts';
import { smoking } from './smoking.ts';
import { sscHistory } from './ssc-history.ts';
import { treatments } from './treatments.ts';

describe('demographics: age in completed years at the MRI', () => {
  const age = (birth: string, mri: string) =>
    scoreInstrument(demographics, { sex: 'female', birth_date: birth, mri_date: mri }).age_years;
  it('gains the year on the birthday, not the day before', () => {
    expect(age('1980-06-15', '2020-06-14')).toBe(39);
    expect(age('1980-06-15', '2020-06-15')).toBe(40);
    expect(age('1980-12-31', '2021-01-01')).toBe(40);
  });
  it('counts a 29 February birthday from 1 March in common years', () => {
    expect(wholeYearsBetween('2000-02-29', '2023-02-28')).toBe(22);
    expect(wholeYearsBetween('2000-02-29', '2023-03-01')).toBe(23);
    expect(wholeYearsBetween('2000-02-29', '2024-02-29')).toBe(24);
  });
  it('marks the birth date identifying and refuses an MRI before birth', () => {
    expect(demographics.items.find((i) => i.id === 'birth_date')?.identifying).toBe(true);
    expect(() => age('2001-01-01', '2000-01-01')).toThrow(
      expect.objectContaining({
        fields: [{ path: 'mri_date', code: 'rule', message: 'must not be before birth_date (2001-01-01)' }],
      }),
    );
  });
  it('has no age without the birth date, and says what is missing', () => {
    expect(scoreInstrument(demographics, { sex: 'male', mri_date: '2021-03-01' })).toMatchObject({
      total: null,
      complete: false,
      missing: ['birth_date'],
      age_years: null,
    });
  });
});

describe('ssc-history: disease duration in years at the MRI', () => {
  const BASE = { cutaneous_subset: 'limited', overlap_syndrome: false, mri_date: '2021-01-01' };
  it('runs from the first non-Raynaud symptom, in days ÷ 365.25', () => {
    const result = scoreInstrument(sscHistory, { ...BASE, first_non_raynaud_symptom_date: '2020-01-01' });
    expect(result.disease_duration_years).toBe(366 / 365.25);
    expect(result).toMatchObject({ complete: true, raynaud_duration_years: null });
    expect(decimalYearsBetween('2011-01-01', '2021-01-01')).toBe(3653 / 365.25);
  });
  it('gives the Raynaud duration when its onset is known, and 0 on the day itself', () => {
    const result = scoreInstrument(sscHistory, {
      ...BASE,
      first_non_raynaud_symptom_date: '2021-01-01',
      raynaud_onset_date: '2019-07-02',
    });
    expect(result.disease_duration_years).toBe(0);
    expect(result.raynaud_duration_years).toBe(549 / 365.25);
  });
  it('refuses a symptom after the MRI and an unknown subset', () => {
    expect(() =>
      scoreInstrument(sscHistory, { ...BASE, first_non_raynaud_symptom_date: '2021-02-01' }),
    ).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ path: 'mri_date' })] }));
    expect(() => scoreInstrument(sscHistory, { ...BASE, cutaneous_subset: 'sine' })).toThrow(
      expect.objectContaining({
        fields: [
          {
            path: 'cutaneous_subset',
            code: 'invalid_option',
            message: expect.stringContaining('one of: limited, diffuse'),
          },
        ],
      }),
    );
  });
});

describe('oral-aperture', () => {
  it('reports the interlabial distance in cm as the protocol asks', () => {
    expect(scoreInstrument(oralAperture, { interlabial_distance_mm: 42 }).interlabial_distance_cm).toBe(4.2);
    expect(scoreInstrument(oralAperture, { interlabial_distance_mm: 37.5 }).interlabial_distance_cm).toBe(
      3.75,
    );
  });
  it('warns, without refusing, on a value that looks like centimetres', () => {
    expect(scoreInstrument(oralAperture, { interlabial_distance_mm: 4.2 }).warnings).toEqual([
      {
        path: 'interlabial_distance_mm',
        code: 'unusual_value',
        message: 'Unusual interlabial distance: check the value and its unit (mm)',
      },
    ]);
  });
});

describe('autoantibodies', () => {
  const NEGATIVE = {
    anticentromere: 'negative',
    anti_topoisomerase_i: 'negative',
    anti_rna_polymerase_iii: 'negative',
    anticardiolipin: 'negative',
    anti_beta2_glycoprotein_i: 'negative',
    lupus_anticoagulant: 'negative',
  };
  it('derives any SSc-specific and any antiphospholipid positivity', () => {
    expect(scoreInstrument(autoantibodies, NEGATIVE)).toMatchObject({
      complete: true,
      ssc_specific_positive: false,
      antiphospholipid_positive: false,
    });
    expect(
      scoreInstrument(autoantibodies, {
        ...NEGATIVE,
        anti_topoisomerase_i: 'positive',
        lupus_anticoagulant: 'positive',
      }),
    ).toMatchObject({ ssc_specific_positive: true, antiphospholipid_positive: true });
  });
  it('leaves positivity unknown when a test was not done and the others are negative', () => {
    expect(scoreInstrument(autoantibodies, { ...NEGATIVE, anti_rna_polymerase_iii: 'ND' })).toMatchObject({
      complete: false,
      missing: ['anti_rna_polymerase_iii'],
      ssc_specific_positive: null,
    });
    expect(
      scoreInstrument(autoantibodies, {
        ...NEGATIVE,
        anticentromere: 'positive',
        anti_rna_polymerase_iii: 'ND',
      }).ssc_specific_positive,
    ).toBe(true);
  });
});

describe('treatments', () => {
  const MRI = '2021-06-01';
  it('finds the drugs taken on the MRI date', () => {
    const result = scoreInstrument(treatments, {
      mri_date: MRI,
      immunosuppressants: [{ drug: 'methotrexate', start_date: '2019-01-15', end_date: '2020-12-31' }],
      vasoactive_drugs: [{ drug: 'nifedipine', start_date: '2018-03-01' }],
    });
    expect(result).toMatchObject({
      complete: true,
      immunosuppressant_at_mri: false,
      vasoactive_at_mri: true,
    });
  });
  it('counts a drug stopped on the MRI date, or with an unknown start, as taken; an empty list as none', () => {
    expect(
      scoreInstrument(treatments, {
        mri_date: MRI,
        immunosuppressants: [{ drug: 'other', other_name: 'belimumab', end_date: MRI }],
        vasoactive_drugs: [],
      }),
    ).toMatchObject({ immunosuppressant_at_mri: true, vasoactive_at_mri: false });
  });
  it('is unknown when the list is missing', () => {
    expect(scoreInstrument(treatments, { mri_date: MRI, vasoactive_drugs: [] })).toMatchObject({
      missing: ['immunosuppressants'],
      immunosuppressant_at_mri: null,
    });
  });
  it('refuses an end before the start, an unnamed other drug, and unknown fields', () => {
    expect(() =>
      scoreInstrument(treatments, {
        mri_date: MRI,
        immunosuppressants: [
          { drug: 'rituximab', start_date: '2020-01-01', end_date: '2019-01-01' },
          { drug: 'other' },
        ],
        vasoactive_drugs: [],
      }),
    ).toThrow(
      expect.objectContaining({
        fields: [
          {
            path: 'immunosuppressants[0].end_date',
            code: 'rule',
            message: 'must not be before start_date (2020-01-01)',
          },
          {
            path: 'immunosuppressants[1].other_name',
            code: 'required',
            message: 'required when the drug is other',
          },
        ],
      }),
    );
    expect(() =>
      scoreInstrument(treatments, { immunosuppressants: [{ drug: 'methotrexate', dose: '15 mg' }] }),
    ).toThrow(
      expect.objectContaining({ fields: [expect.objectContaining({ path: 'immunosuppressants[0].dose' })] }),
    );
  });
});

describe('labs: exact unit conversions', () => {
  const lab = (input: Record<string, unknown>) => scoreInstrument(labs, input);
  it('converts NT-proBNP and troponin to ng/mL and CRP to mg/L, exactly', () => {
    const result = lab({
      nt_probnp: { value: 125, unit: 'pg/mL' },
      troponin: { value: 14, unit: 'ng/L' },
      crp: { value: 1.5, unit: 'mg/dL' },
    });
    expect(result).toMatchObject({
      complete: true,
      nt_probnp_ng_ml: 0.125,
      troponin_ng_ml: 0.014,
      crp_mg_l: 15,
    });
  });
  it('rounds once: 9 pg/mL is the double nearest 0.009, where × 0.001 would give 0.009000000000000001', () => {
    expect(lab({ troponin: { value: 9, unit: 'pg/mL' } }).troponin_ng_ml).toBe(0.009);
    expect(9 * 0.001).not.toBe(0.009);
    expect(lab({ nt_probnp: { value: 71, unit: 'ng/L' } }).nt_probnp_ng_ml).toBe(0.071);
  });
  it('keeps canonical units as entered', () => {
    expect(
      lab({ crp: { value: 4.2, unit: 'mg/L' }, nt_probnp: { value: 0.4, unit: 'ng/mL' } }),
    ).toMatchObject({
      crp_mg_l: 4.2,
      nt_probnp_ng_ml: 0.4,
      troponin_ng_ml: null,
    });
  });
  it('stores the value as entered, with its unit', () => {
    const validated = validateItems(labs, { crp: { value: 1.5, unit: 'mg/dL' } });
    expect(validated.values.crp).toEqual({ value: 1.5, unit: 'mg/dL' });
    expect(scoreValidated(labs, validated, null)?.crp_mg_l).toBe(15);
  });
  it('refuses an unknown unit, an inherited property name as unit, and a range exceeded once converted', () => {
    for (const unit of ['mmol/L', 'constructor'])
      expect(() => lab({ crp: { value: 1, unit } })).toThrow(
        expect.objectContaining({
          fields: [
            { path: 'crp', code: 'invalid_option', message: expect.stringContaining('one of mg/L, mg/dL') },
          ],
        }),
      );
    // 150 mg/dL is 1500 mg/L, above the 1000 mg/L limit.
    expect(() => lab({ crp: { value: 150, unit: 'mg/dL' } })).toThrow(/Invalid input/);
  });
  it('warns on a value that is probably in the wrong unit', () => {
    expect(lab({ nt_probnp: { value: 40, unit: 'ng/mL' } }).warnings).toEqual([
      {
        path: 'nt_probnp',
        code: 'unusual_value',
        message: 'NT-proBNP above 35 000 pg/mL: check the value and its unit',
      },
    ]);
  });
});

describe('forms without derived values', () => {
  it('validate their items but have no score', () => {
    for (const form of [smoking, organInvolvement]) expect(form.score).toBeUndefined();
    expect(validateItems(smoking, { smoking_status: 'active', pack_years: 12 }).issues).toEqual([]);
    expect(validateItems(smoking, { smoking_status: 'occasional' }).issues).toEqual([
      {
        path: 'smoking_status',
        code: 'invalid_option',
        message: 'must be one of: active, former, never, or a missing-data code (NASK, UNK, NA, ND)',
      },
    ]);
    expect(() => scoreInstrument(organInvolvement, {})).toThrow(/form without a score/);
  });
});
