import { z } from 'zod';
import { REASON_MAX_LENGTH } from '../../core/audit/reason.ts';
import { SIGNATURE_MEANINGS } from '../../core/forms/lifecycle.ts';
import { getInstrument } from '../../core/instruments/registry.ts';
import { withoutIdentifyingItems } from '../../core/instruments/validate.ts';
import { can } from '../../core/security/roles.ts';
import { scheduledForms } from '../../core/study/protocol.ts';
import {
  findForm,
  listFormsOf,
  saveForm,
  signForm,
  unlockForm,
  verifyForm,
  type FormKey,
} from '../../db/repositories/forms.ts';
import { getParticipant } from '../../db/repositories/participants.ts';
import { answerQuery, closeQuery, listQueries, openQuery } from '../../db/repositories/queries.ts';
import { getStudy } from '../../db/repositories/study.ts';
import { withTransaction } from '../../db/transaction.ts';
import { requireSignaturePassword } from '../../services/signature.ts';
import { defineRoute, type RouteDef } from '../route.ts';
import { participantCodeParams, reason, uuidParams, version } from '../schemas.ts';

const formParams = participantCodeParams.extend({
  visit: z.string().regex(/^V\d+$/, 'must be a visit code such as V0'),
  instrument: z.string().regex(/^[a-z0-9-]+$/, 'must be an instrument id such as mrss'),
});
const formUrl = '/api/participants/:code/forms/:visit/:instrument';
const keyOf = (p: z.output<typeof formParams>): FormKey => ({
  participantCode: p.code,
  visitCode: p.visit,
  instrumentId: p.instrument,
});
const requiredText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const formRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/participants/:code/forms',
    access: 'form.read',
    tag: 'forms',
    summary:
      'The participant’s form schedule with each form’s status, score and open queries (record status dashboard)',
    params: participantCodeParams,
    async handler({ db, params }) {
      const study = await getStudy(db.kysely);
      const participant = await getParticipant(db.kysely, params.code);
      const records = await listFormsOf(db.kysely, participant.id);
      const queries = await listQueries(db.kysely, { participantCode: participant.code });
      return {
        items: scheduledForms(study.protocol, participant.arm).map((scheduled) => {
          const definition = getInstrument(scheduled.instrument);
          const record = records.find(
            (r) => r.visitCode === scheduled.visit && r.instrumentId === scheduled.instrument,
          );
          return {
            visit: scheduled.visit,
            instrument: definition.id,
            title: definition.title,
            kind: definition.kind,
            status: record?.status ?? 'not_started',
            total: record?.score?.total ?? null,
            interpretation: record?.score?.interpretation ?? null,
            warnings: record?.warnings.length ?? 0,
            openQueries: queries.filter((q) => q.formId === record?.id && q.status !== 'closed').length,
            updatedAt: record?.updatedAt ?? null,
            version: record?.version ?? 0,
          };
        }),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: formUrl,
    access: 'form.read',
    tag: 'forms',
    summary:
      'One form: stored values, missing-data codes, warnings, server-computed score, signature and queries',
    params: formParams,
    async handler({ db, params, actor }) {
      const study = await getStudy(db.kysely);
      const { definition, record: stored } = await findForm(db.kysely, study.protocol, keyOf(params));
      // Identifying items (a birth date) reach only the roles that may read identity.
      const mayReadIdentity = actor.role !== 'system' && can(actor.role, 'identity.read');
      const visible = stored && !mayReadIdentity ? withoutIdentifyingItems(definition, stored.values) : null;
      const record = stored && visible ? { ...stored, values: visible.values } : stored;
      return {
        maskedItems: visible?.masked ?? [],
        participantCode: params.code,
        visit: params.visit,
        instrument: {
          id: definition.id,
          version: definition.version,
          title: definition.title,
          kind: definition.kind,
        },
        status: record?.status ?? 'not_started',
        record,
        queries: record ? await listQueries(db.kysely, { formId: record.id }) : [],
      };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: formUrl,
    access: 'form.write',
    tag: 'forms',
    summary:
      'Save a form (version 0 creates it); complete or verified forms need a reason; locked forms refuse edits',
    params: formParams,
    body: z.object({
      version,
      values: z.record(z.string(), z.unknown()),
      variant: z.string().max(40).optional(),
      status: z.enum(['in_progress', 'complete'], { message: 'must be in_progress or complete' }),
      reason,
    }),
    async handler({ db, actor, params, body }) {
      const study = await getStudy(db.kysely);
      return withTransaction(db, (trx) => saveForm(trx, actor, study.protocol, keyOf(params), body));
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${formUrl}/verify`,
    access: 'form.verify',
    tag: 'forms',
    summary: 'Record source data verification of a complete form',
    params: formParams,
    body: z.object({ version }),
    async handler({ db, actor, params, body }) {
      const study = await getStudy(db.kysely);
      return withTransaction(db, (trx) =>
        verifyForm(trx, actor, study.protocol, keyOf(params), body.version),
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${formUrl}/sign`,
    access: 'form.sign',
    tag: 'forms',
    summary:
      'Sign and lock a form; the signer re-enters the password (21 CFR 11.200) and states the meaning (11.50)',
    params: formParams,
    body: z.object({
      version,
      password: z.string().min(1, 'enter your password to sign'),
      meaning: z.enum(SIGNATURE_MEANINGS, { message: `must be one of: ${SIGNATURE_MEANINGS.join(', ')}` }),
    }),
    async handler({ db, actor, session, params, body }) {
      const study = await getStudy(db.kysely);
      const user = session!.user;
      await requireSignaturePassword(db, actor, body.password, {
        action: 'form.sign_failed',
        reason: `wrong password signing ${params.instrument} of ${params.code}`,
        message: 'The password does not match: the form was not signed',
      });
      return withTransaction(db, (trx) =>
        signForm(
          trx,
          { ...actor, displayName: user.display_name },
          study.protocol,
          keyOf(params),
          body.version,
          body.meaning,
        ),
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${formUrl}/unlock`,
    access: 'form.unlock',
    tag: 'forms',
    summary: 'Unlock a signed form; the signature is voided and the reason audited',
    params: formParams,
    body: z.object({ version, reason: requiredText(REASON_MAX_LENGTH) }),
    async handler({ db, actor, params, body }) {
      const study = await getStudy(db.kysely);
      return withTransaction(db, (trx) =>
        unlockForm(trx, actor, study.protocol, keyOf(params), body.version, body.reason),
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${formUrl}/queries`,
    access: 'query.open',
    tag: 'queries',
    summary: 'Open a data query on one item of a form',
    params: formParams,
    body: z.object({ itemId: z.string().min(1).max(80), question: requiredText(2000) }),
    status: 201,
    async handler({ db, actor, params, body }) {
      const study = await getStudy(db.kysely);
      return withTransaction(db, (trx) => openQuery(trx, actor, study.protocol, keyOf(params), body));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/queries',
    access: 'query.read',
    tag: 'queries',
    summary: 'Data queries, filtered by status and participant',
    query: z.object({
      status: z
        .enum(['open', 'answered', 'closed'], { message: 'must be open, answered or closed' })
        .optional(),
      participant: z.string().max(20).optional(),
    }),
    async handler({ db, query }) {
      return {
        items: await listQueries(db.kysely, { status: query.status, participantCode: query.participant }),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/queries/:id/answer',
    access: 'query.answer',
    tag: 'queries',
    summary: 'Answer a data query',
    params: uuidParams,
    body: z.object({ version, answer: requiredText(2000) }),
    async handler({ db, actor, params, body }) {
      return withTransaction(db, (trx) => answerQuery(trx, actor, params.id, body));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/queries/:id/close',
    access: 'query.close',
    tag: 'queries',
    summary: 'Close a data query',
    params: uuidParams,
    body: z.object({ version, note: z.string().trim().max(2000).nullish() }),
    async handler({ db, actor, params, body }) {
      return withTransaction(db, (trx) =>
        closeQuery(trx, actor, params.id, { version: body.version, note: body.note ?? null }),
      );
    },
  }),
];
