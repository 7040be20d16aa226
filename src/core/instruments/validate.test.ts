import { describe, expect, it } from 'vitest';
import { demographics } from './definitions/demographics.ts';
import { labs } from './definitions/labs.ts';
import { mrss } from './definitions/mrss.ts';
import { treatments } from './definitions/treatments.ts';
import { completionIssues, validateItems } from './validate.ts';

const codes = (issues: readonly { path: string; code?: string }[]) => issues.map((i) => [i.path, i.code]);

describe('validation issues carry a code that says what the value missed', () => {
  it('tells the wrong kind of value, a fraction and a value out of range apart', () => {
    expect(codes(validateItems(mrss, { face: 'three' }).issues)).toEqual([['face', 'invalid_type']]);
    expect(codes(validateItems(mrss, { face: 1.5 }).issues)).toEqual([['face', 'not_an_integer']]);
    expect(codes(validateItems(mrss, { face: 4 }).issues)).toEqual([['face', 'out_of_range']]);
    expect(codes(validateItems(mrss, { nose: 1 }).issues)).toEqual([['nose', 'unknown_field']]);
  });

  it('names a unit that is not offered, a badly formed date and a missing record field', () => {
    expect(codes(validateItems(labs, { crp: { value: 2, unit: 'g/L' } }).issues)).toEqual([
      ['crp', 'invalid_option'],
    ]);
    const { issues } = validateItems(treatments, { immunosuppressants: [{ start_date: '2026-13-01' }] });
    expect(codes(issues)).toEqual([
      ['immunosuppressants[0].drug', 'required'],
      ['immunosuppressants[0].start_date', 'pattern'],
    ]);
  });

  it('marks rules across items, and items still needed to complete the form', () => {
    const { issues } = validateItems(demographics, { birth_date: '2000-01-01', mri_date: '1999-01-01' });
    expect(codes(issues)).toEqual([['mri_date', 'rule']]);
    expect(completionIssues(mrss, validateItems(mrss, {})).every((i) => i.code === 'required')).toBe(true);
  });
});
