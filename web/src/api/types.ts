/**
 * The API's response types, re-exported from their schemas in src/core/api (the server checks its responses
 * against the same schemas in the tests), so the web app never restates a response shape.
 */
export type { AuditEvent, ChainVerification as AuditVerification } from '../../../src/core/api/audit.ts';
export type { PageOf } from '../../../src/core/api/common.ts';
export type { ExportFormatInfo, ExportFormats, ExportJob } from '../../../src/core/api/exports.ts';
export type {
  Consent,
  Identity,
  MriExam as Exam,
  Participant,
  ParticipantDetail,
  StatusChange as StatusHistoryEntry,
  Visit,
} from '../../../src/core/api/participants.ts';
export type { Session, SessionUser, User } from '../../../src/core/api/session.ts';
export type { ArmRecruitment, Dashboard, Health, Study, StudyVisit } from '../../../src/core/api/study.ts';
export {
  EXAM_STATUSES,
  VISIT_STATUSES,
  type ExamStatus,
  type VisitStatus,
} from '../../../src/core/study/records.ts';

/** A record id as the pages pass it around (route parameters arrive as text). */
export type Id = number | string;
