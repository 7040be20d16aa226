import type { InclusionBlocker } from './inclusion-rules.ts';
import type { ParticipantStatus } from './participant-status.ts';
import type { Arm, Hands } from './protocol.ts';

/** The study records as the API returns them: one shape for the server, the CLI and the web app. */
export interface Participant {
  id: string;
  code: string;
  arm: Arm;
  status: ParticipantStatus;
  fhirStatus: string;
  siteCode: string;
  screeningDate: string;
  inclusionDate: string | null;
  endDate: string | null;
  synthetic: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StatusChange {
  fromStatus: ParticipantStatus | null;
  toStatus: ParticipantStatus;
  effectiveDate: string;
  reason: string;
  changedBy: string;
  changedAt: string;
}

export const VISIT_STATUSES = ['planned', 'done', 'missed'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export const EXAM_STATUSES = ['scheduled', 'acquired', 'complete'] as const;
export type ExamStatus = (typeof EXAM_STATUSES)[number];

export interface Consent {
  id: string;
  consentDate: string;
  documentVersion: string;
  withdrawnDate: string | null;
  version: number;
}

export interface Visit {
  id: string;
  visitCode: string;
  plannedDate: string | null;
  actualDate: string | null;
  status: VisitStatus;
  version: number;
}

export interface MriExam {
  id: string;
  participantId: string;
  examCode: string;
  acquiredAt: string | null;
  hands: Hands;
  scanner: string;
  notes: string;
  status: ExamStatus;
  readingDueAt: string | null;
  version: number;
}

/** Directly identifying data, kept apart from the pseudonymous participant record. */
export interface Identity {
  familyName: string;
  givenName: string;
  birthDate: string;
  hospitalRecordNumber: string;
  version: number;
}

/**
 * The screening log (ICH E6 8.3.20): everyone screened, with the outcome and, while undecided or when excluded,
 * what stands in the way according to the stored instruments.
 */
export interface ScreeningLogEntry {
  code: string;
  arm: Arm;
  screeningDate: string;
  status: ParticipantStatus;
  inclusionDate: string | null;
  endDate: string | null;
  /** The reason given with the last status change (e.g. why ineligible or withdrawn). */
  decisionReason: string | null;
  /** What the instruments say still blocks inclusion (empty once included, or when nothing does). */
  blockers: InclusionBlocker[];
}
