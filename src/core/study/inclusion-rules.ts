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

/** Why inclusion is blocked, as data, so that every client can say it in its own language. */
export type BlockerReason =
  | { kind: 'form_incomplete'; instrument: string }
  | { kind: 'excluded'; instrument: string; items: string[] }
  | { kind: 'not_classified'; instrument: string; classification: string | null }
  | { kind: 'no_consent' };

/** A blocker is a field issue (path + English message, for the API error and the audit) with its reason. */
export type InclusionBlocker = FieldIssue & { reason: BlockerReason };

interface Requirement {
  instrument: string;
  arms: readonly Arm[];
  /** Null when satisfied, otherwise why not. */
  check(instrument: string, score: Record<string, unknown>): BlockerReason | null;
}

const excludingItems = (instrument: string, score: Record<string, unknown>): BlockerReason | null =>
  score.eligible === true
    ? null
    : {
        kind: 'excluded',
        instrument,
        items: Array.isArray(score.reasons) ? score.reasons.map(String) : [],
      };

const REQUIREMENTS: readonly Requirement[] = [
  { instrument: 'mri-safety-7t', arms: ['ssc', 'control'], check: excludingItems },
  {
    instrument: 'acr-eular-2013',
    arms: ['ssc'],
    check: (instrument, score) =>
      score.classification === 'ssc'
        ? null
        : {
            kind: 'not_classified',
            instrument,
            classification: typeof score.classification === 'string' ? score.classification : null,
          },
  },
  { instrument: 'eligibility-ssc', arms: ['ssc'], check: excludingItems },
  { instrument: 'eligibility-control', arms: ['control'], check: excludingItems },
];

const DONE = new Set(['complete', 'verified', 'locked']);

/** The English wording of a reason, for API errors and the audit trail. */
export function describeBlocker(reason: BlockerReason): string {
  switch (reason.kind) {
    case 'form_incomplete':
      return `complete the ${reason.instrument} form first`;
    case 'excluded':
      return reason.items.length ? `excluded by: ${reason.items.join(', ')}` : 'not eligible';
    case 'not_classified':
      return `ACR/EULAR 2013 classification is ${String(reason.classification)}, not ssc`;
    case 'no_consent':
      return 'record the written informed consent first';
  }
}

const blocker = (path: string, reason: BlockerReason): InclusionBlocker => ({
  path,
  code: 'rule',
  message: describeBlocker(reason),
  reason,
});

export function inclusionBlockers(input: {
  arm: Arm;
  target: 'eligible' | 'included';
  consents: number;
  forms: ReadonlyMap<string, StoredForm>;
}): InclusionBlocker[] {
  const blockers: InclusionBlocker[] = [];
  for (const requirement of REQUIREMENTS) {
    if (!requirement.arms.includes(input.arm)) continue;
    const form = input.forms.get(requirement.instrument);
    const path = `forms.${requirement.instrument}`;
    if (!form || !DONE.has(form.status) || !form.score) {
      blockers.push(blocker(path, { kind: 'form_incomplete', instrument: requirement.instrument }));
      continue;
    }
    const reason = requirement.check(requirement.instrument, form.score);
    if (reason) blockers.push(blocker(path, reason));
  }
  if (input.target === 'included' && input.consents === 0) {
    blockers.push(blocker('consent', { kind: 'no_consent' }));
  }
  return blockers;
}
