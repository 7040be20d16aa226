/** Responses of the participant routes: the pseudonymous record, its history, consents, visits and exams. */
import { z } from 'zod';
import type { InclusionBlocker } from '../study/inclusion-rules.ts';
import { PARTICIPANT_STATUSES } from '../study/participant-status.ts';
import { ARMS, HANDS } from '../study/protocol.ts';
import {
  EXAM_STATUSES,
  VISIT_STATUSES,
  type Consent,
  type Identity,
  type MriExam,
  type Participant,
  type ScreeningLogEntry,
  type StatusChange,
  type Visit,
} from '../study/records.ts';
import { auditListSchema } from './audit.ts';
import { apiDate, apiDateTime, fieldIssueSchema, itemsOf, pageOf } from './common.ts';

const version = z.number().int().min(0);
const participantStatus = z.enum(PARTICIPANT_STATUSES);

export const participantSchema = z.strictObject({
  id: z.string(),
  code: z.string(),
  arm: z.enum(ARMS),
  status: participantStatus,
  fhirStatus: z.string(),
  siteCode: z.string(),
  screeningDate: apiDate,
  inclusionDate: apiDate.nullable(),
  endDate: apiDate.nullable(),
  synthetic: z.boolean(),
  version,
  createdAt: apiDateTime,
  updatedAt: apiDateTime,
}) satisfies z.ZodType<Participant>;

export const statusChangeSchema = z.strictObject({
  fromStatus: participantStatus.nullable(),
  toStatus: participantStatus,
  effectiveDate: apiDate,
  reason: z.string(),
  changedBy: z.string(),
  changedAt: apiDateTime,
}) satisfies z.ZodType<StatusChange>;

export const consentSchema = z.strictObject({
  id: z.string(),
  consentDate: apiDate,
  documentVersion: z.string(),
  withdrawnDate: apiDate.nullable(),
  version,
}) satisfies z.ZodType<Consent>;

export const visitSchema = z.strictObject({
  id: z.string(),
  visitCode: z.string(),
  plannedDate: apiDate.nullable(),
  actualDate: apiDate.nullable(),
  status: z.enum(VISIT_STATUSES),
  version,
}) satisfies z.ZodType<Visit>;

export const examSchema = z.strictObject({
  id: z.string(),
  participantId: z.string(),
  examCode: z.string(),
  acquiredAt: apiDateTime.nullable(),
  hands: z.enum(HANDS),
  scanner: z.string(),
  notes: z.string(),
  status: z.enum(EXAM_STATUSES),
  readingDueAt: apiDateTime.nullable(),
  version,
}) satisfies z.ZodType<MriExam>;

export const identitySchema = z.strictObject({
  familyName: z.string(),
  givenName: z.string(),
  birthDate: apiDate,
  hospitalRecordNumber: z.string(),
  version,
}) satisfies z.ZodType<Identity>;

export const participantPageSchema = pageOf(participantSchema);

export const participantDetailSchema = z.strictObject({
  participant: participantSchema,
  allowedTransitions: z.array(participantStatus).readonly(),
  statusHistory: z.array(statusChangeSchema),
  /** Empty for roles that may not read consents. */
  consents: z.array(consentSchema),
  visits: z.array(visitSchema),
  exams: z.array(examSchema),
});
export type ParticipantDetail = z.infer<typeof participantDetailSchema>;

/** The audit history of one participant and of everything recorded about it. */
export const participantAuditSchema = auditListSchema;

const blockerReasonSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('form_incomplete'), instrument: z.string() }),
  z.strictObject({ kind: z.literal('excluded'), instrument: z.string(), items: z.array(z.string()) }),
  z.strictObject({
    kind: z.literal('not_classified'),
    instrument: z.string(),
    classification: z.string().nullable(),
  }),
  z.strictObject({ kind: z.literal('no_consent') }),
]);
export const inclusionBlockerSchema = fieldIssueSchema.extend({
  reason: blockerReasonSchema,
}) satisfies z.ZodType<InclusionBlocker>;

export const screeningLogEntrySchema = z.strictObject({
  code: z.string(),
  arm: z.enum(ARMS),
  screeningDate: apiDate,
  status: participantStatus,
  inclusionDate: apiDate.nullable(),
  endDate: apiDate.nullable(),
  decisionReason: z.string().nullable(),
  blockers: z.array(inclusionBlockerSchema),
}) satisfies z.ZodType<ScreeningLogEntry>;
export const screeningLogSchema = itemsOf(screeningLogEntrySchema);

export type { Consent, Identity, MriExam, Participant, ScreeningLogEntry, StatusChange, Visit };
