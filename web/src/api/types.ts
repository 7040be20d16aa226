import type { Permission, Role } from '../../../src/core/security/roles.ts';
import type { ParticipantStatus } from '../../../src/core/study/participant-status.ts';
import type { Arm, LocalizedText } from '../../../src/core/study/protocol.ts';
import type { AuditEvent } from '../../../src/core/audit/event.ts';
import type { ChainVerification } from '../../../src/core/audit/hash-chain.ts';
import type { User } from '../../../src/core/security/user.ts';
import type {
  Consent,
  Identity,
  MriExam,
  Participant,
  StatusChange,
  Visit,
} from '../../../src/core/study/records.ts';

export {
  EXAM_STATUSES,
  VISIT_STATUSES,
  type ExamStatus,
  type VisitStatus,
} from '../../../src/core/study/records.ts';
export type { AuditEvent, Consent, Identity, Participant, User, Visit };
export type StatusHistoryEntry = StatusChange;
export type Exam = MriExam;
export type AuditVerification = ChainVerification;

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

export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ParticipantDetail {
  participant: Participant;
  allowedTransitions: ParticipantStatus[];
  statusHistory: StatusHistoryEntry[];
  consents: Consent[];
  visits: Visit[];
  exams: Exam[];
}
