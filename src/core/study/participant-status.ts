/**
 * Participant lifecycle. Codes map to FHIR R4 ResearchSubject.status
 * (http://hl7.org/fhir/R4/valueset-research-subject-status.html) for the FHIR export.
 */
export const PARTICIPANT_STATUSES = [
  'screening',
  'eligible',
  'ineligible',
  'included',
  'withdrawn',
  'completed',
] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export const FHIR_RESEARCH_SUBJECT_STATUS: Record<ParticipantStatus, string> = {
  screening: 'screening',
  eligible: 'eligible',
  ineligible: 'ineligible',
  included: 'on-study',
  withdrawn: 'withdrawn',
  completed: 'off-study',
};

/** Allowed transitions. Withdrawn and completed are terminal: a mistake there is corrected by a new record, not undone. */
const TRANSITIONS: Record<ParticipantStatus, readonly ParticipantStatus[]> = {
  screening: ['eligible', 'ineligible', 'withdrawn'],
  eligible: ['included', 'ineligible', 'withdrawn'],
  ineligible: ['screening'],
  included: ['completed', 'withdrawn'],
  withdrawn: [],
  completed: [],
};

export function allowedTransitions(from: ParticipantStatus): readonly ParticipantStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: ParticipantStatus, to: ParticipantStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Once eligibility has been decided the participant record counts as complete:
 * from then on every correction must carry a reason for the audit trail.
 */
export function participantRecordIsComplete(status: ParticipantStatus): boolean {
  return status !== 'screening' && status !== 'eligible';
}

export function isParticipantStatus(value: string): value is ParticipantStatus {
  return (PARTICIPANT_STATUSES as readonly string[]).includes(value);
}
