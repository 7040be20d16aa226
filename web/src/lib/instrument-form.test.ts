import { describe, expect, it } from 'vitest';
import { demographics } from '../../../src/core/instruments/definitions/demographics.ts';
import { labs } from '../../../src/core/instruments/definitions/labs.ts';
import { mrss } from '../../../src/core/instruments/definitions/mrss.ts';
import { treatments } from '../../../src/core/instruments/definitions/treatments.ts';
import { INSTRUMENTS } from '../../../src/core/instruments/registry.ts';
import { scoreInstrument, scoreValidated } from '../../../src/core/instruments/score.ts';
import { validateItems } from '../../../src/core/instruments/validate.ts';
import {
  changedItems,
  draftOf,
  emptyInput,
  groupBySection,
  inputFromStored,
  isDigitScale,
  itemOfPath,
  parseNumber,
  rebaseInput,
  restoreDraft,
  sameInput,
  sharedHelp,
  toApiValues,
  validateInput,
  type FormInput,
} from './instrument-form.ts';

function withValues(
  input: FormInput,
  values: FormInput['values'],
  codes: FormInput['codes'] = {},
): FormInput {
  return { values: { ...input.values, ...values }, codes: { ...input.codes, ...codes } };
}

describe('form input → API values', () => {
  it('sends typed digits as numbers, missing-data codes as codes, and leaves unanswered items out', () => {
    const input = withValues(
      emptyInput(mrss),
      { face: '2', abdomen: ' 0 ', fingers_left: '' },
      { foot_left: 'ND' },
    );
    expect(toApiValues(mrss, input)).toEqual({ face: 2, abdomen: 0, foot_left: 'ND' });
  });

  it('accepts a decimal comma, and passes anything unparsable on for the shared validation to refuse', () => {
    expect(parseNumber('72,5')).toBe(72.5);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('1e3')).toBe('1e3');
    const validated = validateInput(mrss, withValues(emptyInput(mrss), { face: 'x', hand_left: '4' }));
    expect(validated.issues.map((i) => i.path)).toEqual(['face', 'hand_left']);
    expect(validated.issues[0]!.message).toContain('an integer from 0 to 3');
  });

  it('validates exactly as the server does: same issues, same warnings, same score', () => {
    const input = withValues(emptyInput(labs), {
      crp: { value: '1,5', unit: 'mg/dL' },
      nt_probnp: { value: '40000', unit: 'pg/mL' },
      troponin: { value: '2', unit: '' },
    });
    const values = toApiValues(labs, input);
    expect(values).toEqual({
      crp: { value: 1.5, unit: 'mg/dL' },
      nt_probnp: { value: 40000, unit: 'pg/mL' },
      troponin: { value: 2, unit: '' },
    });
    expect(validateInput(labs, input)).toEqual(validateItems(labs, values));
    expect(validateInput(labs, input).issues.map((i) => i.path)).toEqual(['troponin']);
    expect(validateInput(labs, input).warnings.map((w) => w.path)).toEqual(['nt_probnp']);
  });

  it('tells an unanswered list from an empty one (none) and sends record fields as typed', () => {
    const unanswered = emptyInput(treatments);
    expect(toApiValues(treatments, unanswered)).toEqual({});
    const none = withValues(unanswered, {
      immunosuppressants: [],
      vasoactive_drugs: [{ drug: 'iloprost', other_name: '', start_date: '2026-01-15', end_date: '' }],
    });
    expect(toApiValues(treatments, none)).toEqual({
      immunosuppressants: [],
      vasoactive_drugs: [{ drug: 'iloprost', start_date: '2026-01-15' }],
    });
    expect(validateInput(treatments, none).issues).toEqual([]);
  });

  it('round-trips stored values: what the server stored reads back as the same API values', () => {
    const stored = {
      immunosuppressants: [
        { drug: 'other', other_name: 'Baricitinib', start_date: '2025-02-01', end_date: null },
      ],
      vasoactive_drugs: [],
      mri_date: '2026-03-01',
    };
    const input = inputFromStored(treatments, stored, {});
    expect(toApiValues(treatments, input)).toEqual({
      immunosuppressants: [{ drug: 'other', other_name: 'Baricitinib', start_date: '2025-02-01' }],
      vasoactive_drugs: [],
      mri_date: '2026-03-01',
    });
    const codes = inputFromStored(mrss, { face: 3 }, { abdomen: 'UNK' });
    expect(toApiValues(mrss, codes)).toEqual({ face: 3, abdomen: 'UNK' });
  });

  it('previews the score the server will store', () => {
    const values = Object.fromEntries(mrss.items.map((item, i) => [item.id, String(i % 4)]));
    const input = withValues(emptyInput(mrss), values);
    const preview = scoreValidated(mrss, validateInput(mrss, input), null);
    expect(preview).toEqual(scoreInstrument(mrss, toApiValues(mrss, input)));
    expect(preview?.total).toBe(mrss.items.reduce((sum, _, i) => sum + (i % 4), 0));
  });
});

describe('drafts and conflicts', () => {
  it('merges a newer record: untouched items follow it, changed items keep what was typed', () => {
    const base = inputFromStored(mrss, { face: 1, abdomen: 1 }, {});
    const typed = withValues(base, { face: '2' });
    const newer = inputFromStored(mrss, { face: 0, abdomen: 3 }, { hand_left: 'NA' });
    const merged = rebaseInput(mrss, typed, base, newer);
    expect(toApiValues(mrss, merged)).toEqual({ face: 2, abdomen: 3, hand_left: 'NA' });
    expect(changedItems(mrss, merged, newer)).toEqual(['face']);
  });

  it('never keeps directly identifying items in a draft, and ignores malformed drafts', () => {
    const input = withValues(emptyInput(demographics), { sex: 'female', birth_date: '1970-01-02' });
    const draft = draftOf(demographics, input);
    expect(draft.values).not.toHaveProperty('birth_date');
    const base = emptyInput(demographics);
    const restored = restoreDraft(demographics, base, {
      values: { ...input.values, sex: 42 },
      codes: { mri_date: 'NOPE' },
    });
    expect(restored?.values.birth_date).toBe('');
    expect(restored?.values.sex).toBe('');
    expect(restoreDraft(demographics, base, 'junk')).toBeNull();
    expect(
      sameInput(demographics, restoreDraft(demographics, base, draft)!, withValues(base, { sex: 'female' })),
    ).toBe(true);
  });
});

describe('layout from the definitions', () => {
  it('maps issue paths to their item', () => {
    expect(itemOfPath('values.face')).toBe('face');
    expect(itemOfPath('immunosuppressants[0].drug')).toBe('immunosuppressants');
  });

  it('groups items by section, and says a help shared by a whole group once', () => {
    for (const definition of INSTRUMENTS) {
      const groups = groupBySection(definition.items);
      const grouped = groups.flatMap((g) => g.items);
      expect(new Set(grouped)).toEqual(new Set(definition.items));
      expect(grouped).toHaveLength(definition.items.length);
      expect(new Set(groups.map((g) => g.section?.en)).size).toBe(groups.length);
      for (const g of groups) {
        const order = g.items.map((i) => definition.items.indexOf(i));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }
    }
    expect(sharedHelp(mrss.items)).toEqual(mrss.items[0]!.help);
    expect(sharedHelp(labs.items)).toBeUndefined();
  });

  it('types the small ordinal scales as one digit', () => {
    expect(mrss.items.every(isDigitScale)).toBe(true);
    expect(labs.items.some(isDigitScale)).toBe(false);
  });
});
