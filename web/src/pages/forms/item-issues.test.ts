import { describe, expect, it } from 'vitest';
import { demographics } from '../../../../src/core/instruments/definitions/demographics.ts';
import { treatments } from '../../../../src/core/instruments/definitions/treatments.ts';
import { emptyInput, type FormInput } from '../../lib/instrument-form.ts';
import { firstInvalidItem, itemMessages } from './item-issues.ts';

function demographicsInput(values: FormInput['values'], codes: FormInput['codes'] = {}): FormInput {
  const empty = emptyInput(demographics);
  return { values: { ...empty.values, ...values }, codes };
}

describe('messages next to the items', () => {
  const sent = demographicsInput({ sex: 'female', birth_date: '2030-01-01' });
  const refusal = {
    input: sent,
    fields: [
      { path: 'values.birth_date', message: 'must not be after mri_date' },
      { path: 'version', message: 'expected 3' },
      { path: 'values.no_such_item', message: 'unknown item' },
    ],
  };

  it('shows the validation of what is typed, keyed by path without the values. prefix', () => {
    const messages = itemMessages(demographics, sent, [{ path: 'values.sex', message: 'required' }], null);
    expect([...messages]).toEqual([['sex', ['required']]]);
  });

  it('adds what the server refused on items still holding what was sent, and nothing outside the items', () => {
    const messages = itemMessages(demographics, sent, [], refusal);
    expect([...messages]).toEqual([['birth_date', ['must not be after mri_date']]]);
  });

  it('drops the refusal of an item once it is edited, or given a missing-data code', () => {
    const edited = demographicsInput({ sex: 'female', birth_date: '1960-01-01' });
    expect(itemMessages(demographics, edited, [], refusal).size).toBe(0);
    const coded = demographicsInput({ sex: 'female', birth_date: '2030-01-01' }, { birth_date: 'UNK' });
    expect(itemMessages(demographics, coded, [], refusal).size).toBe(0);
  });

  it('keeps the refusal of an item when another item is edited', () => {
    const other = demographicsInput({ sex: 'male', birth_date: '2030-01-01' });
    expect(itemMessages(demographics, other, [], refusal).get('birth_date')).toEqual([
      'must not be after mri_date',
    ]);
  });

  it('lists the client message first and says a message both sides give only once', () => {
    const client = [
      { path: 'birth_date', message: 'must be a real calendar date' },
      { path: 'birth_date', message: 'must not be after mri_date' },
    ];
    expect(itemMessages(demographics, sent, client, refusal).get('birth_date')).toEqual([
      'must be a real calendar date',
      'must not be after mri_date',
    ]);
  });

  it('keeps messages on the fields of a repeating record under their own paths', () => {
    const rows = [{ drug: 'other', other_name: '', start_date: '', end_date: '' }];
    const input: FormInput = {
      values: { ...emptyInput(treatments).values, immunosuppressants: rows },
      codes: {},
    };
    const messages = itemMessages(
      treatments,
      input,
      [{ path: 'immunosuppressants[0].other_name', message: 'required when the drug is other' }],
      {
        input,
        fields: [{ path: 'values.immunosuppressants[0].end_date', message: 'must not be before start_date' }],
      },
    );
    expect([...messages]).toEqual([
      ['immunosuppressants[0].other_name', ['required when the drug is other']],
      ['immunosuppressants[0].end_date', ['must not be before start_date']],
    ]);
  });
});

describe('first invalid item', () => {
  it('follows the order of the form, not of the issues, and reads through record paths', () => {
    const issues = [
      { path: 'values.mri_date', message: 'required' },
      { path: 'values.birth_date', message: 'required' },
    ];
    expect(firstInvalidItem(demographics, issues)).toBe('birth_date');
    expect(
      firstInvalidItem(treatments, [{ path: 'values.vasoactive_drugs[2].drug', message: 'required' }]),
    ).toBe('vasoactive_drugs');
  });

  it('finds none when no issue is about an item', () => {
    expect(firstInvalidItem(demographics, [{ path: 'version', message: 'expected 3' }])).toBeUndefined();
  });
});
