import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { invalid, notFound, type FieldIssue } from '../../core/errors.ts';
import { inclusionBlockers } from '../../core/study/inclusion-rules.ts';
import {
  allowedTransitions,
  canTransition,
  FHIR_RESEARCH_SUBJECT_STATUS,
  participantRecordIsComplete,
  type ParticipantStatus,
} from '../../core/study/participant-status.ts';
import { participantCode, type Arm } from '../../core/study/protocol.ts';
import type { Participant, StatusChange } from '../../core/study/records.ts';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit.ts';
import { preparedQuery } from '../prepared.ts';
import type { DB, ParticipantTable } from '../schema.ts';
import type { Tx } from '../transaction.ts';
import { assertCurrentVersion, assertUpdated, nowIso, requireReasonIfComplete } from '../versioning.ts';
import { getStudy, type StudyRecord } from './study.ts';

type ParticipantRow = ParticipantTable & { site_code: string };

function toParticipant(row: ParticipantRow): Participant {
  const status = row.status as ParticipantStatus;
  return {
    id: row.id,
    code: row.code,
    arm: row.arm as Arm,
    status,
    fhirStatus: FHIR_RESEARCH_SUBJECT_STATUS[status],
    siteCode: row.site_code,
    screeningDate: row.screening_date,
    inclusionDate: row.inclusion_date,
    endDate: row.end_date,
    synthetic: row.synthetic === 1,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const baseQuery = (db: Kysely<DB>) =>
  db
    .selectFrom('participant')
    .innerJoin('site', 'site.id', 'participant.site_id')
    .selectAll('participant')
    .select('site.code as site_code');

export interface ParticipantFilter {
  q?: string | undefined;
  arm?: Arm | undefined;
  status?: ParticipantStatus | undefined;
  page: number;
  pageSize: number;
}

export async function listParticipants(
  db: Kysely<DB>,
  filter: ParticipantFilter,
): Promise<{ items: Participant[]; total: number }> {
  let q = baseQuery(db);
  // Codes are upper case; the search box should not care.
  if (filter.q)
    q = q.where(sql`lower(participant.code)`, 'like', `%${filter.q.replace(/[%_]/g, '').toLowerCase()}%`);
  if (filter.arm) q = q.where('participant.arm', '=', filter.arm);
  if (filter.status) q = q.where('participant.status', '=', filter.status);
  const counted = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await q
    .orderBy('participant.code', 'asc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { items: rows.map(toParticipant), total: Number(counted.n) };
}

const participantByCode = preparedQuery((db, { code }: { code: string }) =>
  baseQuery(db).where('participant.code', '=', code),
);

export async function findParticipant(db: Kysely<DB>, code: string): Promise<Participant | undefined> {
  const [row] = (await participantByCode(db, { code })).rows;
  return row ? toParticipant(row) : undefined;
}

export async function getParticipant(db: Kysely<DB>, code: string): Promise<Participant> {
  const participant = await findParticipant(db, code);
  if (!participant) throw notFound(`Participant ${code}`);
  return participant;
}

export async function listStatusHistory(db: Kysely<DB>, participantId: string): Promise<StatusChange[]> {
  const rows = await db
    .selectFrom('participant_status_change')
    .selectAll()
    .where('participant_id', '=', participantId)
    .orderBy('ordinal', 'asc')
    .execute();
  return rows.map((r) => ({
    fromStatus: r.from_status as ParticipantStatus | null,
    toStatus: r.to_status as ParticipantStatus,
    effectiveDate: r.effective_date,
    reason: r.reason,
    changedBy: r.changed_by,
    changedAt: r.changed_at,
  }));
}

export interface NewParticipant {
  arm: Arm;
  screeningDate: string;
  synthetic?: boolean;
}

/** Screens a new participant: allocates the next pseudonymous code and plans the protocol's visits. */
export async function createParticipant(trx: Tx, actor: Actor, input: NewParticipant): Promise<Participant> {
  const study: StudyRecord = await getStudy(trx);
  const counted = await trx
    .selectFrom('participant')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('study_id', '=', study.id)
    .executeTakeFirstOrThrow();
  const now = nowIso();
  const row: ParticipantTable = {
    id: randomUUID(),
    study_id: study.id,
    site_id: study.siteId,
    code: participantCode(study.protocol, Number(counted.n) + 1),
    arm: input.arm,
    status: 'screening',
    screening_date: input.screeningDate,
    inclusion_date: null,
    end_date: null,
    synthetic: input.synthetic ? 1 : 0,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('participant').values(row).execute();
  await trx
    .insertInto('participant_status_change')
    .values({
      id: randomUUID(),
      participant_id: row.id,
      ordinal: 1,
      from_status: null,
      to_status: 'screening',
      effective_date: input.screeningDate,
      reason: 'Screening started',
      changed_by: actor.username,
      changed_at: now,
    })
    .execute();
  const participant = toParticipant({ ...row, site_code: study.siteCode });
  await appendAudit(trx, actor, {
    action: 'participant.create',
    entityType: 'participant',
    entityId: row.id,
    after: participant,
  });
  for (const visit of study.protocol.visits) {
    const visitRow = {
      id: randomUUID(),
      participant_id: row.id,
      visit_code: visit.code,
      planned_date: null,
      actual_date: null,
      status: 'planned',
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('visit').values(visitRow).execute();
    await appendAudit(trx, actor, {
      action: 'visit.create',
      entityType: 'visit',
      entityId: visitRow.id,
      after: { participantCode: row.code, visitCode: visit.code, status: 'planned' },
    });
  }
  return participant;
}

export interface ParticipantChanges {
  version: number;
  arm?: Arm | undefined;
  screeningDate?: string | undefined;
  reason?: string | null | undefined;
}

export async function updateParticipant(
  trx: Tx,
  actor: Actor,
  code: string,
  changes: ParticipantChanges,
): Promise<Participant> {
  const before = await getParticipant(trx, code);
  assertCurrentVersion(`Participant ${code}`, changes.version, before.version);
  const reason = requireReasonIfComplete(
    `Participant ${code}`,
    participantRecordIsComplete(before.status),
    changes.reason,
  );
  const patch = {
    ...(changes.arm !== undefined ? { arm: changes.arm } : {}),
    ...(changes.screeningDate !== undefined ? { screening_date: changes.screeningDate } : {}),
  };
  return writeParticipant(trx, actor, before, patch, { action: 'participant.update', reason });
}

export interface StatusChangeRequest {
  version: number;
  status: ParticipantStatus;
  effectiveDate: string;
  reason: string;
}

export async function changeParticipantStatus(
  trx: Tx,
  actor: Actor,
  code: string,
  request: StatusChangeRequest,
): Promise<Participant> {
  const before = await getParticipant(trx, code);
  assertCurrentVersion(`Participant ${code}`, request.version, before.version);
  if (!canTransition(before.status, request.status)) {
    const allowed = allowedTransitions(before.status);
    throw invalid(`A ${before.status} participant cannot become ${request.status}`, [
      {
        path: 'status',
        code: 'not_allowed',
        message: allowed.length ? `allowed: ${allowed.join(', ')}` : `${before.status} is final`,
      },
    ]);
  }
  if (request.effectiveDate < before.screeningDate) {
    throw invalid('The status change cannot precede screening', [
      { path: 'effectiveDate', code: 'out_of_range', message: `must be on or after ${before.screeningDate}` },
    ]);
  }
  if (request.status === 'eligible' || request.status === 'included') {
    const blockers = await inclusionBlockersOf(trx, before, request.status);
    if (blockers.length) {
      throw invalid(
        `${code} cannot become ${request.status}: ${blockers.map((b) => b.message).join('; ')}`,
        blockers.map(({ path, code, message }) => ({ path, code, message })),
      );
    }
  }
  const reason = requireReasonIfComplete(`Participant ${code}`, true, request.reason) ?? '';
  const patch = {
    status: request.status,
    ...(request.status === 'included' ? { inclusion_date: request.effectiveDate } : {}),
    ...(request.status === 'withdrawn' || request.status === 'completed' || request.status === 'ineligible'
      ? { end_date: request.effectiveDate }
      : {}),
    ...(request.status === 'screening' ? { end_date: null } : {}),
  };
  const previous = await trx
    .selectFrom('participant_status_change')
    .select((eb) => eb.fn.max('ordinal').as('last'))
    .where('participant_id', '=', before.id)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('participant_status_change')
    .values({
      id: randomUUID(),
      participant_id: before.id,
      ordinal: Number(previous.last ?? 0) + 1,
      from_status: before.status,
      to_status: request.status,
      effective_date: request.effectiveDate,
      reason,
      changed_by: actor.username,
      changed_at: nowIso(),
    })
    .execute();
  return writeParticipant(trx, actor, before, patch, {
    action: `participant.status.${request.status}`,
    reason,
  });
}

/** Eligibility is computed from the stored instruments, never asserted: an excluding answer blocks with its reason. */
async function inclusionBlockersOf(
  trx: Tx,
  participant: Participant,
  target: 'eligible' | 'included',
): Promise<FieldIssue[]> {
  const forms = await trx
    .selectFrom('form_record')
    .select(['instrument_id', 'status', 'score_json'])
    .where('participant_id', '=', participant.id)
    .execute();
  const consents = await trx
    .selectFrom('consent')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('participant_id', '=', participant.id)
    .where('withdrawn_date', 'is', null)
    .executeTakeFirstOrThrow();
  return inclusionBlockers({
    arm: participant.arm,
    target,
    consents: Number(consents.n),
    forms: new Map(
      forms.map((f) => [
        f.instrument_id,
        {
          status: f.status,
          score: f.score_json ? (JSON.parse(f.score_json) as Record<string, unknown>) : null,
        },
      ]),
    ),
  });
}

async function writeParticipant(
  trx: Tx,
  actor: Actor,
  before: Participant,
  patch: Partial<Pick<ParticipantTable, 'arm' | 'screening_date' | 'status' | 'inclusion_date' | 'end_date'>>,
  audit: { action: string; reason: string | null },
): Promise<Participant> {
  const result = await trx
    .updateTable('participant')
    .set({ ...patch, version: before.version + 1, updated_at: nowIso() })
    .where('id', '=', before.id)
    .where('version', '=', before.version)
    .executeTakeFirst();
  assertUpdated(`Participant ${before.code}`, result, before.version);
  const after = await getParticipant(trx, before.code);
  await appendAudit(trx, actor, {
    action: audit.action,
    entityType: 'participant',
    entityId: before.id,
    before,
    after,
    reason: audit.reason,
  });
  return after;
}
