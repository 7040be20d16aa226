import { z } from 'zod';
import {
  consentSchema,
  examSchema,
  identitySchema,
  participantAuditSchema,
  participantDetailSchema,
  participantPageSchema,
  participantSchema,
  screeningLogSchema,
  visitSchema,
} from '../../core/api/participants.ts';
import { REASON_MAX_LENGTH } from '../../core/audit/reason.ts';
import { can } from '../../core/security/roles.ts';
import { allowedTransitions } from '../../core/study/participant-status.ts';
import {
  addConsent,
  addExam,
  listConsents,
  listExams,
  listVisits,
  updateExam,
  updateVisit,
} from '../../db/repositories/clinical-records.ts';
import { EXAM_STATUSES, VISIT_STATUSES } from '../../core/study/records.ts';
import { readIdentity, writeIdentity } from '../../db/repositories/identity.ts';
import { participantAuditTrail } from '../../db/repositories/participant-audit.ts';
import {
  changeParticipantStatus,
  createParticipant,
  getParticipant,
  listParticipants,
  listStatusHistory,
  updateParticipant,
} from '../../db/repositories/participants.ts';
import { screeningLog } from '../../db/repositories/screening-log.ts';
import { getStudy } from '../../db/repositories/study.ts';
import { withTransaction } from '../../db/transaction.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import {
  arm,
  hands,
  isoDate,
  isoDateTime,
  paging,
  participantCodeParams,
  participantStatus,
  reason,
  uuidParams,
  version,
} from '../schemas.ts';

