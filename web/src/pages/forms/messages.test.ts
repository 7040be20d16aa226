import { createInstance, type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { bmi } from '../../../../src/core/instruments/definitions/bmi.ts';
import { demographics } from '../../../../src/core/instruments/definitions/demographics.ts';
import { labs } from '../../../../src/core/instruments/definitions/labs.ts';
import { mrss } from '../../../../src/core/instruments/definitions/mrss.ts';
import { treatments } from '../../../../src/core/instruments/definitions/treatments.ts';
import { completionIssues, validateItems } from '../../../../src/core/instruments/validate.ts';
import en from '../../i18n/en.json';
import fr from '../../i18n/fr.json';
import { issueText, warningText } from './messages.ts';

async function translator(lng: 'en' | 'fr'): Promise<TFunction> {
  const i18n = createInstance();
  await i18n.init({
    showSupportNotice: false,
    lng,
    resources: { en: { translation: en }, fr: { translation: fr } },
    interpolation: { escapeValue: false },
  });
  return i18n.t;
}

describe('validation messages in the user’s language', () => {
  it('say what is allowed, from the item’s own range', async () => {
    const [issue] = validateItems(mrss, { face: 7 }).issues;
    expect(issueText(mrss, issue!, await translator('en'), 'en')).toBe(
      'Enter a whole number from 0 to 3. Or give a missing-data code (Alt+M).',
    );
    expect(issueText(mrss, issue!, await translator('fr'), 'fr')).toBe(
      'Saisissez un nombre entier de 0 à 3. Ou indiquez un code de donnée manquante (Alt+M).',
    );
  });

  it('name the units of a quantity and the fields of a record line', async () => {
    const t = await translator('fr');
    const [quantity] = validateItems(labs, { crp: { value: 2, unit: 'g/L' } }).issues;
    expect(issueText(labs, quantity!, t, 'fr')).toContain('mg/L, mg/dL');
    const { issues } = validateItems(treatments, { immunosuppressants: [{ start_date: '2026-13-01' }] });
    expect(issues.map((i) => issueText(treatments, i, t, 'fr'))).toEqual([
      'Obligatoire.',
      'Saisissez une date valide.',
    ]);
  });

  it('go by the code, not by the English wording', async () => {
    const t = await translator('fr');
    const reworded = { path: 'face', code: 'out_of_range' as const, message: 'any English wording' };
    expect(issueText(mrss, reworded, t, 'fr')).toMatch(/^Saisissez un nombre entier de 0 à 3/);
    const [unknown] = validateItems(mrss, { nose: 1 }).issues;
    expect(issueText(mrss, { ...unknown!, path: 'face' }, t, 'fr')).toBe(
      'Ce champ n’existe pas dans ce formulaire.',
    );
  });

  it('pass rules across items through as the definition words them', async () => {
    const [issue] = validateItems(demographics, { birth_date: '2000-01-01', mri_date: '1999-01-01' }).issues;
    expect(issueText(demographics, issue!, await translator('fr'), 'fr')).toBe(issue!.message);
  });

  it('translate the server’s refusal to complete, and soft warnings from the definition', async () => {
    const t = await translator('en');
    expect(
      issueText(
        mrss,
        { ...completionIssues(mrss, validateItems(mrss, {}))[0]!, path: 'values.face' },
        t,
        'en',
      ),
    ).toMatch(/^Needed to mark the form complete/);
    const [warning] = validateItems(bmi, { weight_kg: 250, height_cm: 170 }).warnings;
    expect(warningText(bmi, warning!, 'fr')).toBe(
      bmi.items[0]!.type === 'number' ? bmi.items[0]!.soft!.message.fr : '',
    );
  });
});
