import type { FieldIssue } from '../errors.ts';
import type { Arm } from './protocol.ts';

/**
 * What the protocol requires before a participant becomes eligible or included, computed from the stored,
 * server-scored instruments: for both arms no 7 T contraindication; for SSc an ACR/EULAR 2013 classification of
 * `ssc` and the SSc eligibility criteria; for controls the control criteria; for inclusion also a written consent.
 */
export interface StoredForm {
  status: string;
  score: Record<string, unknown> | null;
}

interface Requirement {
  instrument: string;
  arms: readonly Arm[];
  /** Null when satisfied, otherwise why not (the excluding items, or the classification). */
  check(score: Record<string, unknown>): string | null;
}

const excludingItems = (score: Record<string, unknown>): string | null => {
  if (score.eligible === true) return null;
  const reasons = Array.isArray(score.reasons) ? score.reasons.join(', ') : '';
  return reasons ? `excluded by: ${reasons}` : 'not eligible';
};

const REQUIREMENTS: readonly Requirement[] = [
  { instrument: 'mri-safety-7t', arms: ['ssc', 'control'], check: excludingItems },
  {
    instrument: 'acr-eular-2013',
    arms: ['ssc'],
    check: (score) =>
      score.classification === 'ssc'
        ? null
        : `ACR/EULAR 2013 classification is ${String(score.classification)}, not ssc`,
  },
  { instrument: 'eligibility-ssc', arms: ['ssc'], check: excludingItems },
  { instrument: 'eligibility-control', arms: ['control'], check: excludingItems },
];

const DONE = new Set(['complete', 'verified', 'locked']);

export function inclusionBlockers(input: {
  arm: Arm;
  target: 'eligible' | 'included';
  consents: number;
  forms: ReadonlyMap<string, StoredForm>;
}): FieldIssue[] {
  const blockers: FieldIssue[] = [];
  for (const requirement of REQUIREMENTS) {
    if (!requirement.arms.includes(input.arm)) continue;
    const form = input.forms.get(requirement.instrument);
    const path = `forms.${requirement.instrument}`;
    if (!form || !DONE.has(form.status) || !form.score) {
      blockers.push({ path, message: `complete the ${requirement.instrument} form first` });
      continue;
    }
    const problem = requirement.check(form.score);
    if (problem) blockers.push({ path, message: problem });
  }
  if (input.target === 'included' && input.consents === 0) {
    blockers.push({ path: 'consent', message: 'record the written informed consent first' });
  }
  return blockers;
}
