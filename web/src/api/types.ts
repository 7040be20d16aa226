import type { Permission, Role } from '../../../src/core/security/roles.ts';
import type { ParticipantStatus } from '../../../src/core/study/participant-status.ts';
import type { Arm, Hands, LocalizedText } from '../../../src/core/study/protocol.ts';

export type Id = number | string;

export interface Health {
  status: 'ok';
  version: string;
  demo: boolean;
}

export interface SessionUser {
  id: Id;
  username: string;
  displayName: string;
  role: Role;
}

export interface Session {
  user: SessionUser;
  permissions: Permission[];
  csrfToken: string;
}

export interface StudyVisit {
  code: string;
  label: LocalizedText;
  dayOffset: number;
  windowDays: number;
}

export interface Study {
  nctId: string;
  title: LocalizedText;
  sponsor: string;
  site: { code: string; name: string };
  targetEnrollment: number;
  readingDeadlineDays: number;
  visits: StudyVisit[];
  demo: boolean;
}

export interface ArmRecruitment {
  arm: Arm;
  target: number;
  enrolled: number;
  inScreening: number;
  total: number;
}

export interface Dashboard {
  targetEnrollment: number;
  enrolled: number;
  byArm: ArmRecruitment[];
  byStatus: Record<ParticipantStatus, number>;
  examsAcquired: number;
  readingsOverdue: number;
  /** Data queries not closed yet (open or answered). */
  openQueries?: number;
}

export interface Participant {
  id: Id;
  code: string;
  arm: Arm;
  status: ParticipantStatus;
  fhirStatus: string;
  siteCode: string;
  screeningDate: string | null;
  inclusionDate: string | null;
  endDate: string | null;
  synthetic: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface StatusHistoryEntry {
  fromStatus: ParticipantStatus | null;
  toStatus: ParticipantStatus;
  effectiveDate: string;
  reason: string | null;
  changedBy: string;
  changedAt: string;
}

export interface Consent {
  id: Id;
  consentDate: string;
  documentVersion: string;
  withdrawnDate: string | null;
  version: number;
}

export const VISIT_STATUSES = ['planned', 'done', 'missed'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export interface Visit {
  id: Id;
  visitCode: string;
  plannedDate: string | null;
  actualDate: string | null;
  status: VisitStatus;
  version: number;
}

export const EXAM_STATUSES = ['scheduled', 'acquired', 'complete'] as const;
export type ExamStatus = (typeof EXAM_STATUSES)[number];

export interface Exam {
  id: Id;
  examCode: string;
  acquiredAt: string | null;
  hands: Hands;
  scanner: string | null;
  notes: string | null;
  status: ExamStatus;
  readingDueAt: string | null;
  version: number;
}

export interface ParticipantDetail {
  participant: Participant;
  allowedTransitions: ParticipantStatus[];
  statusHistory: StatusHistoryEntry[];
  consents: Consent[];
  visits: Visit[];
  exams: Exam[];
}

export interface Identity {
  familyName: string;
  givenName: string;
  birthDate: string;
  hospitalRecordNumber: string;
  version: number;
}

export interface AuditEvent {
  seq: number;
  ts: string;
  username: string;
  role: string;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  requestId: string;
  hash: string;
}

export interface WorklistItem {
  examCode: string;
  acquiredAt: string | null;
  hands: Hands;
  scanner: string | null;
  readingDueAt: string | null;
  overdue: boolean;
}

export interface User {
  id: Id;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  version: number;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface AuditVerification {
  valid: boolean;
  events: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}
