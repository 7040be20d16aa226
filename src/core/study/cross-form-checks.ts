import type { FieldIssue } from '../errors.ts';
import type { ItemValues } from '../instruments/types.ts';

/**
 * The eligibility forms restate three facts that other forms establish (the ACR/EULAR classification, a 7 T
 * contraindication, the age). When the two disagree the value is saved with a warning, so the investigator or a
 * monitor can resolve it; the inclusion rules check the source forms themselves either way.
 */
type StoredScores = ReadonlyMap<string, Record<string, unknown> | null>;

interface Restatement {
  item: string;
  source: string;
  /** The value the source form implies, or undefined when it does not say (yet). */
  implied(score: Record<string, unknown>): boolean | number | undefined;
}

const RESTATEMENTS: Readonly<Record<string, readonly Restatement[]>> = {
  'eligibility-ssc': [
    {
      item: 'meets_acr_eular_2013',
      source: 'acr-eular-2013',
      implied: (s) => (typeof s.classification === 'string' ? s.classification === 'ssc' : undefined),
    },
    {
      item: 'mri_7t_contraindication',
      source: 'mri-safety-7t',
      implied: (s) => (Array.isArray(s.reasons) && s.complete === true ? s.reasons.length > 0 : undefined),
    },
    {
      item: 'age_years',
      source: 'demographics',
      implied: (s) => (typeof s.age_years === 'number' ? s.age_years : undefined),
    },
  ],
  'eligibility-control': [
    {
      item: 'mri_7t_contraindication',
      source: 'mri-safety-7t',
      implied: (s) => (Array.isArray(s.reasons) && s.complete === true ? s.reasons.length > 0 : undefined),
    },
    {
      item: 'age_years',
      source: 'demographics',
      implied: (s) => (typeof s.age_years === 'number' ? s.age_years : undefined),
    },
  ],
};

export function crossFormWarnings(
  instrument: string,
  values: ItemValues,
  scores: StoredScores,
): FieldIssue[] {
  const warnings: FieldIssue[] = [];
  for (const { item, source, implied } of RESTATEMENTS[instrument] ?? []) {
    const entered = values[item];
    const score = scores.get(source);
    if (entered === undefined || !score) continue;
    const expected = implied(score);
    if (expected !== undefined && expected !== entered) {
      warnings.push({
        path: item,
        code: 'mismatch',
        message: `The ${source} form says ${String(expected)}; this form says ${String(entered)}`,
      });
    }
  }
  return warnings;
}
