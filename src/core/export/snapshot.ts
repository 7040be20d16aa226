/**
 * Everything an export writes, loaded once (src/services/export/snapshot.ts) and handed to every format writer, so
 * no writer queries the database and every format sees the same data. In a de-identified snapshot the loader has
 * already shifted every date and timestamp tied to a participant (./date-shift.ts), dropped identifying items and
 * left `identity` null; writers never de-identify again.
 */
import type { ParticipantOutcome } from '../analysis/types.ts';
import type { SeriesSummary } from '../imaging/records.ts';
import type { FormStatus, SignatureMeaning } from '../forms/lifecycle.ts';
import type { ItemValues, MissingCode, ScoreResult } from '../instruments/types.ts';
import type { Finding } from '../reading/findings.ts';
import type { ExamReadingState, FinalKind, TaskState } from '../reading/task-state.ts';
import type { Calibration, RoiResult } from '../sodium/quantify.ts';
import type { ParticipantStatus } from '../study/participant-status.ts';
import type { Arm, Hands, StudyProtocol } from '../study/protocol.ts';
import type { ExamStatus, Identity, VisitStatus } from '../study/records.ts';

export interface ExportStudy {
  id: string;
  nctId: string;
  protocol: StudyProtocol;
  synthetic: boolean;
  siteCode: string;
  siteName: string;
}

/** A staff account, as an audit record or a signature names it (ODM AdminData lists them). */
export interface ExportUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
}

export interface ExportStatusChange {
  fromStatus: ParticipantStatus | null;
  toStatus: ParticipantStatus;
  effectiveDate: string;
  reason: string;
  changedBy: string;
  changedAt: string;
}

export interface ExportVisit {
  visitCode: string;
  plannedDate: string | null;
  actualDate: string | null;
  status: VisitStatus;
}

export interface ExportConsent {
  consentDate: string;
  documentVersion: string;
  withdrawnDate: string | null;
}

export interface ExportParticipant {
  id: string;
  code: string;
  arm: Arm;
  status: ParticipantStatus;
  siteCode: string;
  screeningDate: string;
  inclusionDate: string | null;
  endDate: string | null;
  synthetic: boolean;
  /** Days added to every date of this participant (negative; 0 in an identified export). */
  dateShiftDays: number;
  statusChanges: ExportStatusChange[];
  visits: ExportVisit[];
  consents: ExportConsent[];
  /** Only in an identified export. */
  identity: Identity | null;
}

/** One state of a form as its audit trail recorded it: a save, a verification, a signature or an unlock. */
export interface FormHistoryEntry {
  seq: number;
  at: string;
  username: string;
  role: string;
  /** `form.create`, `form.update`, `form.verify`, `form.sign` or `form.unlock`. */
  action: string;
  reason: string | null;
  status: FormStatus;
  values: ItemValues;
  missingCodes: Readonly<Record<string, MissingCode>>;
}

export interface ExportSignature {
  signedBy: string;
  signedByName: string;
  signedAt: string;
  meaning: SignatureMeaning;
}

export interface ExportForm {
  id: string;
  participantCode: string;
  visitCode: string;
  instrumentId: string;
  definitionVersion: string;
  status: FormStatus;
  variant: string | null;
  values: ItemValues;
  missingCodes: Readonly<Record<string, MissingCode>>;
  score: ScoreResult | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
  signature: ExportSignature | null;
  createdAt: string;
  updatedAt: string;
  /** Every audited state of the form, oldest first. */
  history: FormHistoryEntry[];
}

export interface ExportExam {
  id: string;
  participantCode: string;
  examCode: string;
  visitCode: string | null;
  acquiredAt: string | null;
  hands: Hands;
  scanner: string;
  status: ExamStatus;
  series: SeriesSummary[];
}

/** One radiologist's submitted read (`read`) or the adjudicator's (`adjudication`). */
export interface ExportRead {
  reader: string;
  kind: 'read' | 'adjudication';
  status: TaskState;
  findings: Finding[];
  /** Free text: flagged as such in every codebook. */
  comments: string;
  submittedAt: string | null;
}

export interface ExportReading {
  examCode: string;
  participantCode: string;
  status: ExamReadingState;
  /** The reading the analysis uses, once final. */
  final: {
    kind: FinalKind;
    findings: Finding[];
    comments: string;
    finalizedAt: string | null;
  } | null;
  reads: ExportRead[];
}

/** One ROI of the current sodium quantification of an exam. */
export interface ExportSodiumRoi extends RoiResult {
  participantCode: string;
  examCode: string;
  quantificationId: string;
  recordedAt: string;
}

/** The current sodium quantification of an exam, for the concentration maps of the BIDS export. */
export interface ExportSodiumQuantification {
  id: string;
  participantCode: string;
  examCode: string;
  recordedAt: string;
  calibration: Calibration;
  /**
   * Every input and option as recorded (src/core/sodium/report.ts): may name files outside Manus, so writers copy
   * only the fields they need.
   */
  parameters: Readonly<Record<string, unknown>>;
}

export interface ExportSnapshot {
  generatedAt: string;
  manusVersion: string;
  identified: boolean;
  study: ExportStudy;
  users: ExportUser[];
  /** In code order. */
  participants: ExportParticipant[];
  /** By participant code, visit, then instrument. */
  forms: ExportForm[];
  exams: ExportExam[];
  readings: ExportReading[];
  sodium: ExportSodiumRoi[];
  /** By exam code. */
  sodiumQuantifications: ExportSodiumQuantification[];
  /** Every participant, in code order: in the analysis set or not and why, as `manus analyze` decides it. */
  analysisSet: ParticipantOutcome[];
}