const nonEmpty = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const participantRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/screening-log',
    access: 'participant.read',
    tag: 'participants',
    summary: 'Everyone screened, with the outcome and what the instruments say still blocks inclusion',
    response: screeningLogSchema,
    async handler({ db }) {
      return { items: await screeningLog(db.kysely) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/participants',
    access: 'participant.read',
    tag: 'participants',
    summary: 'List participants, filtered by code, arm and status, one page at a time',
    query: z.object({
      q: z.string().max(40).optional(),
      arm: arm.optional(),
      status: participantStatus.optional(),
      ...paging,
    }),
    response: participantPageSchema,
    async handler({ db, query }) {
      const { items, total } = await listParticipants(db.kysely, query);
      return { items, total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/participants',
    access: 'participant.create',
    tag: 'participants',
    summary: 'Screen a new participant; the server assigns the pseudonymous code',
    body: z.object({ arm, screeningDate: isoDate }),
    status: 201,
    response: participantSchema,
    async handler({ db, actor, body }) {
      return withTransaction(db, (trx) => createParticipant(trx, actor, body));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/participants/:code',
    access: 'participant.read',
    tag: 'participants',
    summary: 'One participant with status history, consents, visits and MRI exams',
    params: participantCodeParams,
    response: participantDetailSchema,
    async handler({ db, params, actor }) {
      const study = await getStudy(db.kysely);
      const participant = await getParticipant(db.kysely, params.code);
      const mayReadConsents = actor.role !== 'system' && can(actor.role, 'consent.read');
      return {
        participant,
        allowedTransitions: allowedTransitions(participant.status),
        statusHistory: await listStatusHistory(db.kysely, participant.id),
        consents: mayReadConsents ? await listConsents(db.kysely, participant.id) : [],
        visits: await listVisits(db.kysely, participant.id),
        exams: await listExams(db.kysely, participant.id, study.protocol),
      };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/participants/:code',
    access: 'participant.update',
    tag: 'participants',
    summary: 'Correct a participant; a decided participant requires a reason',
    params: participantCodeParams,
    body: z.object({ version, arm: arm.optional(), screeningDate: isoDate.optional(), reason }),
    response: participantSchema,
    async handler({ db, actor, params, body }) {
      return withTransaction(db, (trx) => updateParticipant(trx, actor, params.code, body));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/participants/:code/status',
    access: 'participant.status',
    tag: 'participants',
    summary:
      'Move a participant along its lifecycle (screening → eligible → included → completed, or withdrawn)',
    params: participantCodeParams,
    body: z.object({
      version,
      status: participantStatus,
      effectiveDate: isoDate,
      reason: nonEmpty(REASON_MAX_LENGTH),
    }),
    response: participantSchema,
    async handler({ db, actor, params, body }) {
      return withTransaction(db, (trx) => changeParticipantStatus(trx, actor, params.code, body));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/participants/:code/identity',
    access: 'identity.read',
    tag: 'identity',
    summary: 'Read the identity (audited)',
    params: participantCodeParams,
    response: identitySchema,
    async handler({ db, actor, params }) {
      return withTransaction(db, (trx) => readIdentity(trx, actor, params.code));
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/participants/:code/identity',
    access: 'identity.write',
    tag: 'identity',
    summary: 'Record (version 0) or correct (with reason) the identity',
    params: participantCodeParams,
    body: z.object({
      version,
      familyName: nonEmpty(200),
      givenName: nonEmpty(200),
      birthDate: isoDate,
      hospitalRecordNumber: nonEmpty(64),
      reason,
    }),
    response: identitySchema,
    async handler({ db, actor, params, body }) {
      return withTransaction(db, (trx) => writeIdentity(trx, actor, params.code, body));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/participants/:code/consents',
    access: 'consent.write',
    tag: 'participants',
    summary: 'Record written informed consent',
    params: participantCodeParams,
    body: z.object({ consentDate: isoDate, documentVersion: nonEmpty(40) }),
    status: 201,
    response: consentSchema,
    async handler({ db, actor, params, body }) {
      return withTransaction(db, (trx) => addConsent(trx, actor, params.code, body));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/participants/:code/exams',
    access: 'exam.write',
    tag: 'exams',
    summary: 'Register a 7 T MRI exam; it gets a blinded exam code',
    params: participantCodeParams,
    body: z.object({
      acquiredAt: isoDateTime.nullable().default(null),
      hands: hands.default('both'),
      scanner: z.string().trim().max(200).default(''),
      notes: z.string().max(4000).default(''),
    }),
    status: 201,
    response: examSchema,
    async handler({ db, actor, params, body }) {
      const study = await getStudy(db.kysely);
      return withTransaction(db, (trx) => addExam(trx, actor, params.code, study.protocol, body));
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/exams/:id',
    access: 'exam.write',
    tag: 'exams',
    summary: 'Update an MRI exam; a complete exam requires a reason',
    params: uuidParams,
    body: z.object({
      version,
      acquiredAt: isoDateTime.nullable().optional(),
      hands: hands.optional(),
      scanner: z.string().trim().max(200).optional(),
      notes: z.string().max(4000).optional(),
      status: z.enum(EXAM_STATUSES, { message: `must be one of: ${EXAM_STATUSES.join(', ')}` }).optional(),
      reason,
    }),
    response: examSchema,
    async handler({ db, actor, params, body }) {
      const study = await getStudy(db.kysely);
      return withTransaction(db, (trx) => updateExam(trx, actor, params.id, study.protocol, body));
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/visits/:id',
    access: 'visit.write',
    tag: 'participants',
    summary: 'Record a visit as done or missed; changing a recorded visit requires a reason',
    params: uuidParams,
    body: z.object({
      version,
      plannedDate: isoDate.nullable().optional(),
      actualDate: isoDate.nullable().optional(),
      status: z.enum(VISIT_STATUSES, { message: `must be one of: ${VISIT_STATUSES.join(', ')}` }).optional(),
      reason,
    }),
    response: visitSchema,
    async handler({ db, actor, params, body }) {
      return withTransaction(db, (trx) => updateVisit(trx, actor, params.id, body));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/participants/:code/audit',
    access: 'audit.read',
    tag: 'audit',
    summary: 'The audit history of a participant and of its identity, consents, visits, exams and forms',
    params: participantCodeParams,
    response: participantAuditSchema,
    async handler({ db, params }) {
      return { items: await participantAuditTrail(db.kysely, params.code) };
    },
  }),
];
