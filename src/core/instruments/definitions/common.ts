import type { FieldIssue } from '../../errors.ts';
import { choice, dateItem, text } from '../item-builders.ts';
import type { InstrumentDefinition, ItemValues, ScoreOutput } from '../types.ts';
import { canonicalKey, missingItems, toCanonical } from '../validate.ts';

/**
 * Pieces several definitions share: the MRI date that anchors derived ages and durations, date arithmetic,
 * and the result shape of forms whose `score` only derives values (total null, no interpretation).
 */

/** The study registration, cited for the variables and criteria it defines. */
export const protocolCitation = (part: string): string =>
  `Poitiers University Hospital. 7.0 Tesla Resonance Magnetic Imaging of the Hand in Systemic Sclerosis. ClinicalTrials.gov NCT04223817 (${part}).`;

export const mriDateItem = () =>
  dateItem('mri_date', 'Date of the 7 T MRI', "Date de l'IRM 7 T", {
    help: text(
      'Reference date for the values derived from this form',
      'Date de référence des valeurs calculées à partir de ce formulaire',
    ),
  });

export const POSITIVE_NEGATIVE = [
  choice('positive', 'Positive', 'Positif'),
  choice('negative', 'Negative', 'Négatif'),
] as const;

const dateParts = (iso: string): [number, number, number] => {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return [year, month, day];
};

/**
 * Completed years from `from` to `to` (both YYYY-MM-DD), as ages are counted: the year is gained on the anniversary.
 * Someone born on 29 February gains it on 1 March in common years (28 February is still before the anniversary).
 */
export function wholeYearsBetween(from: string, to: string): number {
  const [y1, m1, d1] = dateParts(from);
  const [y2, m2, d2] = dateParts(to);
  return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
}

const DAY_MS = 86_400_000;

/** Elapsed years as days ÷ 365.25 (the mean Julian year), the usual convention for disease duration. */
export function decimalYearsBetween(from: string, to: string): number {
  const [y1, m1, d1] = dateParts(from);
  const [y2, m2, d2] = dateParts(to);
  const days = (Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY_MS;
  return days / 365.25;
}

/** Hard issues for dates recorded in the wrong order; ISO dates compare correctly as strings. */
export function datesInOrder(
  values: ItemValues,
  pairs: readonly [earlier: string, later: string][],
): FieldIssue[] {
  return pairs.flatMap(([earlier, later]) => {
    const a = values[earlier];
    const b = values[later];
    return typeof a === 'string' && typeof b === 'string' && b < a
      ? [{ path: later, code: 'rule' as const, message: `must not be before ${earlier} (${a})` }]
      : [];
  });
}

/** The result of a form whose score only derives values: no total, no interpretation. */
export function formResult(
  definition: InstrumentDefinition,
  values: ItemValues,
  derived: Record<string, unknown>,
): ScoreOutput {
  const missing = missingItems(definition, values);
  return { total: null, complete: missing.length === 0, missing, interpretation: null, ...derived };
}

/** Each quantity item's value in its canonical unit, keyed `<item>_<unit>` (null when missing). */
export function canonicalValues(
  definition: InstrumentDefinition,
  values: ItemValues,
): Record<string, number | null> {
  const result: Record<string, number | null> = {};
  for (const item of definition.items) {
    if (item.type !== 'quantity') continue;
    const value = values[item.id];
    result[canonicalKey(item)] =
      value !== undefined && typeof value === 'object' && 'unit' in value ? toCanonical(item, value) : null;
  }
  return result;
}

/** Whether any of the items is answered `positive`: true if one is, false if all are negative, else unknown. */
export function anyPositive(values: ItemValues, ids: readonly string[]): boolean | null {
  if (ids.some((id) => values[id] === 'positive')) return true;
  return ids.every((id) => values[id] === 'negative') ? false : null;
}
