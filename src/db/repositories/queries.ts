import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { invalid, notFound } from '../../core/errors.ts';
import { canAnswerQuery, canCloseQuery, type QueryStatus } from '../../core/forms/lifecycle.ts';
import type { DataQuery } from '../../core/forms/records.ts';
import { getInstrument } from '../../core/instruments/registry.ts';
import type { StudyProtocol } from '../../core/study/protocol.ts';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit.ts';
import type { DB, FormQueryTable } from '../schema.ts';
import type { Tx } from '../transaction.ts';
import { assertCurrentVersion, assertUpdated, nowIso } from '../versioning.ts';
import { findForm, type FormKey } from './forms.ts';

const selectQueries = (db: Kysely<DB>) =>
  db
    .selectFrom('form_query')
    .innerJoin('form_record', 'form_record.id', 'form_query.form_id')
    .innerJoin('participant', 'participant.id', 'form_record.participant_id')
    .selectAll('form_query')
    .select(['participant.code as participant_code', 'form_record.visit_code', 'form_record.instrument_id']);

type QueryRow = FormQueryTable & { participant_code: string; visit_code: string; instrument_id: string };

const toQuery = (r: QueryRow): DataQuery => ({
  id: r.id,
  formId: r.form_id,
  participantCode: r.participant_code,
  visitCode: r.visit_code,
  instrumentId: r.instrument_id,
  itemId: r.item_id,
  status: r.status as QueryStatus,
  question: r.question,
  openedBy: r.opened_by,
  openedAt: r.opened_at,
  answer: r.answer,
  answeredBy: r.answered_by,
  answeredAt: r.answered_at,
  closeNote: r.close_note,
  closedBy: r.closed_by,
  closedAt: r.closed_at,
  version: Number(r.version),
});

export interface QueryFilter {
  status?: QueryStatus | undefined;
  participantCode?: string | undefined;
  formId?: string | undefined;
}

export async function listQueries(db: Kysely<DB>, filter: QueryFilter = {}): Promise<DataQuery[]> {
  let q = selectQueries(db);
  if (filter.status) q = q.where('form_query.status', '=', filter.status);
  if (filter.participantCode) q = q.where('participant.code', '=', filter.participantCode);
  if (filter.formId) q = q.where('form_query.form_id', '=', filter.formId);
  const rows = await q.orderBy('form_query.opened_at', 'asc').execute();
  return rows.map(toQuery);
}

async function getQuery(db: Kysely<DB>, id: string): Promise<DataQuery> {
  const row = await selectQueries(db).where('form_query.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`Query ${id}`);
  return toQuery(row);
}

export async function openQuery(
  trx: Tx,
  actor: Actor,
  protocol: StudyProtocol,
  key: FormKey,
  input: { itemId: string; question: string },
): Promise<DataQuery> {
  const { record } = await findForm(trx, protocol, key);
  if (!record)
    throw invalid('Queries are raised on saved forms; this form has no data yet', [
      { path: 'instrument', code: 'not_allowed', message: 'not started' },
    ]);
  const definition = getInstrument(key.instrumentId);
  if (!definition.items.some((i) => i.id === input.itemId)) {
    throw invalid(`Unknown item ${input.itemId}`, [
      {
        path: 'itemId',
        code: 'invalid_option',
        message: `one of: ${definition.items.map((i) => i.id).join(', ')}`,
      },
    ]);
  }
  const now = nowIso();
  const id = randomUUID();
  await trx
    .insertInto('form_query')
    .values({
      id,
      form_id: record.id,
      item_id: input.itemId,
      status: 'open',
      question: input.question,
      opened_by: actor.username,
      opened_at: now,
      answer: null,
      answered_by: null,
      answered_at: null,
      close_note: null,
      closed_by: null,
      closed_at: null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const query = await getQuery(trx, id);
  await appendAudit(trx, actor, { action: 'query.open', entityType: 'query', entityId: id, after: query });
  return query;
}

async function updateQuery(
  trx: Tx,
  actor: Actor,
  id: string,
  version: number,
  action: string,
  allowed: (s: QueryStatus) => boolean,
  set: Partial<FormQueryTable>,
): Promise<DataQuery> {
  const before = await getQuery(trx, id);
  assertCurrentVersion(`Query ${id}`, version, before.version);
  if (!allowed(before.status)) {
    throw invalid(`Query is ${before.status}`, [
      { path: 'status', code: 'not_allowed', message: `a ${before.status} query cannot be changed this way` },
    ]);
  }
  const result = await trx
    .updateTable('form_query')
    .set({ ...set, version: before.version + 1, updated_at: nowIso() })
    .where('id', '=', id)
    .where('version', '=', before.version)
    .executeTakeFirst();
  assertUpdated(`Query ${id}`, result, before.version);
  const after = await getQuery(trx, id);
  await appendAudit(trx, actor, { action, entityType: 'query', entityId: id, before, after });
  return after;
}

export function answerQuery(
  trx: Tx,
  actor: Actor,
  id: string,
  input: { version: number; answer: string },
): Promise<DataQuery> {
  return updateQuery(trx, actor, id, input.version, 'query.answer', canAnswerQuery, {
    status: 'answered',
    answer: input.answer,
    answered_by: actor.username,
    answered_at: nowIso(),
  });
}

export function closeQuery(
  trx: Tx,
  actor: Actor,
  id: string,
  input: { version: number; note: string | null },
): Promise<DataQuery> {
  return updateQuery(trx, actor, id, input.version, 'query.close', canCloseQuery, {
    status: 'closed',
    close_note: input.note,
    closed_by: actor.username,
    closed_at: nowIso(),
  });
}
